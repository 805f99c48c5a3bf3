import Type from 'typebox'
import { actor } from '../../auth/plugin'
import { bearer } from '../../auth/tokens'
import { createIntakeToken, findIntakeToken, listIntakeTokens, revokeIntakeToken, upsertExternalAlerts } from '../../db/queries/intake'
import { getSetting } from '../../db/queries/settings'
import { Success, errorResponses, iso, ok } from '../../http/envelope'
import { ApiError, notFound } from '../../http/errors'
import { AlertmanagerIntakeResult, IntakeToken, IntakeTokenCreated, IntakeTokenRevoked, ref } from '../../http/schemas'
import type { App, RouteDeps } from '../../http/types'
import { expiresAfterMs } from '../../alertmanager/expiry'
import { mapAlerts } from '../../alertmanager/mapping'
import { AlertmanagerWebhook } from '../../alertmanager/payload'

declare module 'fastify' {
  interface FastifyRequest {
    intakeToken?: { id: string; name: string }
  }
}

/**
 * Alertmanager's webhook receiver (`webhook_configs` with `http_config.authorization`): alerts
 * become the rule inputs `alert:<name>` of the hosts they name. Authenticated by an intake token
 * (its own kind: it can post alerts and do nothing else; API tokens are not accepted here).
 */
export function alertmanagerRoutes(app: App, deps: RouteDeps): void {
  const db = deps.database.db
  app.post(
    '/alerts/alertmanager',
    {
      // An intake token, checked here before the body is read (the API-token hook skips 'intake').
      config: { role: 'intake' },
      onRequest: async (req) => {
        const token = bearer(req.headers.authorization)
        const found = token ? await findIntakeToken(db, token) : undefined
        if (!found) throw new ApiError(401, 'unauthenticated', 'this endpoint needs an intake token (POST /api/v1/intake-tokens): send "Authorization: Bearer <token>"')
        req.intakeToken = found
      },
      schema: {
        tags: ['alerts'],
        summary: 'Alertmanager webhook receiver (payload version 4)',
        body: AlertmanagerWebhook,
        response: { 200: Success(ref(AlertmanagerIntakeResult)), ...errorResponses },
      },
    },
    async (req) => {
      const cfg = await getSetting(db, 'alert_intake')
      const mapped = await mapAlerts(db, req.body.alerts, cfg)
      const changedHosts = await upsertExternalAlerts(db, mapped.rows, new Date(), expiresAfterMs(cfg.firing_expires_after))
      if (changedHosts.length) await deps.bus.publish({ kind: 'alerts', hostIds: changedHosts })
      if (mapped.unmatched.length) req.log.warn({ unmatched: mapped.unmatched.slice(0, 20), receiver: req.body.receiver }, 'alertmanager alerts that name no host')
      req.auditDetail = { intake_token_id: req.intakeToken?.id, alerts: req.body.alerts.length, matched: mapped.rows.length, changed_hosts: changedHosts.length }
      // 200 even with unmatched alerts: Alertmanager would retry a 4xx/5xx forever for an alert we can never place.
      return ok({ received: req.body.alerts.length, matched: mapped.rows.length, changed_hosts: changedHosts.length, unmatched: mapped.unmatched })
    },
  )

  app.post(
    '/intake-tokens',
    {
      config: { role: 'admin' },
      schema: {
        tags: ['auth'],
        summary: 'Create an intake token for Alertmanager (shown once)',
        body: Type.Object({ name: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false }),
        response: { 201: Success(ref(IntakeTokenCreated)), ...errorResponses },
      },
    },
    async (req, reply) => {
      const r = await createIntakeToken(db, { name: req.body.name, createdBy: actor(req) })
      req.auditDetail = { created_intake_token_id: r.id }
      return reply.status(201).send(ok(r))
    },
  )
  app.get('/intake-tokens', { config: { role: 'admin' }, schema: { tags: ['auth'], summary: 'List intake tokens (never the secrets)', response: { 200: Success(Type.Array(ref(IntakeToken))), ...errorResponses } } }, async () =>
    ok((await listIntakeTokens(db)).map((t) => ({ ...t, createdAt: t.createdAt.toISOString(), revokedAt: iso(t.revokedAt) }))),
  )
  app.delete(
    '/intake-tokens/:id',
    { config: { role: 'admin' }, schema: { tags: ['auth'], summary: 'Revoke an intake token', params: Type.Object({ id: Type.String({ maxLength: 64 }) }), response: { 200: Success(ref(IntakeTokenRevoked)), ...errorResponses } } },
    async (req) => {
      if (!(await revokeIntakeToken(db, req.params.id))) throw notFound('intake token', req.params.id)
      req.auditDetail = { revoked_intake_token_id: req.params.id }
      return ok({ id: req.params.id, revoked: true })
    },
  )
}
