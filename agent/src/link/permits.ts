import type { Logger } from 'pino'
import type { AgentMessageType, AgentPayload, PermitAnswer, PermitQueued, PermitRequest } from '@smartcloudops/shared'
import { newMessageId } from '@smartcloudops/shared/protocol/id'

/** No answer: why the permit could not be asked (the budget gate then applies the offline policy). */
export interface PermitOffline {
  offline: string
}

export interface AskOptions {
  /** Wait up to this long in a full budget's queue (permit.request.v2); absent or 0: never wait. */
  waitS?: number
  /** The control plane queued the request: the answer comes later (up to wait_until). */
  onQueued?(q: PermitQueued): void
}

/**
 * After `permit.queued`, how long past the control plane's `wait_until` the agent still waits for
 * its answer (a grant decided just before the end, crossing the network) before it records the
 * wait as ended without one. Never an "offline" answer: the budget was known to be full.
 */
const QUEUED_GRACE_MS = 5_000

/**
 * Permit requests over the live connection (never through the outbox: a late permit is worth
 * nothing). Each request waits at most `timeoutMs` for its answer; not connected, no answer in
 * time, or `unavailable` all come back as offline, so the host's local policy decides. Answers
 * arrive out of band — connection.ts hands `permit.answer` here before the in-order message
 * chain, since a `trigger` command being handled in that chain may be the one waiting for it.
 * A request that may wait (`waitS`) and is queued waits until the control plane's wait_until
 * (plus a grace) for its one answer; a connection lost meanwhile ends it there (the control plane
 * took it out of the queue when the connection closed).
 */
export class PermitClient {
  private readonly pending = new Map<string, { done: (a: PermitAnswer | PermitOffline) => void; queued: (q: PermitQueued) => void }>()

  constructor(
    private readonly send: <T extends AgentMessageType>(type: T, payload: AgentPayload<T>) => boolean,
    private readonly log: Logger,
    private readonly timeoutMs = 10_000,
  ) {}

  ask(req: Omit<PermitRequest, 'request_id'>, signal: AbortSignal, opts: AskOptions = {}): Promise<PermitAnswer | PermitOffline> {
    const requestId = newMessageId()
    return new Promise((resolve) => {
      const t: { timer?: NodeJS.Timeout } = {}
      const arm = (ms: number, onTimeout: () => void) => {
        if (t.timer) clearTimeout(t.timer)
        t.timer = setTimeout(onTimeout, ms)
        t.timer.unref()
      }
      const done = (r: PermitAnswer | PermitOffline) => {
        if (t.timer) clearTimeout(t.timer)
        signal.removeEventListener('abort', onAbort)
        this.pending.delete(requestId)
        resolve(r)
      }
      const onAbort = () => done({ offline: 'the agent is stopping' })
      if (signal.aborted) return onAbort()
      signal.addEventListener('abort', onAbort, { once: true })
      const queued = (q: PermitQueued) => {
        const since = Date.now()
        opts.onQueued?.(q)
        arm(Math.max(0, q.wait_until - Date.now()) + QUEUED_GRACE_MS, () => {
          const waited = Math.round((Date.now() - since) / 100) / 10
          done({ request_id: requestId, granted: false, reason: 'budget', name: q.name, holders: q.holders, detail: `waited ${waited} s in the queue of budget "${q.name}" and heard no answer (connection lost?); wait ended` })
        })
      }
      this.pending.set(requestId, { done, queued })
      const waitS = opts.waitS ?? 0
      const sent = waitS > 0 ? this.send('permit.request.v2', { ...req, request_id: requestId, wait_s: waitS }) : this.send('permit.request', { ...req, request_id: requestId })
      if (!sent) return done({ offline: 'not connected to the control plane' })
      arm(this.timeoutMs, () => done({ offline: `no permit answer within ${this.timeoutMs / 1000} s` }))
    })
  }

  /** A permit.answer frame. An answer nobody waits for any more (timed out) is a lease to give back. */
  answer(a: PermitAnswer): void {
    const waiter = this.pending.get(a.request_id)
    if (waiter) return waiter.done(a)
    if (a.granted) {
      this.log.warn({ lease_id: a.lease_id }, 'permit granted after its request timed out; releasing it')
      this.release(a.lease_id)
    }
  }

  /** A permit.queued frame: the request's answer comes when a lease frees or its wait ends. */
  queued(q: PermitQueued): void {
    this.pending.get(q.request_id)?.queued(q)
  }

  /** Best effort: when not connected the lease expires by its TTL on the control plane. */
  release(leaseId: string): void {
    if (!this.send('permit.release', { lease_id: leaseId })) this.log.warn({ lease_id: leaseId }, 'not connected: the lease expires by its TTL')
  }
}
