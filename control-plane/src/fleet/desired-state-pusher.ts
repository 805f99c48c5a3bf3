import type { FastifyBaseLogger } from 'fastify'
import type { DesiredState } from '@smartcloudops/shared'
import type { Db } from '../db/client'
import { getHostsByIds, nextDesiredRevision, setDesired } from '../db/queries/hosts'
import { nextOverrideExpiry } from '../db/queries/overrides'
import type { HostRow } from '../db/schema'
import type { GatewayCounters } from '../gateway/counters'
import type { AgentSession } from '../gateway/session'
import type { Change, ChangeBus } from './change-bus'
import { contentHash, desiredContent, type FleetInputs } from './desired-state'
import { loadFleetInputs } from './fleet-inputs'

/** Serialises async work: desired-state computations must not interleave (revisions only go up). */
class Mutex {
  private tail: Promise<unknown> = Promise.resolve()
  run<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.tail.then(fn, fn)
    this.tail = next.catch(() => {})
    return next
  }
}

/**
 * Keeps every connected host's desired state current: the first snapshot after hello, a new one
 * whenever a change (rules, overrides, settings, hosts, models; from any replica through the
 * change bus) alters what a host should run, and the end of an override at its expiry time.
 */
export class DesiredStatePusher {
  private readonly mutex = new Mutex()
  private inputs: Promise<FleetInputs> | undefined
  private pending: Set<string> | 'all' | undefined
  private flushScheduled = false
  /** Hosts that said hello and wait for their first snapshot (handled in batches, see greet). */
  private greeting: { session: AgentSession; row: HostRow }[] = []
  private expiryTimer: NodeJS.Timeout | undefined
  private unsubscribe?: () => void
  private stopped = false

  constructor(
    private readonly db: Db,
    private readonly bus: ChangeBus,
    private readonly sessions: ReadonlyMap<string, AgentSession>,
    private readonly counters: GatewayCounters,
    private readonly log: FastifyBaseLogger,
  ) {}

  async start(): Promise<void> {
    this.unsubscribe = this.bus.on((c) => this.onChange(c))
    await this.scheduleExpiry()
  }

  /** Stops reacting to changes; resolves when the push under way (if any) is written. */
  async stop(): Promise<void> {
    this.stopped = true
    this.unsubscribe?.()
    if (this.expiryTimer) clearTimeout(this.expiryTimer)
    await this.mutex.run(async () => {})
  }

  private fleetInputs(): Promise<FleetInputs> {
    this.inputs ??= loadFleetInputs(this.db).catch((err) => {
      this.inputs = undefined
      throw err
    })
    return this.inputs
  }

  /**
   * Queues a host's first snapshot after its hello. Everything queued by the time the mutex is free
   * goes out together, with one revision for all whose content changed: when a whole fleet
   * reconnects (a control-plane restart), that is a few statements, not two per host in turn.
   */
  greet(session: AgentSession, row: HostRow): void {
    this.greeting.push({ session, row })
    if (this.greeting.length > 1) return
    void this.mutex
      .run(async () => {
        const batch = this.greeting.splice(0)
        const current = batch.filter((g) => this.sessions.get(g.row.id) === g.session)
        await this.pushSnapshots(
          current.map((g) => g.row),
          'always',
        )
      })
      .catch((err) => this.log.error({ err }, 'first desired-state push failed'))
  }

  /** The current snapshot for a host (for the API), computed as it would be sent. */
  async previewFor(row: HostRow): Promise<ReturnType<typeof desiredContent>> {
    return desiredContent(await this.fleetInputs(), { id: row.id, labels: row.labels, configPatch: row.configPatch })
  }

  /**
   * Must run inside the mutex. Computes each host's snapshot and pushes it to its session: a new
   * revision (one for the whole call) only where the content differs from the last one sent;
   * unchanged snapshots are pushed again under their revision with `always` (a host that just
   * said hello), skipped with `changed`.
   */
  private async pushSnapshots(rows: readonly HostRow[], which: 'always' | 'changed'): Promise<void> {
    const inputs = await this.fleetInputs()
    const changed = new Map<string, { row: HostRow; content: ReturnType<typeof desiredContent> }[]>()
    for (const row of rows) {
      const content = desiredContent(inputs, { id: row.id, labels: row.labels, configPatch: row.configPatch })
      const hash = contentHash({ ...content, host_id: '' })
      if (hash === row.desiredHash && row.desiredRevision > 0) {
        const s = which === 'always' ? this.sessions.get(row.id) : undefined
        if (s) this.push(s, { ...content, revision: row.desiredRevision })
        continue
      }
      const group = changed.get(hash) ?? []
      group.push({ row, content })
      changed.set(hash, group)
    }
    if (changed.size === 0) return
    const revision = await nextDesiredRevision(this.db)
    for (const [hash, group] of changed) {
      await setDesired(
        this.db,
        group.map((g) => g.row.id),
        revision,
        hash,
      )
      for (const { row, content } of group) {
        const s = this.sessions.get(row.id)
        if (s) this.push(s, { ...content, revision })
      }
    }
  }

  private push(session: AgentSession, ds: DesiredState): void {
    if (!session.helloDone) return
    this.counters.desired_state_pushes_total++
    session.sendDesiredState(ds)
  }

  private onChange(change: Change): void {
    this.inputs = undefined
    if (change.kind === 'overrides' || change.kind === 'expiry') void this.scheduleExpiry().catch((err) => this.log.error({ err }, 'could not schedule the next override expiry'))
    if (change.hostIds && this.pending !== 'all') {
      this.pending ??= new Set()
      for (const id of change.hostIds) this.pending.add(id)
    } else {
      this.pending = 'all'
    }
    if (this.flushScheduled) return
    this.flushScheduled = true
    // Coalesce a burst of changes (a bulk API call) into one recomputation.
    setImmediate(() => {
      this.flushScheduled = false
      void this.mutex.run(() => this.flush()).catch((err) => this.log.error({ err }, 'desired-state push failed'))
    })
  }

  /** Recomputes the snapshot of every affected connected host and pushes the ones that changed. */
  private async flush(): Promise<void> {
    const pending = this.pending
    this.pending = undefined
    if (!pending || this.stopped) return
    const ids = [...this.sessions.values()].filter((s) => s.helloDone && (pending === 'all' || pending.has(s.hostId))).map((s) => s.hostId)
    if (ids.length === 0) return
    await this.pushSnapshots(await getHostsByIds(this.db, ids), 'changed')
  }

  /** Wakes up when the soonest active override expires, so its end reaches agents on time. */
  private async scheduleExpiry(): Promise<void> {
    if (this.stopped) return
    const next = await nextOverrideExpiry(this.db)
    if (this.expiryTimer) clearTimeout(this.expiryTimer)
    this.expiryTimer = undefined
    if (!next || this.stopped) return
    const delay = Math.min(Math.max(0, next.getTime() - Date.now() + 5), 2 ** 31 - 1)
    this.expiryTimer = setTimeout(() => this.onChange({ kind: 'expiry' }), delay)
    this.expiryTimer.unref()
  }
}
