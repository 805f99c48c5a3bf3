import Type from 'typebox'
import { OverrideMode } from '@smartcloudops/shared'
import { actor } from '../../auth/plugin'
import { clearOverride, getOverride, listOverrides } from '../../db/queries/overrides'
import { overridesWithMatches, overrideWithMatches } from '../../fleet/override-matches'
import { OverrideBodyFields, applyOverride, expiryFrom, overrideView } from '../../fleet/override-service'
import { storedSelectorText } from '../../fleet/selector'
import { TargetFields, parseTarget, resolveTargetHosts } from '../../fleet/targets'
import { Success, errorResponses, ok } from '../../http/envelope'
import { notFound } from '../../http/errors'
import { Override, OverrideWithMatches, ref } from '../../http/schemas'
import type { App, RouteDeps } from '../../http/types'

/** Overrides: fleet / group / host; enabled | dry_run | paused; the most restrictive active one wins. */
export function overrideRoutes(app: App, deps: RouteDeps): void {
  const db = deps.database.db
  app.get(
    '/overrides',
    {
      config: { role: 'viewer' },
      schema: {
        tags: ['overrides'],
        summary: 'List overrides (active ones unless include_inactive)',
        querystring: Type.Object({ include_inactive: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
        response: { 200: Success(Type.Array(ref(OverrideWithMatches))), ...errorResponses },
      },
    },
    async (req) => ok(await overridesWithMatches(db, await listOverrides(db, { includeInactive: req.query.include_inactive }))),
  )

  registerCreateOverride(app, deps, '/overrides', 'overrides', 'Create an override for the fleet, a label selector (group) or one host')

  app.delete(
    '/overrides/:id',
    {
      config: { role: 'operator' },
      schema: {
        tags: ['overrides'],
        summary: 'Clear an override',
        params: Type.Object({ id: Type.String({ maxLength: 64 }) }),
        response: { 200: Success(ref(Override)), ...errorResponses },
      },
    },
    async (req) => {
      const existing = await getOverride(db, req.params.id)
      if (!existing) throw notFound('override', req.params.id)
      const cleared = (await clearOverride(db, req.params.id, actor(req))) ?? existing
      req.auditDetail = { override_id: existing.id }
      await deps.bus.publish({ kind: 'overrides' })
      return ok(overrideView(cleared))
    },
  )
}

/**
 * POST an override. Served at /overrides and, for the report's clients, at /remediation/override:
 * one handler, so the two cannot drift apart.
 */
export function registerCreateOverride(app: App, deps: RouteDeps, path: string, tag: string, summary: string): void {
  const db = deps.database.db
  app.post(
    path,
    {
      config: { role: 'operator' },
      schema: {
        tags: [tag],
        summary,
        body: Type.Object({ mode: OverrideMode, ...TargetFields, ...OverrideBodyFields }, { additionalProperties: false }),
        response: { 201: Success(ref(OverrideWithMatches)), ...errorResponses },
      },
    },
    async (req, reply) => {
      const target = parseTarget(req.body)
      if (target.hostId) await resolveTargetHosts(db, target)
      const row = await applyOverride(deps, target, { mode: req.body.mode, reason: req.body.reason, author: actor(req), expiresAt: expiryFrom(req.body) })
      req.auditDetail = { override_id: row.id, scope: row.scope, selector: row.selector, ...(row.requirements ? { label_selector: storedSelectorText(row) } : {}), mode: row.mode }
      return reply.status(201).send(ok(await overrideWithMatches(db, row)))
    },
  )
}
