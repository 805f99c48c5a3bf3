import { createHmac } from 'node:crypto'
import { httpUrlProblem, type NotifierKind } from '../../kind'
import { postJson } from '../../http-post'

export const SIGNATURE_HEADER = 'x-scops-signature'
export const TIMESTAMP_HEADER = 'x-scops-timestamp'

/** `v1=<hex HMAC-SHA256(secret, "<timestamp>.<body>")>`: what a receiver recomputes to verify. */
export function signature(secret: string, timestamp: string, body: string): string {
  return `v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`
}

/**
 * POSTs `{version: 1, status, alert}` as JSON. With a `secret`, signs the timestamp and the body
 * (HMAC-SHA256) so a receiver can check origin and freshness (reject old timestamps: replay).
 */
export const webhookKind: NotifierKind = {
  kind: 'webhook',
  secrets: ['url', 'secret', 'headers.*'],
  check: (cfg) => httpUrlProblem('url', cfg.url) ?? (cfg.secret !== undefined && cfg.secret.length < 16 ? 'secret must be at least 16 characters' : undefined),
  create: (cfg) => ({
    name: cfg.name,
    async notify(alert, signal) {
      const body = JSON.stringify({ version: 1, status: alert.status, alert })
      const timestamp = String(Math.floor(Date.now() / 1000))
      const headers: Record<string, string> = { ...cfg.headers, [TIMESTAMP_HEADER]: timestamp }
      if (cfg.secret) headers[SIGNATURE_HEADER] = signature(cfg.secret, timestamp, body)
      return postJson(cfg.url!, body, headers, signal, 'webhook')
    },
  }),
}
