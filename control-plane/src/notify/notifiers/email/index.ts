import { createTransport } from 'nodemailer'
import type { AlertNotice } from '../../notifier'
import type { NotifierKind } from '../../kind'
import { fit } from '@smartcloudops/shared'

/** Subjects past this are folded badly by mail clients; SMTP errors are excerpted. */
const SUBJECT_MAX = 250
const SMTP_ERROR_EXCERPT = 300

export function emailSubject(a: AlertNotice): string {
  return fit(`${a.status === 'resolved' ? '[RESOLVED]' : `[${a.severity.toUpperCase()}]`} ${a.hostname}: ${a.summary}`, SUBJECT_MAX)
}

export function emailText(a: AlertNotice): string {
  return [
    `${a.status === 'resolved' ? 'Resolved' : 'Firing'}: ${a.summary}`,
    '',
    `Host:     ${a.hostname} (${a.host_id})`,
    `Severity: ${a.severity}`,
    ...(a.rule ? [`Rule:     ${a.rule}`] : []),
    `Raised:   ${a.raised_at}`,
    ...(a.resolved_at ? [`Resolved: ${a.resolved_at}`] : []),
    ...(a.detail ? ['', a.detail] : []),
    '',
    `Alert ${a.alert_id}`,
  ].join('\n')
}

/** SMTP transient failures (4xx replies, no connection) are retried; 5xx replies are not. */
function retryable(err: { code?: string; responseCode?: number }): boolean {
  if (typeof err.responseCode === 'number') return err.responseCode < 500
  return true
}

/** Plain-text mail through SMTP (nodemailer): STARTTLS when offered, TLS with `secure`. */
export const emailKind: NotifierKind = {
  kind: 'email',
  secrets: ['smtp.password'],
  check: (cfg) => {
    if (!cfg.smtp) return 'smtp {host, port} is required'
    if (!cfg.from) return 'from is required'
    if (!cfg.to?.length) return 'to (one or more addresses) is required'
    if (cfg.smtp.password && !cfg.smtp.user) return 'smtp.password needs smtp.user'
    return undefined
  },
  create: (cfg) => {
    const smtp = cfg.smtp!
    return {
      name: cfg.name,
      async notify(alert, signal) {
        const transport = createTransport({
          host: smtp.host,
          port: smtp.port,
          secure: smtp.secure ?? false,
          ...(smtp.user ? { auth: { user: smtp.user, pass: smtp.password ?? '' } } : {}),
          connectionTimeout: 10_000,
          greetingTimeout: 10_000,
          socketTimeout: 10_000,
        })
        const onAbort = () => transport.close()
        signal.addEventListener('abort', onAbort, { once: true })
        try {
          await transport.sendMail({ from: cfg.from, to: cfg.to, subject: emailSubject(alert), text: emailText(alert) })
          return { ok: true, retryable: false }
        } catch (err) {
          const e = err as Error & { code?: string; responseCode?: number }
          return { ok: false, retryable: retryable(e), error: `smtp ${e.responseCode ?? e.code ?? 'error'}: ${fit(e.message, SMTP_ERROR_EXCERPT)}` }
        } finally {
          signal.removeEventListener('abort', onAbort)
          transport.close()
        }
      },
    }
  },
}
