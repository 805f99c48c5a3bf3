/** An alert as notifiers see it: what happened, where, how bad, and whether it still holds. */
export interface AlertNotice {
  alert_id: string
  host_id: string
  hostname: string
  severity: 'info' | 'warning' | 'critical'
  summary: string
  detail?: string
  rule?: string
  raised_at: string
  /** firing when raised; resolved when the condition cleared (a verification that cleared). */
  status: 'firing' | 'resolved'
  resolved_at?: string
  /** The host's labels (routing matches on them). */
  labels: Record<string, string>
}

export interface NotifyResult {
  ok: boolean
  /** Worth trying again later (network error, 5xx, 429). */
  retryable: boolean
  error?: string
}

/** One method, like Alertmanager's notifiers. Never throws: failures come back as results. */
export interface Notifier {
  readonly name: string
  notify(alert: AlertNotice, signal: AbortSignal): Promise<NotifyResult>
}

export const severityRank = { info: 0, warning: 1, critical: 2 } as const
