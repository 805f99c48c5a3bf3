import { eq } from 'drizzle-orm'
import type { FastifyBaseLogger } from 'fastify'
import type { Db } from '../db/client'
import { getSetting, type NotifierConfig } from '../db/queries/settings'
import { alerts } from '../db/schema'
import { logNotifier } from './log'
import { severityRank, type AlertNotice, type Notifier } from './notifier'
import { webhookNotifier } from './webhook'

function build(cfg: NotifierConfig, log: FastifyBaseLogger): Notifier | undefined {
  if (cfg.kind === 'log') return logNotifier(cfg.name, log)
  if (cfg.kind === 'webhook' && cfg.url) return webhookNotifier({ name: cfg.name, url: cfg.url, headers: cfg.headers, format: cfg.name.startsWith('slack') ? 'slack' : 'json' })
  return undefined
}

/**
 * Delivers one stored alert to the configured notifiers (those whose minimum severity it reaches,
 * and only the named channel when the alert names one) and records the outcome on the alert row.
 */
export async function dispatchAlert(db: Db, log: FastifyBaseLogger, alert: AlertNotice & { channel?: string }, timeoutMs = 10_000): Promise<void> {
  const configs = await getSetting(db, 'notifiers')
  const chosen = configs.filter(
    (c) => severityRank[alert.severity] >= severityRank[c.min_severity ?? 'info'] && (!alert.channel || alert.channel === c.name),
  )
  const errors: string[] = []
  for (const cfg of chosen) {
    const notifier = build(cfg, log)
    if (!notifier) {
      errors.push(`${cfg.name}: not configured correctly`)
      continue
    }
    const r = await notifier.notify(alert, AbortSignal.timeout(timeoutMs))
    if (!r.ok) errors.push(`${cfg.name}: ${r.error ?? 'failed'}`)
  }
  await db
    .update(alerts)
    .set({
      deliveryStatus: chosen.length === 0 ? 'no_notifier' : errors.length ? 'failed' : 'delivered',
      deliveryError: errors.length ? errors.join('; ').slice(0, 2000) : null,
    })
    .where(eq(alerts.id, alert.alert_id))
}
