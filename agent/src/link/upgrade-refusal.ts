import type { IncomingMessage } from 'node:http'
import { fit } from '@smartcloudops/shared'
import { LinkError } from './credential'

/**
 * What an HTTP answer to the WebSocket upgrade means for the link: 410 the host was
 * decommissioned (stop for good), 401/403 the credential is refused (re-enroll), anything else a
 * refusal to back off from. The control plane's error message is kept when it sent one. A
 * Retry-After (503 while a replica admits a reconnect storm, 429) is kept as `retryAfterS`, bounded
 * to [1, MAX_RETRY_AFTER_S]: the link waits that long (jittered) instead of its own backoff.
 */
export const MAX_RETRY_AFTER_S = 300

/** Retry-After in seconds (the delta form; an HTTP date is not used by our control plane), bounded. */
export function retryAfterOf(res: IncomingMessage): number | undefined {
  const raw = res.headers['retry-after']
  if (typeof raw !== 'string' || !/^\d{1,6}$/.test(raw.trim())) return undefined
  return Math.min(MAX_RETRY_AFTER_S, Math.max(1, Number(raw.trim())))
}

/** The refusal as the link's error (see above). */
export async function upgradeRefusal(res: IncomingMessage): Promise<LinkError | Error> {
  const status = res.statusCode ?? 0
  const body = await readSome(res, 4096, 2000)
  let detail = ''
  try {
    const parsed = JSON.parse(body) as { error?: { message?: unknown } }
    if (typeof parsed.error?.message === 'string') detail = `: ${fit(parsed.error.message, 'errorMessage')}`
  } catch {
    // Not JSON: the status alone says enough.
  }
  if (status === 410) return new LinkError('host_decommissioned', `the control plane decommissioned this host (HTTP 410${detail})`)
  if (status === 401 || status === 403) return new LinkError('unauthorized', `WebSocket upgrade refused: HTTP ${status}${detail}`)
  const retryAfterS = retryAfterOf(res)
  return Object.assign(new Error(`WebSocket upgrade refused: HTTP ${status}${detail}`), { code: 'refused', ...(retryAfterS ? { retryAfterS } : {}) })
}

/** Up to maxBytes of a response body, waiting at most timeoutMs: the reason is a nicety, never a hang. */
function readSome(res: IncomingMessage, maxBytes: number, timeoutMs: number): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = []
    let size = 0
    const done = () => {
      clearTimeout(timer)
      res.removeAllListeners('data')
      res.destroy()
      resolve(Buffer.concat(chunks).toString('utf8'))
    }
    const timer = setTimeout(done, timeoutMs)
    res.on('data', (c: Buffer) => {
      chunks.push(c)
      size += c.length
      if (size >= maxBytes) done()
    })
    res.once('end', done)
    res.once('error', done)
  })
}
