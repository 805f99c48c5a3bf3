import type { AlertNotice, Notifier, NotifyResult } from './notifier'

/**
 * POSTs the alert as JSON. Slack incoming webhooks, PagerDuty Events v2 proxies, chat bridges and
 * mail relays are all webhook-shaped; `format: 'slack'` sends `{text}` which Slack accepts.
 */
export function webhookNotifier(opts: { name: string; url: string; headers?: Record<string, string>; format?: 'json' | 'slack' }): Notifier {
  return {
    name: opts.name,
    async notify(alert: AlertNotice, signal: AbortSignal): Promise<NotifyResult> {
      const body =
        opts.format === 'slack'
          ? { text: `[${alert.severity}] ${alert.hostname}: ${alert.summary}${alert.rule ? ` (rule ${alert.rule})` : ''}` }
          : alert
      try {
        const res = await fetch(opts.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...opts.headers },
          body: JSON.stringify(body),
          signal,
        })
        if (res.ok) return { ok: true, retryable: false }
        return { ok: false, retryable: res.status >= 500 || res.status === 429, error: `webhook answered HTTP ${res.status}` }
      } catch (err) {
        return { ok: false, retryable: true, error: `webhook unreachable: ${(err as Error).message}` }
      }
    },
  }
}
