import Type from 'typebox'
import { LabelSelector } from '@smartcloudops/shared'
import { enrollHost } from '../../db/queries/hosts'
import { getModelBytes } from '../../db/queries/models'
import { consumeEnrollmentToken, findHostIdByCredential, issueAgentCredential } from '../../db/queries/tokens'
import { bearer } from '../../auth/tokens'
import { ErrorBody, Success, ok } from '../../http/envelope'
import { ApiError, notFound } from '../../http/errors'
import type { App, RouteDeps } from '../../http/types'

/** Agent-facing HTTP: enrollment (with an enrollment token) and model downloads (with the credential). */
export function agentRoutes(app: App, deps: RouteDeps): void {
  const db = deps.database.db
  app.post(
    '/agents/enroll',
    {
      // Authenticated by the enrollment token in the body, not an API token.
      config: { role: 'public', rateLimit: { max: 60, timeWindow: '1 minute' } },
      schema: {
        tags: ['agents'],
        summary: 'Enroll a host with an enrollment token; returns its credential once',
        security: [],
        body: Type.Object(
          {
            token: Type.String({ minLength: 1, maxLength: 512 }),
            hostname: Type.String({ minLength: 1, maxLength: 256 }),
            labels: Type.Optional(LabelSelector),
            agent_version: Type.Optional(Type.String({ maxLength: 64 })),
          },
          { additionalProperties: false },
        ),
        response: {
          201: Success(Type.Object({ host_id: Type.String(), credential: Type.String() })),
          400: ErrorBody,
          401: ErrorBody,
          429: ErrorBody,
        },
      },
    },
    async (req, reply) => {
      const grant = await consumeEnrollmentToken(db, req.body.token)
      if (!grant) throw new ApiError(401, 'invalid_enrollment_token', 'the enrollment token is unknown, revoked, expired or used up')
      const host = await enrollHost(db, {
        hostname: req.body.hostname,
        labels: { ...grant.labels, ...req.body.labels },
        agentVersion: req.body.agent_version,
      })
      const credential = await issueAgentCredential(db, host.id)
      // An agent already connected with the old credential must not keep speaking for the host.
      deps.gateway.disconnect(host.id, 're-enrolled: credential replaced')
      req.auditDetail = { host_id: host.id, hostname: host.hostname }
      return reply.status(201).send(ok({ host_id: host.id, credential }))
    },
  )

  app.get(
    '/agents/models/:version',
    {
      // Authenticated by the agent credential (not an API token), checked here.
      config: { role: 'public' },
      schema: {
        tags: ['agents'],
        summary: 'Model bytes for agents (Authorization: Bearer <agent credential>); the agent verifies sha256 from its desired state',
        params: Type.Object({ version: Type.String({ minLength: 1, maxLength: 128 }) }),
        response: {
          200: { description: 'the model file', content: { 'application/octet-stream': { schema: Type.Unsafe<Uint8Array>({ type: 'string', format: 'binary' }) } } },
          401: ErrorBody,
          404: ErrorBody,
        },
      },
    },
    async (req, reply) => {
      const credential = bearer(req.headers.authorization)
      const hostId = credential ? await findHostIdByCredential(db, credential) : undefined
      if (!hostId) throw new ApiError(401, 'unauthenticated', 'send "Authorization: Bearer <agent credential>" of an enrolled host')
      const m = await getModelBytes(db, req.params.version)
      if (!m) throw notFound('model version', req.params.version)
      return reply
        .header('content-type', 'application/octet-stream')
        .header('x-model-sha256', m.sha256)
        .header('cache-control', 'no-store')
        .send(m.bytes)
    },
  )
}
