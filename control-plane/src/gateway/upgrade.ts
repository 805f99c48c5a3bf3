import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import type { FastifyBaseLogger } from 'fastify'
import type { WebSocket, WebSocketServer } from 'ws'
import type { FailureLimiter } from '../auth/failure-limiter'
import { bearer } from '../auth/tokens'
import type { CredentialCheck } from '../db/queries/agent-credentials'
import type { Admission } from './admission'

export const AGENT_WS_PATH = '/api/v1/agent/ws'

const statusText: Record<number, string> = { 401: 'Unauthorized', 404: 'Not Found', 410: 'Gone', 429: 'Too Many Requests', 503: 'Service Unavailable' }
const codeFor: Record<number, string> = { 401: 'unauthenticated', 404: 'not_found', 410: 'host_decommissioned', 429: 'auth_rate_limited', 503: 'connections_throttled' }

/** Answers a refused upgrade with the API's error envelope and closes the socket. */
function refuse(socket: Duplex, status: 401 | 404 | 410 | 429 | 503, message: string, retryAfterS?: number): void {
  const body = JSON.stringify({ status: 'error', error: { code: codeFor[status], message } })
  const retry = retryAfterS === undefined ? '' : `Retry-After: ${retryAfterS}\r\n`
  socket.end(
    `HTTP/1.1 ${status} ${statusText[status]}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n${retry}Connection: close\r\n\r\n${body}`,
  )
}

/**
 * Authenticates an agent at the HTTP upgrade: a live credential gets its WebSocket; a decommissioned
 * host's credential gets 410 (the agent stops instead of retrying forever); anything else 401.
 * Failed attempts share the API's failure budget per address (`authLimiter`): past it, 429 before
 * any database lookup, so a flood of made-up credentials costs no queries. In a reconnect storm,
 * past `admission`'s connections in flight: 503 with Retry-After before any lookup (admission.ts).
 */
export async function handleUpgrade(
  deps: {
    /** Batched lookups (batches.ts). */
    credentials: { load(credential: string): Promise<CredentialCheck> }
    wss: WebSocketServer
    log: FastifyBaseLogger
    authLimiter?: FailureLimiter
    admission?: Admission
    onRefused(): void
    /** `admitted` is called once the agent was welcomed (true) or its connection ended before (false). */
    onConnection(ws: WebSocket, hostId: string, admitted: (welcomed: boolean) => void): void
  },
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
): Promise<void> {
  const path = (req.url ?? '').split('?')[0]
  if (path !== AGENT_WS_PATH) {
    deps.onRefused()
    return refuse(socket, 404, `no WebSocket endpoint at ${path}`)
  }
  socket.on('error', () => {})
  const address = req.socket.remoteAddress ?? 'unknown'
  const limiter = deps.authLimiter
  const wait = limiter?.retryAfterS(address) ?? 0
  if (limiter && wait > 0) {
    limiter.counters.limited_total++
    deps.onRefused()
    return refuse(socket, 429, `too many failed authentications from this address; retry in ${wait} s`, wait)
  }
  const slot = deps.admission?.enter() ?? { release: () => {} }
  if ('retryAfterS' in slot) {
    deps.onRefused()
    return refuse(socket, 503, `too many agents connecting at once; retry in ${slot.retryAfterS} s`, slot.retryAfterS)
  }
  const release = slot.release
  try {
    const credential = bearer(req.headers.authorization)
    if (!credential) {
      release(false)
      limiter?.fail(address)
      deps.onRefused()
      return refuse(socket, 401, 'send "Authorization: Bearer <agent credential>"')
    }
    if (limiter) limiter.counters.lookups_total++
    const check = await deps.credentials.load(credential)
    if (check.status !== 'valid') release(false)
    if (check.status === 'decommissioned') {
      deps.onRefused()
      return refuse(socket, 410, `host ${check.hostId} is decommissioned; this agent must stop (to bring the machine back, enroll it with an enrollment token created with "reprovision": true)`)
    }
    if (check.status !== 'valid') {
      limiter?.fail(address)
      deps.onRefused()
      return refuse(socket, 401, 'the agent credential is not valid (unknown or revoked)')
    }
    // A socket that closes during the upgrade itself never reaches onConnection.
    socket.once('close', () => release(false))
    deps.wss.handleUpgrade(req, socket, head, (ws) => deps.onConnection(ws, check.hostId, release))
  } catch (err) {
    release(false)
    deps.log.error({ err }, 'upgrade failed')
    socket.destroy()
  }
}
