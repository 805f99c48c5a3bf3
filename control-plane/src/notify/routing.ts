import type { NotifierConfig } from './config'
import { severityRank, type AlertNotice } from './notifier'

/**
 * Whether a notifier takes an alert: severity at or above its minimum, every `match_labels` label
 * on the host, the alert's rule among `rules` (when listed), and the alert's `channel` (when it
 * names one) being this notifier.
 */
export function routes(cfg: NotifierConfig, alert: Pick<AlertNotice, 'severity' | 'labels' | 'rule'> & { channel?: string | null }): boolean {
  if (severityRank[alert.severity] < severityRank[cfg.min_severity ?? 'info']) return false
  if (alert.channel && alert.channel !== cfg.name) return false
  for (const [k, v] of Object.entries(cfg.match_labels ?? {})) if (alert.labels[k] !== v) return false
  if (cfg.rules && !(alert.rule && cfg.rules.includes(alert.rule))) return false
  return true
}
