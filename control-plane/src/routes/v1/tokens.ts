import Type from 'typebox'
import { actor } from '../../auth/plugin'
import { apiTokenIdOf, createApiToken, listApiTokens, revokeApiToken } from '../../db/queries/tokens'
import { Success, errorResponses, iso, ok } from '../../http/envelope'
import { conflict, notFound } from '../../http/errors'
import { ApiToken, ApiTokenCreated, ApiTokenRevoked, ref } from '../../http/schemas'
import type { App, RouteDeps } from '../../http/types'

const RoleSchema = Type.Union([Type.Literal('viewer'), Type.Literal('operator'), Type.Literal('admin')])

export function tokenRoutes(app: App, deps: RouteDeps): void {
  const db = deps.database.db
  app.post(
    '/tokens',
    {
      config: { role: 'admin' },
      schema: {
        tags: ['auth'],
        summary: 'Create an API token with a role (shown once)',
        body: Type.Object({ name: Type.String({ minLength: 1, maxLength: 200 }), role: RoleSchema }, { additionalProperties: false }),
        response: { 201: Success(ref(ApiTokenCreated)), ...errorResponses },
      },
    },
    async (req, reply) => {
      const { id, token } = await createApiToken(db, { name: req.body.name, role: req.body.role, createdBy: actor(req) })
      req.auditDetail = { created_token_id: id, role: req.body.role }
      return reply.status(201).send(ok({ id, token, role: req.body.role }))
    },
  )
  app.get('/tokens', { config: { role: 'admin' }, schema: { tags: ['auth'], summary: 'List API tokens (never the secrets)', response: { 200: Success(Type.Array(ref(ApiToken))), ...errorResponses } } }, async () =>
    ok((await listApiTokens(db)).map((t) => ({ ...t, createdAt: t.createdAt.toISOString(), lastUsedAt: iso(t.lastUsedAt), revokedAt: iso(t.revokedAt) }))),
  )
  app.delete(
    '/tokens/:id',
    { config: { role: 'admin' }, schema: { tags: ['auth'], summary: 'Revoke an API token', params: Type.Object({ id: Type.String({ maxLength: 64 }) }), response: { 200: Success(ref(ApiTokenRevoked)), ...errorResponses } } },
    async (req) => {
      // The configured admin token is accepted again at every start: revoking it here would only
      // pretend. Rotation is a configuration change.
      if (deps.config.adminToken && (await apiTokenIdOf(db, deps.config.adminToken)) === req.params.id) {
        throw conflict(
          'configured_token',
          'this admin token comes from the configuration (SCOPS_ADMIN_TOKEN) and cannot be revoked here; to rotate it, set SCOPS_ADMIN_TOKEN to a new value and restart, then revoke this one',
        )
      }
      if (!(await revokeApiToken(db, req.params.id))) throw notFound('API token', req.params.id)
      deps.principals.clear()
      req.auditDetail = { revoked_token_id: req.params.id }
      return ok({ id: req.params.id, revoked: true })
    },
  )
}
