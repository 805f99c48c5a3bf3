import { fit } from '@smartcloudops/shared/protocol/fit'
import { releaseLease, requestPermit } from '../../db/queries/permits'
import type { Handler } from './context'

/**
 * Permits (disruption leases): one round trip answers budgets and inhibitions together
 * (fleet/permits/README.md). The host is the session's, never one the message names: an agent
 * asks and releases only for itself. A decision the database could not make is answered
 * `unavailable` at once, so the agent applies its offline policy instead of waiting out its timeout.
 */
export const onPermitRequest: Handler<'permit.request'> = async (ctx, session, m) => {
  const p = m.payload
  try {
    const r = await requestPermit(ctx.db, { hostId: session.hostId, rule: p.rule, action: p.action, target: p.target, ttlMs: p.ttl_s * 1000 })
    if (r.granted) {
      ctx.counters.permits_granted_total++
      session.log.info({ lease_id: r.leaseId, rule: p.rule, action: p.action, target: p.target, budgets: r.budgets }, 'permit granted')
      session.send('permit.answer', { request_id: p.request_id, granted: true, lease_id: r.leaseId, expires_at: r.expiresAt.getTime() })
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

export const onPermitRelease: Handler<'permit.release'> = async (ctx, session, m) => {
  const released = await releaseLease(ctx.db, session.hostId, m.payload.lease_id)
  session.log.info({ lease_id: m.payload.lease_id, released }, released ? 'lease released' : 'lease release ignored (unknown, foreign, or already closed)')
}
