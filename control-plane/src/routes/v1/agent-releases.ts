import { createHash } from 'node:crypto'
import Type from 'typebox'
import { AgentVersion } from '@smartcloudops/shared'
import { ReleaseError, readRelease } from '@smartcloudops/shared/release/read-release'
import { verifyReleaseSignature } from '@smartcloudops/shared/release/signature'
import { actor } from '../../auth/plugin'
import { releasePublicKeyOf } from '../../config'
import {
  clearCurrentReleaseAssignment,
  countHostsByAgentVersion,
  createReleaseAssignment,
  getRelease,
  insertRelease,
  listActiveReleaseAssignments,
  listHostVersions,
  listReleases,
  type ReleaseInfo,
} from '../../db/queries/agent-releases'
import { targetKey } from '../../db/queries/models'
import type { AgentReleaseAssignmentRow } from '../../db/schema'
import { effectiveRelease, releaseUrl } from '../../fleet/agent-release-assignment'
import { describeTarget, resolveTargetHosts } from '../../fleet/targets'
import { ErrorBody, Success, errorResponses, iso, ok } from '../../http/envelope'
import { ApiError, badRequest, conflict, notFound } from '../../http/errors'
import { AgentReleaseActivation, AgentReleaseDetail, AgentReleaseList, AgentRelease, AgentReleaseRollback, AgentVersionList, ref } from '../../http/schemas'
import type { App, RouteDeps } from '../../http/types'
import { TargetBody, targetOf } from './models'
import type { Target } from '../../fleet/targets'

const VersionParam = Type.Object({ version: AgentVersion })
/** A release unpacks to about 3× its gzipped size (measured: 17 MiB → 47 MiB); this bounds a gzip bomb. */
const UNPACK_FACTOR = 8

function releaseView(r: ReleaseInfo) {
  return {
    version: r.version,
    sha256: r.sha256,
    size: r.size,
    arch: r.manifest.arch,
    node: r.manifest.node,
    files: r.manifest.files.length,
    signed: r.signature !== null,
    uploaded_by: r.uploadedBy,
    created_at: r.createdAt.toISOString(),
    url: releaseUrl(r.version),
  }
}

function assignmentView(a: AgentReleaseAssignmentRow) {
  return { id: a.id, scope: a.scope, selector: a.selector, version: a.releaseVersion, author: a.author, created_at: a.createdAt.toISOString(), cleared_at: iso(a.clearedAt), cleared_by: a.clearedBy }
}

/**
 * Agent releases: upload the tarball `pnpm release` builds (admin; checked whole, file by file,
 * against its manifest — and its signature when a key is configured), list and inspect (viewer),
 * assign a version to the fleet / a label selector / one host and roll an assignment back (admin),
 * and every host's running and target version with its last upgrade outcome (viewer). Every
 * assignment change pushes a new desired state (with `agent_release`) to the affected agents.
 */
export function agentReleaseRoutes(app: App, deps: RouteDeps): void {
  const db = deps.database.db
  const maxBytes = deps.config.releaseMaxBytes
  const key = releasePublicKeyOf(deps.config)

  app.addContentTypeParser('application/gzip', { parseAs: 'buffer', bodyLimit: maxBytes }, (_req, body, done) => done(null, body))

  app.post(
    '/agent-releases',
    {
      config: { role: 'admin' },
      bodyLimit: maxBytes,
      schema: {
        tags: ['agent-releases'],
        summary: 'Upload an agent release: the tarball `pnpm release` builds, as application/gzip; its version is the one in its manifest',
        description:
          '`curl --data-binary @smartcloudops-agent-0.1.1-linux-x64.tar.gz -H "content-type: application/gzip" -H "x-scops-signature: $(cat ….sig)"`. ' +
          'The tarball is read whole: one top directory, regular files only, every file matching manifest.json (size and sha256), nothing unlisted. ' +
          'With SCOPS_RELEASE_PUBLIC_KEY_FILE set, the detached ed25519 signature (base64, header x-scops-signature) must verify. ' +
          'Stored in the database (every replica serves it). Identical bytes under an existing version → 200; different bytes → 409.',
        headers: Type.Object({ 'x-scops-signature': Type.Optional(Type.String({ minLength: 1, maxLength: 200, pattern: '^[A-Za-z0-9+/]+={0,2}$' })) }),
        response: { 200: Success(ref(AgentRelease)), 201: Success(ref(AgentRelease)), 409: ErrorBody, 413: ErrorBody, 415: ErrorBody, ...errorResponses },
      },
    },
    async (req, reply) => {
      const body = req.body as unknown
      if (!Buffer.isBuffer(body)) {
        if (body === undefined || body === null) throw badRequest('empty_body', 'send the release tarball as the body (content-type: application/gzip)')
        throw new ApiError(415, 'unsupported_media_type', 'send the release tarball as the body with content-type: application/gzip')
      }
      if (body.length === 0) throw badRequest('empty_body', 'the body is empty: send the release tarball (content-type: application/gzip)')
      const bytes = new Uint8Array(body.buffer, body.byteOffset, body.byteLength)
      const signature = req.headers['x-scops-signature'] ?? null
      let manifest
      try {
        if (key) verifyReleaseSignature(bytes, signature, key)
        manifest = (await readRelease(bytes, { maxUnpackedBytes: maxBytes * UNPACK_FACTOR })).manifest
      } catch (err) {
        if (err instanceof ReleaseError) throw badRequest(err.code === 'unsigned' || err.code === 'bad_signature' ? err.code : 'bad_release', `release refused: ${err.message}`)
        throw err
      }
      const sha256 = createHash('sha256').update(bytes).digest('hex')
      req.auditDetail = { version: manifest.version, sha256, size: bytes.length, signed: signature !== null }
      const row = await insertRelease(db, { version: manifest.version, sha256, bytes, manifest, signature, uploadedBy: actor(req) })
      if (row) return reply.status(201).send(ok(releaseView(row)))
      const existing = await getRelease(db, manifest.version)
      if (existing && existing.sha256 === sha256) return reply.status(200).send(ok(releaseView(existing)))
      throw conflict('release_version_exists', `agent version "${manifest.version}" is already uploaded with different bytes (sha256 ${existing?.sha256}); versions are immutable: build it with a new version`)
    },
  )

  app.get(
    '/agent-releases',
    { config: { role: 'viewer' }, schema: { tags: ['agent-releases'], summary: 'Uploaded agent releases (newest first) and the active version assignments', response: { 200: Success(ref(AgentReleaseList)), ...errorResponses } } },
    async () => {
      const [releases, assignments] = await Promise.all([listReleases(db), listActiveReleaseAssignments(db)])
      return ok({ releases: releases.map(releaseView), assignments: assignments.map(assignmentView) })
    },
  )

  app.get(
    '/agent-releases/:version',
    {
      config: { role: 'viewer' },
      schema: { tags: ['agent-releases'], summary: 'One release: hash, size, contents, where it is assigned, how many hosts run it', params: VersionParam, response: { 200: Success(ref(AgentReleaseDetail)), ...errorResponses } },
    },
    async (req) => {
      const r = await getRelease(db, req.params.version)
      if (!r) throw notFound('agent release', req.params.version)
      const [assignments, running] = await Promise.all([listActiveReleaseAssignments(db), countHostsByAgentVersion(db, r.version)])
      return ok({ ...releaseView(r), assignments: assignments.filter((a) => a.releaseVersion === r.version).map(assignmentView), hosts_running: running })
    },
  )

  app.post(
    '/agent-releases/:version/assign',
    {
      config: { role: 'admin' },
      schema: {
        tags: ['agent-releases'],
        summary: 'Run this agent version on the fleet, on hosts matching a selector, or on one host (most specific wins: host > group > fleet)',
        params: VersionParam,
        body: Type.Optional(TargetBody),
        response: { 200: Success(ref(AgentReleaseActivation)), 201: Success(ref(AgentReleaseActivation)), ...errorResponses },
      },
    },
    async (req, reply) => {
      const r = await getRelease(db, req.params.version)
      if (!r) throw notFound('agent release', req.params.version)
      const target = releaseTargetOf(req.body ?? {})
      if (target.hostId) await resolveTargetHosts(db, target)
      const current = (await listActiveReleaseAssignments(db)).find((a) => targetKey(a.scope, { selector: a.selector, requirements: null }) === targetKey(target.scope, { selector: target.selector, requirements: null }))
      req.auditDetail = { version: r.version, scope: target.scope, selector: target.selector }
      if (current?.releaseVersion === r.version) return reply.status(200).send(ok({ assignment: assignmentView(current), changed: false, target: describeTarget(target) }))
      const row = await createReleaseAssignment(db, { scope: target.scope, selector: target.selector, releaseVersion: r.version, author: actor(req) })
      req.auditDetail = { ...req.auditDetail, assignment_id: row.id, previous_version: current?.releaseVersion ?? null }
      await deps.bus.publish({ kind: 'agent_releases', ...(target.hostId ? { hostIds: [target.hostId] } : {}) })
      return reply.status(201).send(ok({ assignment: assignmentView(row), changed: true, previous_version: current?.releaseVersion ?? null, target: describeTarget(target) }))
    },
  )

  app.post(
    '/agent-releases/rollback',
    {
      config: { role: 'admin' },
      schema: {
        tags: ['agent-releases'],
        summary: "Undo the latest version assignment at a target: its previous one applies again (or the next less specific scope's; none = hosts keep what they run)",
        body: Type.Optional(TargetBody),
        response: { 200: Success(ref(AgentReleaseRollback)), ...errorResponses },
      },
    },
    async (req) => {
      const target = releaseTargetOf(req.body ?? {})
      if (target.hostId) await resolveTargetHosts(db, target)
      const cleared = await clearCurrentReleaseAssignment(db, target.scope, target.selector, actor(req))
      if (!cleared) throw new ApiError(404, 'no_assignment', `no agent version is assigned to ${describeTarget(target)}: nothing to roll back`)
      const now = (await listActiveReleaseAssignments(db)).find((a) => targetKey(a.scope, { selector: a.selector, requirements: null }) === targetKey(target.scope, { selector: target.selector, requirements: null }))
      req.auditDetail = { scope: target.scope, selector: target.selector, cleared_assignment: cleared.id, from_version: cleared.releaseVersion, to_version: now?.releaseVersion ?? null }
      await deps.bus.publish({ kind: 'agent_releases', ...(target.hostId ? { hostIds: [target.hostId] } : {}) })
      return ok({ cleared: assignmentView(cleared), current: now ? assignmentView(now) : null, target: describeTarget(target) })
    },
  )

  app.get(
    '/agent-versions',
    {
      config: { role: 'viewer' },
      schema: { tags: ['agent-releases'], summary: "Every host's running agent version, the version it is assigned, and how its last upgrade ended", response: { 200: Success(ref(AgentVersionList)), ...errorResponses } },
    },
    async () => {
      const [hostRows, assignments] = await Promise.all([listHostVersions(db), listActiveReleaseAssignments(db)])
      return ok({
        hosts: hostRows.map((h) => ({
          host_id: h.id,
          hostname: h.hostname,
          running_version: h.agentVersion,
          target_version: effectiveRelease(assignments, h)?.version ?? null,
          last_upgrade: h.last && { from_version: h.last.fromVersion, to_version: h.last.toVersion, outcome: h.last.outcome, error: h.last.error, at: h.last.at.toISOString() },
        })),
      })
    },
  )
}

/**
 * Agent-version assignments store equality selectors only (no set-based terms column): a set-based
 * selector is refused by name rather than widened to every host.
 */
function releaseTargetOf(body: { scope?: string; host_id?: string; selector?: string }): Target {
  const target = targetOf(body)
  if (target.scope === 'group' && !target.labels && target.requirements) {
    throw badRequest('unsupported_selector', `agent versions are assigned by equality selectors (key=value,...); "${body.selector}" is set-based`)
  }
  return target
}
