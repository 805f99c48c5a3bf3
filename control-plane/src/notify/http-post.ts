import type { NotifyResult } from './notifier'
import { fit } from '@smartcloudops/shared'

/** How much of a receiver's error response goes into the delivery's error. */
const RESPONSE_EXCERPT = 200

/**
 * POSTs JSON and classifies the outcome the way Alertmanager does: 2xx delivered, 429 and 5xx
 * worth retrying, other 4xx a configuration problem (no retry), no answer at all retryable.
 * The URL never appears in the error (it may carry a token).
 */
export async function postJson(url: string, body: string, headers: Record<string, string>, signal: AbortSignal, what: string): Promise<NotifyResult> {
  try {
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body, signal, redirect: 'error' })
    const text = await res.text().catch(() => '')
    if (res.ok) return { ok: true, retryable: false }
    return { ok: false, retryable: res.status >= 500 || res.status === 429, error: `${what} answered HTTP ${res.status}${text ? `: ${fit(text, RESPONSE_EXCERPT)}` : ''}` }
  } catch (err) {
    const e = err as Error & { cause?: { code?: string } }
    const reason = signal.aborted ? 'timed out' : (e.cause?.code ?? e.name)
    return { ok: false, retryable: true, error: `${what} unreachable (${reason})` }
  }
}
