import type { AlertNotice } from '../../notifier'
import { httpUrlProblem, type NotifierKind } from '../../kind'
import { postJson } from '../../http-post'
import { fit } from '@smartcloudops/shared'

/** Slack Block Kit: header text ≤ 150 characters, section text ≤ 3000 (kept under it). */
const HEADER_MAX = 150
const SECTION_MAX = 2900

const icon = { info: ':information_source:', warning: ':warning:', critical: ':rotating_light:' } as const

/** A Slack incoming-webhook message: `text` (notification fallback) and Block Kit blocks. */
export function slackMessage(a: AlertNotice): Record<string, unknown> {
  const head = a.status === 'resolved' ? `:white_check_mark: RESOLVED: ${a.summary}` : `${icon[a.severity]} ${a.severity.toUpperCase()}: ${a.summary}`
  const fields = [
    { type: 'mrkdwn', text: `*Host*\n${a.hostname}` },
    { type: 'mrkdwn', text: `*Severity*\n${a.severity}` },
    ...(a.rule ? [{ type: 'mrkdwn', text: `*Rule*\n${a.rule}` }] : []),
    { type: 'mrkdwn', text: `*${a.status === 'resolved' ? 'Resolved' : 'Raised'}*\n${a.status === 'resolved' ? (a.resolved_at ?? '') : a.raised_at}` },
  ]
  return {
    text: `${head} (${a.hostname})`,
    blocks: [
      // Header text is plain_text, at most 150 characters.
      { type: 'header', text: { type: 'plain_text', text: fit(head, HEADER_MAX), emoji: true } },
      { type: 'section', fields },
      ...(a.detail ? [{ type: 'section', text: { type: 'mrkdwn', text: fit(a.detail, SECTION_MAX) } }] : []),
      { type: 'context', elements: [{ type: 'mrkdwn', text: `SmartCloudOps alert ${a.alert_id}` }] },
    ],
  }
}

export const slackKind: NotifierKind = {
  kind: 'slack',
  secrets: ['url'],
  check: (cfg) => httpUrlProblem('url', cfg.url),
  create: (cfg) => ({
    name: cfg.name,
    notify: (alert, signal) => postJson(cfg.url!, JSON.stringify(slackMessage(alert)), {}, signal, 'slack'),
  }),
}
