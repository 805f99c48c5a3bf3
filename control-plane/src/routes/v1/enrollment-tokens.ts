import Type from 'typebox'
import { DurationWithin, LabelSelector, durationLimits, numberLimits, toSeconds } from '@smartcloudops/shared'
import { actor } from '../../auth/plugin'
import { createEnrollmentToken, listEnrollmentTokens, revokeEnrollmentToken } from '../../db/queries/tokens'
import { Success, errorResponses, ok } from '../../http/envelope'
import { notFound } from '../../http/errors'
import { EnrollmentToken, EnrollmentTokenCreated, ref } from '../../http/schemas'
import type { App, RouteDeps } from '../../http/types'

export function enrollmentTokenRoutes(app: App, deps: RouteDeps): void {
  const db = deps.database.db
  app.post(
    '/enrollment-tokens',
    {
      config: { role: 'admin' },
      schema: {
        tags: ['enrollment'],
        summary: 'Create an enrollment token (shown once)',
        body: Type.Object(
          {
            name: Type.String({ minLength: 1, maxLength: 200 }),
            expires_in: Type.Optional(DurationWithin(durationLimits.overrideExpiry)),
            max_uses: Type.Optional(Type.Integer({ minimum: 1, maximum: numberLimits.maxUses })),
            labels: Type.Optional(LabelSelector),
            reprovision: Type.Optional(
              Type.Boolean({ description: 'may take over an enrolled hostname (revoking its credential) or re-admit a decommissioned one; audited' }),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 201: Success(ref(EnrollmentTokenCreated)), ...errorResponses },
      },
    },
    async (req, reply) => {
      const b = req.body
      const { token, row } = await createEnrollmentToken(db, {
        name: b.name,
        expiresAt: b.expires_in !== undefined ? new Date(Date.now() + toSeconds(b.expires_in) * 1000) : undefined,
        maxUses: b.max_uses,
        labels: b.labels,
        reprovision: b.reprovision,
        createdBy: actor(req),
      })
      req.auditDetail = { enrollment_token_id: row.id, name: row.name, labels: row.labels, reprovision: row.reprovision }
      return reply.status(201).send(ok({ token, enrollment_token: row }))
    },
  )
  app.get(
    '/enrollment-tokens',
    { config: { role: 'admin' }, schema: { tags: ['enrollment'], summary: 'List enrollment tokens (never the secrets)', response: { 200: Success(Type.Array(ref(EnrollmentToken))), ...errorResponses } } },
    async () => ok(await listEnrollmentTokens(db)),
  )
  app.delete(
    '/enrollment-tokens/:id',
    {
      config: { role: 'admin' },
      schema: { tags: ['enrollment'], summary: 'Revoke an enrollment token', params: Type.Object({ id: Type.String({ maxLength: 64 }) }), response: { 200: Success(ref(EnrollmentToken)), ...errorResponses } },
    },
    async (req) => {
      const row = await revokeEnrollmentToken(db, req.params.id)
      if (!row) throw notFound('enrollment token', req.params.id)
      req.auditDetail = { enrollment_token_id: row.id }
      return ok(row)
    },
  )
}
