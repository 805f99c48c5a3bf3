import type { IncomingMessage, Server } from 'node:http'
import type { Duplex } from 'node:stream'
import { and, eq, inArray } from 'drizzle-orm'
import type { FastifyBaseLogger } from 'fastify'
import { WebSocketServer, type RawData, type WebSocket } from 'ws'
import type { CommandResult, DesiredState, ServerPayload, commandNames } from '@smartcloudops/shared'
import { decodeAgentMessage } from '@smartcloudops/shared/protocol/codec'
import { errorFrameFor } from '@smartcloudops/shared/protocol/errors'
import type { AgentMessage } from '@smartcloudops/shared/protocol/messages'
import { newMessageId } from '@smartcloudops/shared/protocol/id'
import { bearer } from '../auth/tokens'
import type { Database } from '../db/client'
import { nextDesiredRevision, recordHello, setConnectionState, setDesired } from '../db/queries/hosts'
import { ingestEvent, type IngestEvent } from '../db/queries/ingest'
import { nextOverrideExpiry } from '../db/queries/overrides'
import { findHostIdByCredential } from '../db/queries/tokens'
import { commands, hosts, type HostRow } from '../db/schema'
import type { ChangeBus, Change } from '../fleet/change-bus'
import { contentHash, desiredContent, type FleetInputs } from '../fleet/desired-state'
import { loadFleetInputs } from '../fleet/fleet-inputs'
import { dispatchAlert } from '../notify/dispatch'
import { AckWriter } from './ack-writer'
import { AgentSession, type SessionLimits } from './session'

export const AGENT_WS_PATH = '/api/v1/agent/ws'

export interface GatewayOptions {
  heartbeatIntervalS: number
  maxFrameBytes: number
  limits?: Partial<SessionLimits>
  /** Malformed frames tolerated per connection before it is closed. */
  maxMalformed?: number
}

export interface GatewayCounters {
  connections_total: number
  rejected_upgrades_total: number
  malformed_frames_total: number
  events_stored_total: number
  events_duplicate_total: number
  desired_state_pushes_total: number
  slow_consumers_dropped_total: number
  ingest_errors_total: number
}

export type CommandOutcome =
  | { host_id: string; status: 'ok' | 'error'; command_id: string; result?: unknown; error?: string }
  | { host_id: string; status: 'offline' | 'timeout'; command_id?: string }

/** Serialises async work: desired-state computations must not interleave (revisions only go up). */
class Mutex {
  private tail: Promise<unknown> = Promise.resolve()
  run<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.tail.then(fn, fn)
    this.tail = next.catch(() => {})
    return next
  }
}

const eventTypes = new Set(['metrics.batch', 'decision', 'action.started', 'action.finished', 'action.verified', 'alert'])

/**
 * The agent gateway: authenticates agents at the HTTP upgrade, speaks the shared protocol, keeps
 * each connected host's desired state current, ingests events idempotently and tracks liveness.
 */
export class Gateway {
  readonly sessions = new Map<string, AgentSession>()
  readonly counters: GatewayCounters = {
    connections_total: 0,
    rejected_upgrades_total: 0,
    malformed_frames_total: 0,
    events_stored_total: 0,
    events_duplicate_total: 0,
    desired_state_pushes_total: 0,
    slow_consumers_dropped_total: 0,
    ingest_errors_total: 0,
  }
  private readonly wss: WebSocketServer
  private readonly mutex = new Mutex()
  private inputs: Promise<FleetInputs> | undefined
  private pending: Set<string> | 'all' | undefined
  private flushScheduled = false
  /** Hosts that said hello and wait for their first snapshot (handled in batches, see greet). */
  private greeting: { session: AgentSession; row: HostRow }[] = []
  private expiryTimer: NodeJS.Timeout | undefined
  private sweepTimer: NodeJS.Timeout | undefined
  private readonly waiting = new Map<string, { hostId: string; resolve: (r: CommandResult) => void }>()
  private readonly limits: SessionLimits
  private readonly maxMalformed: number
  private unsubscribe?: () => void
  private stopped = false
  private readonly acks: AckWriter

  constructor(
    private readonly database: Database,
    private readonly bus: ChangeBus,
    private readonly log: FastifyBaseLogger,
    private readonly opts: GatewayOptions,
  ) {
    this.limits = {
      softBufferBytes: 1024 * 1024,
      hardBufferBytes: 16 * 1024 * 1024,
      maxFrameBytes: opts.maxFrameBytes,
      ...opts.limits,
    }
    this.maxMalformed = opts.maxMalformed ?? 50
    this.acks = new AckWriter(database.db, log)
    this.wss = new WebSocketServer({ noServer: true, maxPayload: opts.maxFrameBytes, perMessageDeflate: false })
  }

  private get db() {
    return this.database.db
  }

  async start(server: Server): Promise<void> {
    server.on('upgrade', (req, socket, head) => void this.onUpgrade(req, socket, head))
    this.unsubscribe = this.bus.on((c) => this.onChange(c))
    const everyMs = this.opts.heartbeatIntervalS * 1000
    this.sweepTimer = setInterval(() => void this.sweep().catch((err) => this.log.error({ err }, 'liveness sweep failed')), everyMs)
    this.sweepTimer.unref()
    await this.scheduleExpiry()
  }

  async stop(): Promise<void> {
    this.stopped = true
    this.unsubscribe?.()
    if (this.sweepTimer) clearInterval(this.sweepTimer)
    if (this.expiryTimer) clearTimeout(this.expiryTimer)
    for (const s of this.sessions.values()) s.ws.terminate()
    this.wss.close()
    // Let pending writes finish before the database closes under them.
    await this.mutex.run(async () => {})
    await this.acks.flush()
  }

  // ---------------------------------------------------------------------------------------------
  // Connection

  private async onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const path = (req.url ?? '').split('?')[0]
    const refuse = (status: number, text: string) => {
      this.counters.rejected_upgrades_total++
      const body = JSON.stringify({ status: 'error', error: { code: status === 401 ? 'unauthenticated' : 'not_found', message: text } })
      socket.end(
        `HTTP/1.1 ${status} ${status === 401 ? 'Unauthorized' : 'Not Found'}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
      )
    }
    if (path !== AGENT_WS_PATH) return refuse(404, `no WebSocket endpoint at ${path}`)
    socket.on('error', () => {})
    try {
      const credential = bearer(req.headers.authorization)
      const hostId = credential ? await findHostIdByCredential(this.db, credential) : undefined
      if (!hostId) return refuse(401, credential ? 'the agent credential is not valid (unknown, revoked or decommissioned host)' : 'send "Authorization: Bearer <agent credential>"')
      this.wss.handleUpgrade(req, socket, head, (ws) => this.onConnection(ws, hostId))
    } catch (err) {
      this.log.error({ err }, 'upgrade failed')
      socket.destroy()
    }
  }

  private onConnection(ws: WebSocket, hostId: string): void {
    this.counters.connections_total++
    const log = this.log.child({ host_id: hostId })
    const session = new AgentSession(hostId, ws, log, this.limits, () => this.counters.slow_consumers_dropped_total++)
    const previous = this.sessions.get(hostId)
    if (previous) previous.drop('replaced by a newer connection of the same host', 4000)
    this.sessions.set(hostId, session)
    log.info('agent connected')

    // Inbound backpressure: frames are handled one at a time; reading pauses while many wait.
    let queue = Promise.resolve()
    let queued = 0
    ws.on('message', (data: RawData) => {
      queued++
      if (queued > 256) ws.pause()
      queue = queue
        .then(() => this.onFrame(session, data))
        .catch((err) => log.error({ err }, 'frame handling failed'))
        .finally(() => {
          queued--
          if (queued < 64 && ws.isPaused) ws.resume()
        })
    })
    ws.on('error', (err) => log.warn({ err: err.message }, 'agent socket error'))
    ws.on('close', () => {
      if (this.sessions.get(hostId) !== session) return
      this.sessions.delete(hostId)
      for (const [id, w] of this.waiting) if (w.hostId === hostId) this.waiting.delete(id)
      log.info('agent disconnected')
      if (!this.stopped) void setConnectionState(this.db, hostId, 'offline').catch((err) => log.error({ err }, 'could not mark host offline'))
    })
  }

  private async onFrame(session: AgentSession, data: RawData): Promise<void> {
    const decoded = decodeAgentMessage(data as Uint8Array | Uint8Array[], { maxBytes: this.opts.maxFrameBytes })
    if (!decoded.ok) {
      this.counters.malformed_frames_total++
      session.malformed++
      session.send('error', errorFrameFor(decoded.error))
      if (session.malformed > this.maxMalformed) session.drop('too many malformed messages', 1008)
      return
    }
    const m = decoded.message
    // A host's frames take effect in order: its queued ack is stored before its next message is handled.
    if (this.acks.has(session.hostId)) await this.acks.flush()
    session.lastSeen = Date.now()
    session.seenDirty = true
    if (session.state === 'stale') {
      session.state = 'online'
      await setConnectionState(this.db, session.hostId, 'online')
    }
    if (m.type !== 'hello' && !session.helloDone) {
      session.send('error', { code: 'hello_required', message: 'send hello first', ref_id: m.id })
      return
    }
    try {
      await this.handle(session, m)
    } catch (err) {
      this.counters.ingest_errors_total++
      session.log.error({ err, type: m.type }, 'could not handle agent message')
      session.send('error', { code: 'server_error', message: `the server could not process this ${m.type}; send it again later`, ref_id: m.id })
    }
  }

  private async handle(session: AgentSession, m: AgentMessage): Promise<void> {
    switch (m.type) {
      case 'hello': {
        const row = await recordHello(this.db, session.hostId, m.payload)
        if (!row) return session.drop('host no longer exists', 1008)
        session.monitoring = m.payload.monitoring
        session.send('welcome', { host_id: session.hostId, server_time: Date.now() })
        session.helloDone = true
        this.greet(session, row)
        return
      }
      case 'heartbeat':
        session.monitoring = m.payload.monitoring
        return
      case 'desired_state.ack':
        this.acks.add(session.hostId, m.payload)
        return
      case 'command.result': {
        const p = m.payload
        const w = this.waiting.get(p.command_id)
        await this.db
          .update(commands)
          .set({ ok: p.ok, error: p.error ?? null, result: (p.result ?? null) as never, completedAt: new Date() })
          .where(and(eq(commands.id, p.command_id), eq(commands.hostId, session.hostId)))
        if (w && w.hostId === session.hostId) {
          this.waiting.delete(p.command_id)
          w.resolve(p)
        }
        return
      }
      default: {
        if (!eventTypes.has(m.type)) return
        const outcome = await ingestEvent(this.db, session.hostId, m.id, { type: m.type, payload: m.payload } as IngestEvent)
        if (outcome === 'stored') this.counters.events_stored_total++
        else this.counters.events_duplicate_total++
        session.send('ack', { ids: [m.id] })
        if (outcome === 'stored' && m.type === 'alert') void this.deliverAlert(session.hostId, m.payload)
      }
    }
  }

  private async deliverAlert(hostId: string, a: Extract<AgentMessage, { type: 'alert' }>['payload']): Promise<void> {
    try {
      const [h] = await this.db.select({ hostname: hosts.hostname }).from(hosts).where(eq(hosts.id, hostId))
      await dispatchAlert(this.db, this.log, {
        alert_id: a.alert_id,
        host_id: hostId,
        hostname: h?.hostname ?? hostId,
        severity: a.severity,
        summary: a.summary,
        detail: a.detail,
        rule: a.rule,
        channel: a.channel,
        raised_at: new Date(a.raised_at).toISOString(),
      })
    } catch (err) {
      this.log.error({ err }, 'alert delivery failed')
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Desired state

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
  private greet(session: AgentSession, row: HostRow): void {
    this.greeting.push({ session, row })
    if (this.greeting.length > 1) return
    void this.mutex
      .run(async () => {
        const batch = this.greeting.splice(0)
        const current = batch.filter((g) => this.sessions.get(g.row.id) === g.session)
        await this.pushSnapshots(current.map((g) => g.row), 'always')
      })
      .catch((err) => this.log.error({ err }, 'first desired-state push failed'))
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
      await setDesired(this.db, group.map((g) => g.row.id), revision, hash)
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
    if (change.kind === 'overrides' || change.kind === 'expiry') void this.scheduleExpiry()
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
    const rows: HostRow[] = []
    for (let i = 0; i < ids.length; i += 1000) rows.push(...(await this.db.select().from(hosts).where(inArray(hosts.id, ids.slice(i, i + 1000)))))
    await this.pushSnapshots(rows, 'changed')
  }

  /** Wakes up when the soonest active override expires, so its end reaches agents on time. */
  private async scheduleExpiry(): Promise<void> {
    if (this.stopped) return
    const next = await nextOverrideExpiry(this.db)
    if (this.expiryTimer) clearTimeout(this.expiryTimer)
    this.expiryTimer = undefined
    if (!next) return
    const delay = Math.min(Math.max(0, next.getTime() - Date.now() + 5), 2 ** 31 - 1)
    this.expiryTimer = setTimeout(() => this.onChange({ kind: 'expiry' }), delay)
    this.expiryTimer.unref()
  }

  /** The current snapshot for a host (for the API), computed as the gateway would send it. */
  async previewFor(row: HostRow): Promise<ReturnType<typeof desiredContent>> {
    return desiredContent(await this.fleetInputs(), { id: row.id, labels: row.labels, configPatch: row.configPatch })
  }

  // ---------------------------------------------------------------------------------------------
  // Liveness

  /** Flushes last-seen times in one statement and marks silent hosts stale, then disconnects dead ones. */
  private async sweep(): Promise<void> {
    const now = Date.now()
    const beat = this.opts.heartbeatIntervalS * 1000
    const seen: string[] = []
    const stale: string[] = []
    for (const s of this.sessions.values()) {
      if (s.seenDirty) {
        s.seenDirty = false
        seen.push(s.hostId)
      }
      const silent = now - s.lastSeen
      if (silent > 10 * beat) s.drop('no heartbeat for 10 intervals', 1001)
      else if (silent > 3 * beat && s.state === 'online') {
        s.state = 'stale'
        stale.push(s.hostId)
      }
    }
    for (let i = 0; i < seen.length; i += 1000) {
      await this.db.update(hosts).set({ lastSeenAt: new Date(now) }).where(inArray(hosts.id, seen.slice(i, i + 1000)))
    }
    if (stale.length) await this.db.update(hosts).set({ connectionState: 'stale' }).where(inArray(hosts.id, stale))
  }

  // ---------------------------------------------------------------------------------------------
  // Commands

  /** Sends a command to each host and waits (up to `timeoutMs`) for the results. */
  async sendCommand(
    hostIds: string[],
    name: (typeof commandNames)[number],
    args: Record<string, unknown> | undefined,
    requestedBy: string,
    timeoutMs: number,
  ): Promise<CommandOutcome[]> {
    return Promise.all(
      hostIds.map(async (hostId): Promise<CommandOutcome> => {
        const s = this.sessions.get(hostId)
        if (!s || !s.helloDone) return { host_id: hostId, status: 'offline' }
        const command_id = newMessageId()
        await this.db.insert(commands).values({ id: command_id, hostId, name, args: args ?? null, requestedBy })
        const result = new Promise<CommandResult | undefined>((resolve) => {
          this.waiting.set(command_id, { hostId, resolve })
          setTimeout(() => {
            this.waiting.delete(command_id)
            resolve(undefined)
          }, timeoutMs).unref()
        })
        if (!s.send('command', { command_id, name, ...(args ? { args } : {}) } as unknown as ServerPayload<'command'>)) {
          this.waiting.delete(command_id)
          return { host_id: hostId, status: 'offline' }
        }
        if (timeoutMs === 0) return { host_id: hostId, status: 'timeout', command_id }
        const r = await result
        if (!r) return { host_id: hostId, status: 'timeout', command_id }
        return { host_id: hostId, status: r.ok ? 'ok' : 'error', command_id, result: r.result, error: r.error }
      }),
    )
  }

  isConnected(hostId: string): boolean {
    return this.sessions.get(hostId)?.helloDone === true
  }

  /** Disconnects a host (decommission); its credential is revoked by the caller. */
  disconnect(hostId: string, reason: string): void {
    this.sessions.get(hostId)?.drop(reason, 4001)
  }
}
