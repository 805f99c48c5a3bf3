import type { FastifyBaseLogger } from 'fastify'
import type { Db } from '../db/client'
import { expireUnconfirmed, flushLiveness, markLive, markOffline, type SeenUpdate } from '../db/queries/connections'
import type { GatewayCounters } from '../gateway/counters'
import type { AgentSession } from '../gateway/session'

/** A host no replica has confirmed for this many heartbeat intervals is offline (its replica died). */
export const UNCONFIRMED_INTERVALS = 5

/**
 * Liveness of this replica's agents, and the repair of hosts left "online" by a replica that died.
 * Every heartbeat interval the sweep writes, in one statement per 1,000 hosts, each held host's
 * last-seen time, reported outbox and connection confirmation; marks silent hosts stale (3
 * intervals) and drops dead connections (10); then marks offline every host that no replica has
 * confirmed for UNCONFIRMED_INTERVALS (replicas share the heartbeat interval setting).
 */
export class Liveness {
  private timer: NodeJS.Timeout | undefined
  private stopped = false

  constructor(
    private readonly db: Db,
    private readonly sessions: ReadonlyMap<string, AgentSession>,
    private readonly replica: string,
    private readonly heartbeatIntervalS: number,
    private readonly counters: GatewayCounters,
    private readonly log: FastifyBaseLogger,
  ) {}

  async start(): Promise<void> {
    // A replica starting after a crash repairs what its earlier life left behind as soon as the
    // confirmations are old enough; other replicas' hosts are confirmed and stay as they are.
    await this.sweep()
    this.timer = setInterval(() => void this.sweep().catch((err) => this.log.error({ err }, 'liveness sweep failed')), this.heartbeatIntervalS * 1000)
    this.timer.unref()
  }

  /** A clean stop: every host this replica holds is marked offline before its socket closes. */
  async stop(): Promise<void> {
    this.stopped = true
    if (this.timer) clearInterval(this.timer)
    const ids = [...this.sessions.values()].filter((s) => s.helloDone).map((s) => s.hostId)
    await markOffline(this.db, ids, this.replica).catch((err) => this.log.error({ err, hosts: ids.length }, 'could not mark hosts offline at stop'))
  }

  /** A socket closed (not at stop: stop marks everything in one statement). */
  closed(hostId: string): void {
    if (this.stopped) return
    void markOffline(this.db, [hostId], this.replica).catch((err) => this.log.error({ err, host_id: hostId }, 'could not mark host offline'))
  }

  /** Any frame: the host is alive; a stale one is online again at once. */
  async heard(session: AgentSession): Promise<void> {
    session.lastSeen = Date.now()
    session.seenDirty = true
    if (session.state === 'stale') {
      session.state = 'online'
      await markLive(this.db, session.hostId, this.replica)
    }
  }

  async sweep(): Promise<void> {
    if (this.stopped) return
    const now = Date.now()
    const beat = this.heartbeatIntervalS * 1000
    const updates: SeenUpdate[] = []
    for (const s of this.sessions.values()) {
      const silent = now - s.lastSeen
      if (silent > 10 * beat) {
        s.drop('no heartbeat for 10 intervals', 1001)
        continue
      }
      if (!s.helloDone) continue
      const u: SeenUpdate = { id: s.hostId, state: s.state }
      if (s.seenDirty) {
        s.seenDirty = false
        u.lastSeen = new Date(s.lastSeen)
      }
      if (s.outboxDirty && s.outbox) {
        s.outboxDirty = false
        u.outbox = s.outbox
      }
      if (silent > 3 * beat && s.state === 'online') {
        s.state = 'stale'
        u.state = 'stale'
      }
      updates.push(u)
    }
    await flushLiveness(this.db, this.replica, updates)
    const expired = await expireUnconfirmed(this.db, UNCONFIRMED_INTERVALS * this.heartbeatIntervalS)
    this.counters.liveness_sweeps_total++
    this.counters.hosts_expired_total += expired.length
    if (expired.length) this.log.warn({ hosts: expired.length }, 'hosts no replica confirmed marked offline (a replica stopped without a goodbye)')
  }
}
