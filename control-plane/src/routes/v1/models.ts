import { createHash } from 'node:crypto'
import Type from 'typebox'
import { actor } from '../../auth/plugin'
import { countHostsByModel } from '../../db/queries/hosts'
import { clearCurrentAssignment, createAssignment, getModel, insertModel, listActiveAssignments, listModels, targetKey, type ActiveAssignment, type ModelInfo } from '../../db/queries/models'
import { modelScopes, type ModelAssignmentRow } from '../../db/schema'
import { modelUrl } from '../../fleet/model-assignment'
import { validateModel } from '../../fleet/model-validation'
import { storedSelectorText } from '../../fleet/selector'
import { TargetFields, describeTarget, parseTarget, resolveTargetHosts, storedSelectorOf, type Target } from '../../fleet/targets'
import { Success, errorResponses, ok, iso, ErrorBody } from '../../http/envelope'
import { ApiError, badRequest, conflict, notFound } from '../../http/errors'
import { Model, ModelActivation, ModelDetail, ModelList, ModelRollback, ref } from '../../http/schemas'
import type { App, RouteDeps } from '../../http/types'
const VersionParam = Type.Object({ version: Type.String({ minLength: 1, maxLength: 128 }) })
export const TargetBody = Type.Object(
  {
    scope: Type.Optional(Type.Union(modelScopes.map((s) => Type.Literal(s)), { description: 'fleet | group (selector) | host (host_id); inferred when absent' })),
    ...TargetFields,
  },
  { additionalProperties: false },
)

export function modelView(m: ModelInfo) {
  return { version: m.version, sha256: m.sha256, size: m.size, uploaded_by: m.uploadedBy, created_at: m.createdAt.toISOString(), url: modelUrl(m.version), meta: m.meta }
}

export function assignmentView(a: ModelAssignmentRow) {
  return {
    id: a.id,
    scope: a.scope,
    selector: a.selector,
    label_selector: a.scope === 'group' ? storedSelectorText(a) : null,
    model_version: a.modelVersion,
    author: a.author,
    created_at: a.createdAt.toISOString(),
    cleared_at: iso(a.clearedAt),
    cleared_by: a.clearedBy,
  }
}

/** The target a body names; `scope`, when given, must agree with host_id / selector. */
export function targetOf(body: { scope?: string; host_id?: string; selector?: string }): Target {
  const t = parseTarget(body)
  if (body.scope && body.scope !== t.scope) {
    const need = { fleet: 'neither host_id nor selector', group: 'a selector', host: 'a host_id' }[body.scope as Target['scope']]
    throw badRequest('ambiguous_target', `scope "${body.scope}" needs ${need}; the body gives ${t.scope === 'fleet' ? 'neither' : t.scope === 'host' ? 'host_id' : 'selector'}`)
  }
  return t
}

/**
 * Model registry: upload (admin; validated with the agent's own loader), list and inspect (viewer),
 * activate for the fleet / a label selector / one host, and roll back (admin). Every change pushes a
 * new desired state (with the model reference) to the affected agents at once.
 */
export function modelRoutes(app: App, deps: RouteDeps): void {
  const db = deps.database.db
  const maxBytes = deps.config.modelMaxBytes

  app.addContentTypeParser('application/octet-stream', { parseAs: 'buffer', bodyLimit: maxBytes }, (_req, body, done) => done(null, body))

  app.post(
    '/models',
    {
      config: { role: 'admin' },
      bodyLimit: maxBytes,
      schema: {
        tags: ['models'],
        summary: 'Upload a model: the raw ONNX file as application/octet-stream; its version is the one in its metadata',
        description:
          'The body is the model file itself (`curl --data-binary @model.onnx -H "content-type: application/octet-stream"`). ' +
          'The version comes from the model\'s `scops.model` metadata; `?version=` is optional and, when given, must match it. ' +
          'sha256 is computed here. The model is loaded and test-scored with the agent\'s own loader; a corrupt or wrong-shape model is refused with 400. ' +
          'Re-uploading identical bytes under an existing version returns the existing model (200); different bytes → 409.',
        querystring: Type.Object({ version: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })) }, { additionalProperties: false }),
        response: { 200: Success(ref(Model)), 201: Success(ref(Model)), 409: ErrorBody, 413: ErrorBody, 415: ErrorBody, ...errorResponses },
      },
    },
    async (req, reply) => {
      const body = req.body as unknown
      if (!Buffer.isBuffer(body)) {
        if (body === undefined || body === null) throw badRequest('empty_body', 'send the model file as the body (content-type: application/octet-stream)')
        throw new ApiError(415, 'unsupported_media_type', 'send the model file as the body with content-type: application/octet-stream')
      }
      if (body.length === 0) throw badRequest('empty_body', 'the body is empty: send the model file (content-type: application/octet-stream)')
      const bytes = new Uint8Array(body.buffer, body.byteOffset, body.byteLength)
      const sha256 = createHash('sha256').update(bytes).digest('hex')
      const model = await validateModel(bytes)
      if (req.query.version !== undefined && req.query.version !== model.version) {
        throw badRequest('version_mismatch', `?version=${req.query.version} but the model's metadata says "${model.version}" (agents check the metadata version)`)
      }
      req.auditDetail = { version: model.version, sha256, size: bytes.length }
      const row = await insertModel(db, { version: model.version, sha256, bytes, meta: model.meta, uploadedBy: actor(req) })
      if (row) return reply.status(201).send(ok(modelView(row)))
      const existing = await getModel(db, model.version)
      if (existing && existing.sha256 === sha256) return reply.status(200).send(ok(modelView(existing)))
      throw conflict('model_version_exists', `model version "${model.version}" is already registered with different bytes (sha256 ${existing?.sha256}); versions are immutable: build it with a new version`)
    },
  )

  app.get(
    '/models',
    {
      config: { role: 'viewer' },
      schema: { tags: ['models'], summary: 'Registered models (newest first) and the active assignments', response: { 200: Success(ref(ModelList)), ...errorResponses } },
    },
    async () => {
      const [models, assignments] = await Promise.all([listModels(db), listActiveAssignments(db)])
      return ok({ models: models.map(modelView), assignments: assignments.map(assignmentView) })
    },
  )

  app.get(
    '/models/:version',
    {
      config: { role: 'viewer' },
      schema: { tags: ['models'], summary: 'One model: hash, size, metadata, where it is assigned, how many hosts report running it', params: VersionParam, response: { 200: Success(ref(ModelDetail)), ...errorResponses } },
    },
    async (req) => {
      const m = await getModel(db, req.params.version)
      if (!m) throw notFound('model version', req.params.version)
      const [assignments, hosts] = await Promise.all([listActiveAssignments(db), countHostsByModel(db, m.version)])
      return ok({ ...modelView(m), assignments: assignments.filter((a) => a.modelVersion === m.version).map(assignmentView), hosts_running: hosts })
    },
  )

  app.post(
    '/models/:version/activate',
    {
      config: { role: 'admin' },
      schema: {
        tags: ['models'],
        summary: 'Run this model on the fleet, on hosts matching a selector, or on one host (most specific wins: host > group > fleet)',
        params: VersionParam,
        body: Type.Optional(TargetBody),
        response: { 200: Success(ref(ModelActivation)), 201: Success(ref(ModelActivation)), ...errorResponses },
      },
    },
    async (req, reply) => {
      const m = await getModel(db, req.params.version)
      if (!m) throw notFound('model version', req.params.version)
      const target = targetOf(req.body ?? {})
      if (target.hostId) await resolveTargetHosts(db, target)
      const stored = storedSelectorOf(target)
      const current = (await listActiveAssignments(db)).find((a) => targetKey(a.scope, a) === targetKey(target.scope, stored))
      req.auditDetail = { version: m.version, scope: target.scope, selector: target.selector, ...(stored.requirements ? { label_selector: storedSelectorText(stored) } : {}) }
      if (current?.modelVersion === m.version) {
        return reply.status(200).send(ok({ assignment: assignmentView(current), changed: false, target: describeTarget(target) }))
      }
      const row = await createAssignment(db, { scope: target.scope, ...stored, modelVersion: m.version, author: actor(req) })
      req.auditDetail = { ...req.auditDetail, assignment_id: row.id, previous_version: current?.modelVersion ?? null }
      await deps.bus.publish({ kind: 'models', ...(target.hostId ? { hostIds: [target.hostId] } : {}) })
      return reply.status(201).send(ok({ assignment: assignmentView(row), changed: true, previous_version: current?.modelVersion ?? null, target: describeTarget(target) }))
    },
  )

  app.post(
    '/models/rollback',
    {
      config: { role: 'admin' },
      schema: {
        tags: ['models'],
        summary: "Undo the latest activation at a target: its previous model comes back (or, if none, the next less specific scope's / the built-in model)",
        body: Type.Optional(TargetBody),
        response: { 200: Success(ref(ModelRollback)), ...errorResponses },
      },
    },
    async (req) => {
      const target = targetOf(req.body ?? {})
      if (target.hostId) await resolveTargetHosts(db, target)
      const stored = storedSelectorOf(target)
      const cleared = await clearCurrentAssignment(db, target.scope, stored, actor(req))
      if (!cleared) throw new ApiError(404, 'no_assignment', `no model is assigned to ${describeTarget(target)}: nothing to roll back`)
      const now: ActiveAssignment | undefined = (await listActiveAssignments(db)).find((a) => targetKey(a.scope, a) === targetKey(target.scope, stored))
      req.auditDetail = { scope: target.scope, selector: target.selector, ...(stored.requirements ? { label_selector: storedSelectorText(stored) } : {}), cleared_assignment: cleared.id, from_version: cleared.modelVersion, to_version: now?.modelVersion ?? null }
      await deps.bus.publish({ kind: 'models', ...(target.hostId ? { hostIds: [target.hostId] } : {}) })
      return ok({ cleared: assignmentView(cleared), current: now ? assignmentView(now) : null, target: describeTarget(target) })
    },
  )
}
