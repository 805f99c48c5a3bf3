import Type from 'typebox'
import { firingExpiresAfterMs, listExternalAlerts } from '../../db/queries/intake'
import { Pagination, Success, errorResponses, iso, ok } from '../../http/envelope'
import { ExternalAlertList, ref } from '../../http/schemas'
import type { App, RouteDeps } from '../../http/types'

/** Alerts Alertmanager sent (the rule inputs alert:<name>), each with its state now: firing, expired or resolved. */
export function externalAlertRoutes(app: App, deps: RouteDeps): void {
  const db = deps.database.db
  app.get(
    '/external-alerts',
    {
      config: { role: 'viewer' },
      schema: {
        tags: ['alerts'],
        summary: "Alertmanager's alerts as stored, most recently seen first; a firing one not re-sent in time is shown as expired",
        querystring: Type.Object(
          {
            host_id: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
            state: Type.Optional(Type.Union([Type.Literal('firing'), Type.Literal('expired'), Type.Literal('resolved')])),
            ...Pagination.properties,
          },
          { additionalProperties: false },
        ),
        response: { 200: Success(ref(ExternalAlertList)), ...errorResponses },
      },
    },
    async (req) => {
      const limit = req.query.limit ?? 100
      const offset = req.query.offset ?? 0
      const { rows, total } = await listExternalAlerts(db, { hostId: req.query.host_id, state: req.query.state }, new Date(), await firingExpiresAfterMs(db), limit, offset)
      const alerts = rows.map((a) => ({
        fingerprint: a.fingerprint,
        host_id: a.hostId,
        hostname: a.hostname,
        name: a.name,
        state: a.state,
        labels: a.labels,
        annotations: a.annotations,
        starts_at: a.startsAt.toISOString(),
        ends_at: iso(a.endsAt),
        last_seen_at: a.lastSeenAt.toISOString(),
        expires_at: iso(a.expiresAt),
        updated_at: a.updatedAt.toISOString(),
      }))
      return ok({ alerts, total, limit, offset })
    },
  )
}
