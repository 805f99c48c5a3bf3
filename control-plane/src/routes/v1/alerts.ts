import Type from 'typebox'
import { listAlerts } from '../../db/queries/notifications'
import { getSetting } from '../../db/queries/settings'
import { Pagination, Success, errorResponses, iso, ok } from '../../http/envelope'
import { AlertList, ref } from '../../http/schemas'
import type { App, RouteDeps } from '../../http/types'
import { scrub, secretValues } from '../../notify/secrets'

const Severity = Type.Union([Type.Literal('info'), Type.Literal('warning'), Type.Literal('critical')])

/** Alerts raised by agents (send_alert, escalations), newest first, with their notifications' delivery. */
export function alertRoutes(app: App, deps: RouteDeps): void {
  const db = deps.database.db
  app.get(
    '/alerts',
    {
      config: { role: 'viewer' },
      schema: {
        tags: ['alerts'],
        summary: 'Alerts with each notifier delivery (attempts, status, last error with secrets redacted)',
        querystring: Type.Object(
          {
            host_id: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
            severity: Type.Optional(Severity),
            status: Type.Optional(Type.Union([Type.Literal('firing'), Type.Literal('resolved')])),
            delivery_status: Type.Optional(Type.Union(['pending', 'queued', 'delivered', 'failed', 'no_notifier'].map((s) => Type.Literal(s)))),
            from: Type.Optional(Type.String({ format: 'date-time' })),
            to: Type.Optional(Type.String({ format: 'date-time' })),
            ...Pagination.properties,
          },
          { additionalProperties: false },
        ),
        response: { 200: Success(ref(AlertList)), ...errorResponses },
      },
    },
    async (req) => {
      const q = req.query
      const limit = q.limit ?? 100
      const offset = q.offset ?? 0
      const { rows, deliveries, total } = await listAlerts(
        db,
        {
          hostId: q.host_id,
          severity: q.severity,
          status: q.status,
          deliveryStatus: q.delivery_status,
          since: q.from ? new Date(q.from) : undefined,
          until: q.to ? new Date(q.to) : undefined,
        },
        limit,
        offset,
      )
      // Errors were scrubbed when written; scrub again with today's secrets (a secret may have been added since).
      const secrets = (await getSetting(db, 'notifiers')).flatMap(secretValues)
      const alerts = rows.map(({ alert: a, hostname }) => ({
        id: a.id,
        host_id: a.hostId,
        hostname,
        severity: a.severity,
        summary: a.summary,
        detail: a.detail,
        rule: a.rule,
        decision_id: a.decisionId,
        channel: a.channel,
        raised_at: a.raisedAt.toISOString(),
        status: a.status,
        resolved_at: iso(a.resolvedAt),
        delivery_status: a.deliveryStatus,
        deliveries: deliveries
          .filter((d) => d.alertId === a.id)
          .map((d) => ({
            notifier: d.notifier,
            kind: d.kind,
            event: d.event,
            status: d.status,
            attempts: d.attempts,
            next_attempt_at: d.status === 'pending' ? d.nextAttemptAt.toISOString() : null,
            delivered_at: iso(d.deliveredAt),
            last_error: d.lastError ? scrub(d.lastError, secrets) : null,
          })),
      }))
      return ok({ alerts, total, limit, offset })
    },
  )
}
