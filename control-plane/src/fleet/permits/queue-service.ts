import type { FastifyBaseLogger } from 'fastify'
import type { Database } from '../../db/client'
import { advancePermitQueue, leavePermitQueue, releaseLease, type PermitNotice, type QueueWork } from '../../db/queries/permits'
import type { AgentSession } from '../../gateway/session'

const CHANNEL = 'scops_permit_notices'
/** NOTIFY payloads are limited to 8000 bytes; a notice is at most ~900 (its detail is ≤ 500 chars). */
const NOTICES_PER_NOTIFY = 6

/**
 * The budget queue's delivery (README.md, "Queue"). Every permit transaction may leave answers
 * for agents other than the asking one (a waiter granted because a lease freed, a wait that
 * ended): each goes to the agent's own connection on this replica, or to the other replicas over
 * LISTEN/NOTIFY, where the one holding the agent sends it. A grant whose agent is gone from the
 * replica that queued it is released at once. A timer at the queue's next deadline (a wait end or
 * a lease expiry while someone waits) gives the queue its turn when no request or release does.
 */
export class PermitQueueService {
  private timer: NodeJS.Timeout | undefined
  private timerAt = Infinity
  private unlisten?: () => Promise<void>
  private stopped = false
  /**
   * Hosts that queued a request through this replica since they connected: only their
   * disconnects need the queue's transaction (waiters are stored with the replica that queued
   * them), so ordinary disconnects — every agent's, at shutdown — cost no database round trip.
   */
  private readonly queuedHosts = new Set<string>()

  constructor(
    private readonly database: Database,
    private readonly sessions: ReadonlyMap<string, AgentSession>,
    private readonly replica: string,
    private readonly log: FastifyBaseLogger,
  ) {}

  async start(): Promise<void> {
    if (!this.database.listen) return
    this.unlisten = await this.database.listen(CHANNEL, (payload) => {
      try {
        const msg = JSON.parse(payload) as { from: string; notices: PermitNotice[]; next: number | null }
        if (msg.from === this.replica) return
        for (const n of msg.notices) void this.sendHere(n)
        if (msg.next !== null) this.schedule(new Date(msg.next))
      } catch (err) {
        this.log.warn({ err }, 'ignoring an unreadable permit notice')
      }
    })
  }

  async stop(): Promise<void> {
    this.stopped = true
    if (this.timer) clearTimeout(this.timer)
    await this.unlisten?.()
  }

  /** What a permit transaction left to do: answers to deliver, the next deadline to watch. */
  async deliver(work: QueueWork): Promise<void> {
    const elsewhere: PermitNotice[] = []
    for (const n of work.notices) if (!(await this.sendHere(n))) elsewhere.push(n)
    if (this.database.notify && (elsewhere.length > 0 || work.nextDeadline)) {
      const next = work.nextDeadline?.getTime() ?? null
      for (let i = 0; i === 0 || i < elsewhere.length; i += NOTICES_PER_NOTIFY) {
        const payload = JSON.stringify({ from: this.replica, notices: elsewhere.slice(i, i + NOTICES_PER_NOTIFY), next })
        await this.database.notify(CHANNEL, payload).catch((err) => this.log.error({ err }, 'could not notify other replicas of permit answers'))
      }
    }
    if (work.nextDeadline) this.schedule(work.nextDeadline)
  }

  /** A request of this host was queued through this replica. */
  queuedHere(hostId: string): void {
    this.queuedHosts.add(hostId)
  }

  /**
   * The agent's connection here closed: its queued requests leave the queue. Not once the
   * service stopped (the database is closing): waiters left then end with their wait (≤ 60 s).
   */
  async leave(hostId: string): Promise<void> {
    if (!this.queuedHosts.delete(hostId) || this.stopped) return
    try {
      const work = await leavePermitQueue(this.database.db, hostId, this.replica)
      if (work.left > 0) this.log.info({ host_id: hostId, left: work.left }, 'disconnected agent left the budget queue')
      await this.deliver(work)
    } catch (err) {
      this.log.error({ err, host_id: hostId }, 'could not remove a disconnected agent from the budget queue')
    }
  }

  /** Sends a notice if its agent is connected here; a grant nobody can receive is given back by the replica that queued it. */
  private async sendHere(n: PermitNotice): Promise<boolean> {
    const session = this.sessions.get(n.hostId)
    if (session?.helloDone) {
      session.send('permit.answer', n.answer)
      session.log.info({ request_id: n.answer.request_id, granted: n.answer.granted }, n.answer.granted ? 'queued permit granted' : 'queued permit refused')
      return true
    }
    if (n.replica === this.replica) {
      if (n.answer.granted) {
        this.log.info({ host_id: n.hostId, lease_id: n.answer.lease_id }, 'queued permit granted to an agent no longer connected: releasing it')
        const work = await releaseLease(this.database.db, n.hostId, n.answer.lease_id).catch((err) => {
          this.log.error({ err }, 'could not release an undeliverable lease (it expires by its TTL)')
          return null
        })
        if (work) await this.deliver(work)
      }
      return true
    }
    return false
  }

  private schedule(at: Date): void {
    if (this.stopped) return
    const when = at.getTime()
    if (when >= this.timerAt) return
    if (this.timer) clearTimeout(this.timer)
    this.timerAt = when
    // Just past the deadline: a wait that ends at T is over at T (the queries compare with ≤).
    this.timer = setTimeout(() => void this.tick(), Math.max(0, when - Date.now()) + 20)
  }

  private async tick(): Promise<void> {
    this.timer = undefined
    this.timerAt = Infinity
    try {
      await this.deliver(await advancePermitQueue(this.database.db))
    } catch (err) {
      this.log.error({ err }, 'the budget queue could not take its turn; trying again in 1 s')
      this.schedule(new Date(Date.now() + 1000))
    }
  }
}
