import type { FastifyBaseLogger } from 'fastify'
import type { RawData, WebSocket } from 'ws'
import type { GatewayCounters } from './counters'
import { AgentSession, type SessionLimits } from './session'

/**
 * One accepted socket: registers its session (replacing an older connection of the same host),
 * feeds its frames to the router one at a time, and reports its end.
 */
export function acceptConnection(
  deps: {
    sessions: Map<string, AgentSession>
    counters: GatewayCounters
    limits: SessionLimits
    log: FastifyBaseLogger
    onFrame(session: AgentSession, data: RawData): Promise<void>
    onClose(session: AgentSession): void
  },
  ws: WebSocket,
  hostId: string,
  admitted: (welcomed: boolean) => void = () => {},
): AgentSession {
  const { sessions, counters } = deps
  counters.connections_total++
  const log = deps.log.child({ host_id: hostId })
  const session = new AgentSession(hostId, ws, log, deps.limits, (_reason, slow) => {
    counters.connections_dropped_total++
    if (slow) counters.slow_consumers_dropped_total++
  })
  // The admission slot (admission.ts) is held until the welcome, at most 10 s for an agent that says nothing.
  session.welcomed = () => admitted(true)
  setTimeout(() => admitted(false), 10_000).unref()
  const previous = sessions.get(hostId)
  if (previous) previous.drop('replaced by a newer connection of the same host', 4000)
  sessions.set(hostId, session)
  log.info('agent connected')

  // Inbound backpressure: frames are handled one at a time; reading pauses while many wait.
  let queue = Promise.resolve()
  let queued = 0
  ws.on('message', (data: RawData) => {
    queued++
    if (queued > 256) ws.pause()
    queue = queue
      .then(() => deps.onFrame(session, data))
      .catch((err) => log.error({ err }, 'frame handling failed'))
      .finally(() => {
        queued--
        if (queued < 64 && ws.isPaused) ws.resume()
      })
  })
  ws.on('error', (err) => log.warn({ err: err.message }, 'agent socket error'))
  ws.on('close', () => {
    admitted(false)
    if (sessions.get(hostId) !== session) return
    sessions.delete(hostId)
    log.info('agent disconnected')
    deps.onClose(session)
  })
  return session
}
