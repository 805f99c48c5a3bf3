import type { Logger } from 'pino'
import type { AgentMessageType, AgentPayload, PermitAnswer, PermitRequest } from '@smartcloudops/shared'
import { newMessageId } from '@smartcloudops/shared/protocol/id'

/** No answer: why the permit could not be asked (the budget gate then applies the offline policy). */
export interface PermitOffline {
  offline: string
}

/**
 * Permit requests over the live connection (never through the outbox: a late permit is worth
 * nothing). Each request waits at most `timeoutMs` for its answer; not connected, no answer in
 * time, or `unavailable` all come back as offline, so the host's local policy decides. Answers
 * arrive out of band — connection.ts hands `permit.answer` here before the in-order message
 * chain, since a `trigger` command being handled in that chain may be the one waiting for it.
 */
export class PermitClient {
  private readonly pending = new Map<string, (a: PermitAnswer) => void>()

  constructor(
    private readonly send: <T extends AgentMessageType>(type: T, payload: AgentPayload<T>) => boolean,
    private readonly log: Logger,
    private readonly timeoutMs = 10_000,
  ) {}

  ask(req: Omit<PermitRequest, 'request_id'>, signal: AbortSignal): Promise<PermitAnswer | PermitOffline> {
    const requestId = newMessageId()
    return new Promise((resolve) => {
      const t: { timer?: NodeJS.Timeout } = {}
      const done = (r: PermitAnswer | PermitOffline) => {
        if (t.timer) clearTimeout(t.timer)
        signal.removeEventListener('abort', onAbort)
        this.pending.delete(requestId)
        resolve(r)
      }
      const onAbort = () => done({ offline: 'the agent is stopping' })
      if (signal.aborted) return onAbort()
      signal.addEventListener('abort', onAbort, { once: true })
      this.pending.set(requestId, done)
      if (!this.send('permit.request', { ...req, request_id: requestId })) return done({ offline: 'not connected to the control plane' })
      t.timer = setTimeout(() => done({ offline: `no permit answer within ${this.timeoutMs / 1000} s` }), this.timeoutMs)
      t.timer.unref()
    })
  }

  /** A permit.answer frame. An answer nobody waits for any more (timed out) is a lease to give back. */
  answer(a: PermitAnswer): void {
    const waiter = this.pending.get(a.request_id)
    if (waiter) return waiter(a)
    if (a.granted) {
      this.log.warn({ lease_id: a.lease_id }, 'permit granted after its request timed out; releasing it')
      this.release(a.lease_id)
    }
  }

  /** Best effort: when not connected the lease expires by its TTL on the control plane. */
  release(leaseId: string): void {
    if (!this.send('permit.release', { lease_id: leaseId })) this.log.warn({ lease_id: leaseId }, 'not connected: the lease expires by its TTL')
  }
}
