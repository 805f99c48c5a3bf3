import type { Handler } from './context'

/** Monitoring state and the outbox figures; the liveness sweep stores them with the last-seen time. */
export const onHeartbeat: Handler<'heartbeat'> = async (_ctx, session, m) => {
  session.monitoring = m.payload.monitoring
  session.outbox = { depth: m.payload.outbox_depth, oldestAgeS: m.payload.outbox_oldest_age_s ?? null, reportedAt: new Date() }
  session.outboxDirty = true
}
