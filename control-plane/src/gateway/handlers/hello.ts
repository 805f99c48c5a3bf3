import type { Welcome } from '@smartcloudops/shared'
import type { Handler } from './context'

/** The field name an agent lists in `hello.accepts` to receive the heartbeat interval. */
export const ACCEPTS_HEARTBEAT_INTERVAL = 'welcome.heartbeat_interval_s'

/** Records what the agent is, welcomes it, and queues its first desired state. */
export const onHello: Handler<'hello'> = async (ctx, session, m) => {
  const row = await ctx.hellos.load({ hostId: session.hostId, hello: m.payload })
  if (!row) return session.drop('host no longer exists', 1008)
  session.monitoring = m.payload.monitoring
  session.accepts = new Set(m.payload.accepts ?? [])
  const welcome: Welcome = { host_id: session.hostId, server_time: Date.now() }
  // Only to agents that said they understand it: an older agent refuses unknown fields.
  if (session.accepts.has(ACCEPTS_HEARTBEAT_INTERVAL)) welcome.heartbeat_interval_s = ctx.heartbeatIntervalS
  session.send('welcome', welcome)
  session.helloDone = true
  session.welcomed()
  ctx.greet(session, row)
}
