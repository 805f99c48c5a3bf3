import Type from 'typebox'
import { numberLimits } from '@smartcloudops/shared'
import { DurationWithin } from '@smartcloudops/shared'
import { actor } from '../../auth/plugin'
import { roleAllows } from '../../auth/roles'
import { getRollout, listRollouts } from '../../db/queries/rollouts'
import { rolloutKinds } from '../../db/schema'
import { gateMetrics } from '../../fleet/rollouts/gate'
import { maxSoakSeconds } from '../../fleet/rollouts/stages'
import { createRollout, manualAction, type ManualAction } from '../../fleet/rollouts/service'
import { rolloutDetail, rolloutView } from '../../fleet/rollouts/view'
import { ErrorBody, Pagination, Success, errorResponses, ok } from '../../http/envelope'
import { ApiError, notFound } from '../../http/errors'
import { RolloutDetail, RolloutList, ref } from '../../http/schemas'
import type { App, RouteDeps } from '../../http/types'

const Id = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) })

const StageBody = Type.Object(
  {
    selector: Type.Optional(Type.String({ minLength: 1, maxLength: 2000, description: 'canary: the hosts matching this label selector (Kubernetes grammar)' })),
    percent: Type.Optional(Type.Number({ minimum: 0.01, maximum: 100, description: 'the first N % of hosts by a stable hash of the host id; stages only grow, the last is 100' })),
    soak: DurationWithin(maxSoakSeconds),
  },
  { additionalProperties: false },
)

const GateLimitBody = Type.Object(
  {
    max_ratio: Type.Optional(Type.Number({ minimum: 1, maximum: 1000, description: 'the new version may reach this multiple of the old per host' })),
    min_excess: Type.Optional(Type.Number({ minimum: 0, maximum: 1_000_000, description: 'and a breach needs at least this much more per host over the window' })),
  },
  { additionalProperties: false },
)

const CreateBody = Type.Object(
  {
    kind: Type.Union(rolloutKinds.map((k) => Type.Literal(k))),
    rules: Type.Optional(Type.Array(Type.Unknown(), { maxItems: 1000, description: 'ruleset: the new rules (recorded as a version that is not current until the rollout completes)' })),
    ruleset_version: Type.Optional(Type.Integer({ minimum: 1, maximum: numberLimits.int4, description: 'ruleset: an existing version to roll out instead of rules' })),
    model_version: Type.Optional(Type.String({ minLength: 1, maxLength: 128, description: 'model: an uploaded model version' })),
    message: Type.Optional(Type.String({ maxLength: 2000 })),
    stages: Type.Array(StageBody, { minItems: 1, maxItems: 20 }),
    gate: Type.Optional(Type.Object(Object.fromEntries(gateMetrics.map((m) => [m, Type.Optional(GateLimitBody)])), { additionalProperties: false })),
  },
  { additionalProperties: false },
)

const ReasonBody = Type.Object({ reason: Type.Optional(Type.String({ minLength: 1, maxLength: 2000 })) }, { additionalProperties: false })

/**
 * Staged rollouts of a ruleset or a model version: start one, watch it (state, gate figures, each
 * host's stage and versions), and promote / pause / resume / abort it by hand. The gate and the
 * automatic promotion and rollback are the driver's (fleet/rollouts/driver.ts).
 */
export function rolloutRoutes(app: App, deps: RouteDeps): void {
  const db = deps.database.db

  app.get(
    '/rollouts',
    {
      config: { role: 'viewer' },
      schema: { tags: ['rollouts'], summary: 'Staged rollouts, newest first', querystring: Type.Object(Pagination.properties, { additionalProperties: false }), response: { 200: Success(ref(RolloutList)), ...errorResponses } },
    },
    async (req) => {
      const { items, total } = await listRollouts(db, req.query.limit ?? 100, req.query.offset ?? 0)
      return ok({ rollouts: items.map((r) => rolloutView(r)), total })
    },
  )

  app.post(
    '/rollouts',
    {
      config: { role: 'operator' },
      schema: {
        tags: ['rollouts'],
        summary: 'Start a staged rollout of a ruleset (operator) or a model version (admin)',
        description:
          'Stages: a canary `selector` or a `percent` of hosts (stable by host id), each held for `soak`; the last stage is `percent: 100`. ' +
          'While the gate holds (action rate, failed verifications, agent errors, suppressions per host on the new version against hosts on the old), ' +
          'each stage is promoted when its soak ends; when it breaks, the rollout rolls back by itself and raises an alert with the numbers. ' +
          'Thresholds in `gate` (defaults in the README). One active rollout per kind; a ruleset edit while a ruleset rollout runs is refused (409).',
        body: CreateBody,
        response: { 201: Success(ref(RolloutDetail)), 409: ErrorBody, ...errorResponses },
      },
    },
    async (req, reply) => {
      if (req.body.kind === 'model' && req.principal && !roleAllows(req.principal.role, 'admin')) {
        throw new ApiError(403, 'forbidden', 'a model rollout needs the admin role (like POST /models/{version}/activate)')
      }
      const row = await createRollout(db, deps.bus, req.body, actor(req), app.rollouts.now())
      req.auditDetail = { rollout_id: row.id, kind: row.kind, to_ruleset_version: row.toRulesetVersion, to_model_version: row.toModelVersion, stages: row.stages.length }
      return reply.status(201).send(ok(await rolloutDetail(db, row)))
    },
  )

  app.get(
    '/rollouts/:id',
    {
      config: { role: 'viewer' },
      schema: { tags: ['rollouts'], summary: 'One rollout: state, stages, gate figures, events, and every host with its stage and versions', params: Id, response: { 200: Success(ref(RolloutDetail)), ...errorResponses } },
    },
    async (req) => {
      const r = await getRollout(db, req.params.id)
      if (!r) throw notFound('rollout', req.params.id)
      return ok(await rolloutDetail(db, r))
    },
  )

  const summaries: Record<ManualAction, string> = {
    promote: 'Promote to the next stage now (or complete at the last), skipping the soak and the gate',
    pause: 'Pause: hosts stay on their versions, nothing is promoted or rolled back until resumed',
    resume: 'Resume a paused rollout: the current stage soaks again from now',
    abort: 'Abort: every host goes back to the previous version',
  }
  for (const action of Object.keys(summaries) as ManualAction[]) {
    app.post(
      `/rollouts/:id/${action}`,
      {
        config: { role: 'operator' },
        schema: { tags: ['rollouts'], summary: summaries[action], params: Id, body: Type.Optional(ReasonBody), response: { 200: Success(ref(RolloutDetail)), 409: ErrorBody, ...errorResponses } },
      },
      async (req) => {
        const before = await getRollout(db, req.params.id)
        if (!before) throw notFound('rollout', req.params.id)
        if (before.kind === 'model' && req.principal && !roleAllows(req.principal.role, 'admin')) {
          throw new ApiError(403, 'forbidden', `${action} of a model rollout needs the admin role`)
        }
        const row = await manualAction(db, deps.bus, req.params.id, action, actor(req), req.body?.reason, app.rollouts.now())
        req.auditDetail = { rollout_id: row.id, action, state: row.state, stage: row.stageIndex + 1, ...(req.body?.reason ? { reason: req.body.reason } : {}) }
        return ok(await rolloutDetail(db, row))
      },
    )
  }
}
