import { insertUpgradeReport } from '../../db/queries/agent-releases'
import type { Handler } from './context'

/**
 * An agent's `agent.upgrade` report: stored once by envelope id (it comes from the outbox, so it
 * may arrive twice), then acknowledged like an event. The API's agent-versions view reads them.
 */
export const onAgentUpgrade: Handler<'agent.upgrade'> = async (ctx, session, m) => {
  const stored = await insertUpgradeReport(ctx.db, session.hostId, m.id, m.payload)
  if (stored) {
    const level = m.payload.outcome === 'succeeded' ? 'info' : 'warn'
    session.log[level]({ from: m.payload.from_version, to: m.payload.to_version, outcome: m.payload.outcome, error: m.payload.error }, 'agent upgrade reported')
  }
  session.send('ack', { ids: [m.id] })
}
