import type { AlertNotice } from '../../notifier'
import { httpUrlProblem, type NotifierKind } from '../../kind'
import { postJson } from '../../http-post'
import { fit } from '@smartcloudops/shared'

/** PagerDuty Events API v2 refuses a payload.summary longer than this. */
const SUMMARY_MAX = 1024

export const PAGERDUTY_EVENTS_URL = 'https://events.pagerduty.com/v2/enqueue'

/**
 * A PagerDuty Events API v2 event: `trigger` while firing, `resolve` when it clears, with the
 * alert id as dedup key so both refer to one incident (and a retried trigger is not a second one).
 */
export function pagerdutyEvent(routingKey: string, a: AlertNotice): Record<string, unknown> {
  if (a.status === 'resolved') return { routing_key: routingKey, event_action: 'resolve', dedup_key: a.alert_id }
  return {
    routing_key: routingKey,
    event_action: 'trigger',
    dedup_key: a.alert_id,
    payload: {
      summary: fit(`${a.hostname}: ${a.summary}`, SUMMARY_MAX),
      source: a.hostname,
      severity: a.severity,
      timestamp: a.raised_at,
      ...(a.rule ? { component: a.rule } : {}),
      custom_details: { host_id: a.host_id, labels: a.labels, ...(a.detail ? { detail: a.detail } : {}) },
    },
  }
}

export const pagerdutyKind: NotifierKind = {
  kind: 'pagerduty',
  secrets: ['routing_key'],
  check: (cfg) => (!cfg.routing_key ? 'routing_key is required' : cfg.url ? httpUrlProblem('url', cfg.url) : undefined),
  create: (cfg) => ({
    name: cfg.name,
    notify: (alert, signal) => postJson(cfg.url ?? PAGERDUTY_EVENTS_URL, JSON.stringify(pagerdutyEvent(cfg.routing_key!, alert)), {}, signal, 'pagerduty'),
  }),
}
