import type { IncomingMessage } from 'node:http'
import { fit } from '@smartcloudops/shared'
import { LinkError } from './credential'

/**
 * What an HTTP answer to the WebSocket upgrade means for the link: 410 the host was
 * decommissioned (stop for good), 401/403 the credential is refused (re-enroll), anything else a
 * refusal to back off from. The control plane's error message is kept when it sent one.
 */
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
  return Object.assign(new Error(`WebSocket upgrade refused: HTTP ${status}${detail}`), { code: 'refused' })
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
