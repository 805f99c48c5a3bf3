import type { FastifyBaseLogger } from 'fastify'
import { ACCEPTS_AGENT_RELEASE } from '@smartcloudops/shared'
import type { Db } from '../db/client'
import { getDesiredHosts, nextDesiredRevision, setDesired } from '../db/queries/hosts'
import { nextOverrideExpiry } from '../db/queries/overrides'
import type { GatewayCounters } from '../gateway/counters'
import { desiredStateFrames, type DesiredFrame } from '../gateway/desired-frame'
import type { AgentSession } from '../gateway/session'
import type { Change, ChangeBus } from './change-bus'
import { desiredContent, type FleetInputs, type HostInputs } from './desired-state'
import { groupSnapshots, type DesiredHost } from './desired-state-groups'
import { loadFleetInputs } from './fleet-inputs'
import { acceptsPausedRules, forOlderAgents } from './paused-rules'

/** One frame builder and revision for many sessions, sent after the mutex is released. */
type Sends = { revision: number; frame: DesiredFrame; sessions: AgentSession[] }[]

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
  private greeting: { session: AgentSession; row: DesiredHost }[] = []
  private expiryTimer: NodeJS.Timeout | undefined
  private unsubscribe?: () => void
  private stopped = false

  constructor(
    private readonly db: Db,
    private readonly bus: ChangeBus,
    private readonly sessions: ReadonlyMap<string, AgentSession>,
    private readonly counters: GatewayCounters,
    private readonly log: FastifyBaseLogger,
    private readonly maxFrameBytes: number,
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
  greet(session: AgentSession, row: DesiredHost): void {
    this.greeting.push({ session, row })
    if (this.greeting.length > 1) return
    void this.mutex
      .run(async () => {
        const batch = this.greeting.splice(0)
        const current = batch.filter((g) => this.sessions.get(g.row.id) === g.session)
        return this.computeSnapshots(
          current.map((g) => g.row),
          'always',
        )
      })
      .then((sends) => this.send(sends))
      .catch((err) => this.log.error({ err }, 'first desired-state push failed'))
  }

  /** The current snapshot for a host (for the API), computed as it would be sent. */
  async previewFor(row: HostInputs): Promise<ReturnType<typeof desiredContent>> {
    return desiredContent(await this.fleetInputs(), { id: row.id, labels: row.labels, configPatch: row.configPatch })
  }

  /**
   * Must run inside the mutex. Computes each host's snapshot (once per distinct content, see
   * desired-state-groups.ts) and records a new revision (one for the whole call) where the content
   * differs from the last one sent; unchanged snapshots are sent again under their revision with
   * `always` (a host that just said hello), skipped with `changed`. Returns what to send: sending
   * happens outside the mutex (revisions only go up, and a session never goes back to an older one).
   */
  private async computeSnapshots(rows: readonly DesiredHost[], which: 'always' | 'changed'): Promise<Sends> {
    if (rows.length === 0) return []
    const inputs = await this.fleetInputs()
    const sends: Sends = []
    const changed: { group: ReturnType<typeof groupSnapshots>[number]; hosts: DesiredHost[] }[] = []
    for (const group of groupSnapshots(inputs, rows)) {
      const fresh = group.hosts.filter((h) => !(h.desiredHash === group.hash && h.desiredRevision > 0))
      if (fresh.length > 0) changed.push({ group, hosts: fresh })
      if (which !== 'always' || fresh.length === group.hosts.length) continue
      const isFresh = new Set(fresh)
      // Unchanged hosts keep their revision; they may hold several (one per past change).
      const byRevision = new Map<number, AgentSession[]>()
      for (const h of group.hosts) {
        if (isFresh.has(h)) continue
        const s = this.sessions.get(h.id)
        if (s) byRevision.set(h.desiredRevision, [...(byRevision.get(h.desiredRevision) ?? []), s])
      }
      for (const [revision, sessions] of byRevision) sends.push({ revision, frame: this.frames(group.content, revision, sessions), sessions })
    }
    if (changed.length === 0) return sends
    const revision = await nextDesiredRevision(this.db)
    for (const { group, hosts } of changed) {
      await setDesired(
        this.db,
        hosts.map((h) => h.id),
        revision,
        group.hash,
      )
      const sessions = hosts.map((h) => this.sessions.get(h.id)).filter((s): s is AgentSession => s !== undefined)
      if (sessions.length > 0) sends.push({ revision, frame: this.frames(group.content, revision, sessions), sessions })
    }
    return sends
  }

  private frames(content: ReturnType<typeof desiredContent>, revision: number, sessions: readonly AgentSession[]): DesiredFrame {
    const { host_id: _omitted, ...shared } = content
    const opts = { maxBytes: this.maxFrameBytes, sampleHostId: sessions[0]!.hostId }
    if (!shared.agent_release && !shared.paused_rules) return desiredStateFrames(shared, revision, opts)
    // Closed objects: an agent that does not list a field in `hello.accepts` would refuse the whole
    // snapshot, so it gets the same one without it — without `agent_release`, and with paused rules
    // disabled instead of `paused_rules` (paused-rules.ts). At most four variants, built on first use.
    const variants = new Map<string, DesiredFrame>()
    const variant = (release: boolean, paused: boolean): DesiredFrame => {
      const key = `${release}/${paused}`
      let frame = variants.get(key)
      if (!frame) {
        let c = shared
        if (!release && c.agent_release) {
          const { agent_release: _release, ...rest } = c
          c = rest
        }
        if (!paused) c = forOlderAgents(c)
        frame = desiredStateFrames(c, revision, opts)
        variants.set(key, frame)
      }
      return frame
    }
    return (hostId) => {
      const accepts = this.sessions.get(hostId)?.accepts
      return variant(accepts?.has(ACCEPTS_AGENT_RELEASE) ?? false, accepts ? acceptsPausedRules(accepts) : false)(hostId)
    }
  }

  private send(sends: Sends): void {
    for (const { revision, frame, sessions } of sends) {
      for (const session of sessions) {
        if (!session.helloDone) continue
        this.counters.desired_state_pushes_total++
        session.sendDesiredState(revision, frame)
      }
    }
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
      void this.mutex
        .run(() => this.flush())
        .then((sends) => this.send(sends))
        .catch((err) => this.log.error({ err }, 'desired-state push failed'))
    })
  }

  /** Recomputes the snapshot of every affected connected host and pushes the ones that changed. */
  private async flush(): Promise<Sends> {
    const pending = this.pending
    this.pending = undefined
    if (!pending || this.stopped) return []
    const ids = [...this.sessions.values()].filter((s) => s.helloDone && (pending === 'all' || pending.has(s.hostId))).map((s) => s.hostId)
    if (ids.length === 0) return []
    return this.computeSnapshots(await getDesiredHosts(this.db, ids), 'changed')
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
