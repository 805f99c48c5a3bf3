import Type from 'typebox'
import { LabelSelector } from '@smartcloudops/shared'
import { AgentVersion } from '@smartcloudops/shared'
import { getReleaseBytes } from '../../db/queries/agent-releases'
import { getModelBytes } from '../../db/queries/models'
import { findHostIdByCredential } from '../../db/queries/tokens'
import { enroll } from '../../fleet/enrollment'
import { checkAuthBudget } from '../../auth/plugin'
import { bearer } from '../../auth/tokens'
import { ErrorBody, Success, ok } from '../../http/envelope'
import { ApiError, notFound } from '../../http/errors'
import type { App, RouteDeps } from '../../http/types'

/** Agent-facing HTTP: enrollment (with an enrollment token) and model downloads (with the credential). */
export function agentRoutes(app: App, deps: RouteDeps): void {
  const db = deps.database.db
  // Enrollment tokens and agent credentials are guessed like API tokens: the same failure budget,
  // checked before the lookup.
  const limited = async <T>(address: string, attempt: () => Promise<T>): Promise<T> => {
    checkAuthBudget(deps.authLimiter, address)
    deps.authLimiter.counters.lookups_total++
    try {
      return await attempt()
    } catch (err) {
      if (err instanceof ApiError && err.statusCode === 401) deps.authLimiter.fail(address)
      throw err
    }
  }
  /** The host whose credential the request carries (401 otherwise, counted against the address). */
  const agentHost = (req: { ip: string; headers: { authorization?: string } }) =>
    limited(req.ip, async () => {
      const credential = bearer(req.headers.authorization)
      const id = credential ? await findHostIdByCredential(db, credential) : undefined
      if (!id) throw new ApiError(401, 'unauthenticated', 'send "Authorization: Bearer <agent credential>" of an enrolled host')
      return id
    })
  app.post(
    '/agents/enroll',
    {
      // Authenticated by the enrollment token in the body, not an API token.
      config: { role: 'enrollment', rateLimit: { max: 60, timeWindow: '1 minute' } },
      schema: {
        tags: ['agents'],
        summary: 'Enroll a host with an enrollment token; returns its credential once',
        security: [],
        body: Type.Object(
          {
            token: Type.String({ minLength: 1, maxLength: 512 }),
            hostname: Type.String({ minLength: 1, maxLength: 256 }),
            // What the agent proposes: stored as reported_labels; the enrollment token decides the labels.
            labels: Type.Optional(LabelSelector),
            agent_version: Type.Optional(Type.String({ maxLength: 64 })),
          },
          { additionalProperties: false },
        ),
        response: {
          201: Success(Type.Object({ host_id: Type.String(), credential: Type.String() })),
          400: ErrorBody,
          401: ErrorBody,
          409: ErrorBody,
          429: ErrorBody,
        },
      },
    },
    async (req, reply) => {
      const { host, credential, reprovisioned } = await limited(req.ip, () =>
        enroll(db, { token: req.body.token, hostname: req.body.hostname, labels: req.body.labels, agentVersion: req.body.agent_version }),
      )
      // Re-provisioned: an agent still connected with the old credential must not keep speaking for the host.
      if (reprovisioned) deps.gateway.disconnect(host.id, 're-provisioned: credential replaced')
      req.auditDetail = { host_id: host.id, hostname: host.hostname, labels: host.labels, reported_labels: host.reportedLabels, reprovisioned }
      return reply.status(201).send(ok({ host_id: host.id, credential }))
    },
  )

  app.get(
    '/agents/models/:version',
    {
      // Authenticated by the agent credential (not an API token), checked here.
      config: { role: 'agent' },
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
      await agentHost(req)
      const m = await getModelBytes(db, req.params.version)
      if (!m) throw notFound('model version', req.params.version)
      return reply
        .header('content-type', 'application/octet-stream')
        .header('x-model-sha256', m.sha256)
        .header('cache-control', 'no-store')
        .send(m.bytes)
    },
  )

  app.get(
    '/agents/releases/:version',
    {
      config: { role: 'agent' },
      schema: {
        tags: ['agents'],
        summary: 'Agent release tarball for agents (Authorization: Bearer <agent credential>); the agent verifies sha256 (and the signature) from its desired state',
        params: Type.Object({ version: AgentVersion }),
        response: {
          200: { description: 'the release tarball', content: { 'application/gzip': { schema: Type.Unsafe<Uint8Array>({ type: 'string', format: 'binary' }) } } },
          401: ErrorBody,
          404: ErrorBody,
        },
      },
    },
    async (req, reply) => {
      await agentHost(req)
      const r = await getReleaseBytes(db, req.params.version)
      if (!r) throw notFound('agent release', req.params.version)
      return reply.header('content-type', 'application/gzip').header('x-release-sha256', r.sha256).header('cache-control', 'no-store').send(r.bytes)
    },
  )
}
