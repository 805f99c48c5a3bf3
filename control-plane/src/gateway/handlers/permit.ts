import { fit } from '@smartcloudops/shared/protocol/fit'
import { releaseLease, requestPermit } from '../../db/queries/permits'
import type { Handler } from './context'

/**
 * Permits (disruption leases): one round trip answers budgets and inhibitions together
 * (fleet/permits/README.md). The host is the session's, never one the message names: an agent
 * asks and releases only for itself. A decision the database could not make is answered
 * `unavailable` at once, so the agent applies its offline policy instead of waiting out its timeout.
 * `permit.request.v2` may wait in a full budget's queue (answered `permit.queued`, then one
 * `permit.answer` from whichever replica's transaction grants or ends it); `permit.request` never
 * waits, as before the queue.
 */
const onRequest = async (ctx: Parameters<Handler<'permit.request.v2'>>[0], session: Parameters<Handler<'permit.request.v2'>>[1], p: { request_id: string; rule: string; action: string; target: string; ttl_s: number; wait_s?: number }) => {
  try {
    const { result: r, ...work } = await requestPermit(ctx.db, {
      hostId: session.hostId,
      rule: p.rule,
      action: p.action,
      target: p.target,
      ttlMs: p.ttl_s * 1000,
      waitS: p.wait_s ?? 0,
      replica: ctx.replica,
      requestId: p.request_id,
    })
    if (r.granted) {
      ctx.counters.permits_granted_total++
      session.log.info({ lease_id: r.leaseId, rule: p.rule, action: p.action, target: p.target, budgets: r.budgets }, 'permit granted')
      session.send('permit.answer', { request_id: p.request_id, granted: true, lease_id: r.leaseId, expires_at: r.expiresAt.getTime() })
    } else if (r.queued) {
      ctx.counters.permits_queued_total++
      ctx.permitQueue.queuedHere(session.hostId)
      session.log.info({ rule: p.rule, action: p.action, target: p.target, budget: r.name, position: r.position }, 'permit request queued')
      session.send('permit.queued', { request_id: p.request_id, name: fit(r.name, 'name'), position: r.position, holders: r.holders, wait_until: r.waitUntil.getTime() })
    } else {
      ctx.counters.permits_refused_total++
      session.log.info({ rule: p.rule, action: p.action, target: p.target, reason: r.reason, name: r.name, holders: r.holders }, 'permit refused')
      session.send('permit.answer', {
        request_id: p.request_id,
        granted: false,
        reason: r.reason,
        name: fit(r.name, 'name'),
        holders: r.holders,
        detail: fit(r.detail, 'reason'),
      })
    }
    await ctx.permitQueue.deliver(work)
  } catch (err) {
    session.log.error({ err, rule: p.rule, action: p.action }, 'could not decide a permit')
    session.send('permit.answer', {
      request_id: p.request_id,
      granted: false,
      reason: 'unavailable',
      name: 'control-plane',
      holders: 0,
      detail: 'the control plane could not decide the permit (storage unavailable)',
    })
  }
}

export const onPermitRequest: Handler<'permit.request'> = (ctx, session, m) => onRequest(ctx, session, m.payload)
export const onPermitRequestV2: Handler<'permit.request.v2'> = (ctx, session, m) => onRequest(ctx, session, m.payload)

export const onPermitRelease: Handler<'permit.release'> = async (ctx, session, m) => {
  const { released, ...work } = await releaseLease(ctx.db, session.hostId, m.payload.lease_id)
  session.log.info({ lease_id: m.payload.lease_id, released }, released ? 'lease released' : 'lease release ignored (unknown, foreign, or already closed)')
  await ctx.permitQueue.deliver(work)
}
