import Type, { type Static } from 'typebox'
import type { MetricValues } from '@smartcloudops/shared'
import { evaluate } from '@smartcloudops/shared/rules/engine'
import { isKnownMetric, MetricKey, numberLimits } from '@smartcloudops/shared'
import { actor } from '../../auth/plugin'
import { getHost, listHostSummaries } from '../../db/queries/hosts'
import { newestActions } from '../../db/queries/fleet-summary'
import { fleetStatus, summarizeHosts } from '../../fleet/host-summary'
import { actionStats, actionView, decisionStats, listActions } from '../../db/queries/history'
import { listActiveOverrides } from '../../db/queries/overrides'
import { currentRuleset, getRulesetVersion } from '../../db/queries/rulesets'
import { getSetting } from '../../db/queries/settings'
import { effectiveOverride } from '../../fleet/effective-override'
import { overrideWithMatches } from '../../fleet/override-matches'
import { OverrideBodyFields, applyOverride, clearOverridesFor, effectiveOverrideView, expiryFrom, overrideView } from '../../fleet/override-service'
import { TargetFields, describeTarget, parseTarget, resolveTargetHosts } from '../../fleet/targets'
import { Pagination, Success, errorResponses, ok } from '../../http/envelope'
import { badRequest, notFound } from '../../http/errors'
import { ActionList, Override, OverrideWithMatches, RemediationMetrics, RemediationStatus, RuleTestResult, ref } from '../../http/schemas'
import { freshShared } from '../../http/fresh-shared'
import type { App, RouteDeps } from '../../http/types'
import { registerCreateOverride } from './overrides'
import { matchScope } from '@smartcloudops/shared/rules/scope'

const MetricNumber = Type.Number({ minimum: -numberLimits.metricValue, maximum: numberLimits.metricValue })

const Target = Type.Object(TargetFields, { additionalProperties: false })
const targetKey = (q: Static<typeof Target>) => `${q.host_id ?? ''}\n${q.selector ?? ''}`

/**
 * The report's remediation endpoints, fleet-aware: by default they answer for the whole fleet;
 * `host_id` or `selector` narrows them. enable / disable / override are overrides underneath.
 */
export function remediationRoutes(app: App, deps: RouteDeps): void {
  const db = deps.database.db

  // Concurrent callers asking for the same target share one read (never one older than their
  // request: http/fresh-shared.ts); a console and a few dashboards polling status together are
  // the usual load of this endpoint.
  const statusOf = freshShared(targetKey, async (query: Static<typeof Target>) => {
    const target = parseTarget(query)
    const hostIds = target.scope === 'fleet' ? undefined : await resolveTargetHosts(db, target)
    const now = Date.now()
    // The whole fleet: one statement over the trigger-kept summary tables, and the newest actions.
    // A narrower target: its hosts and their actions.
    const [fleet, targetRows, recentActions, targetActions] = await Promise.all([
      hostIds ? undefined : fleetStatus(db, now),
      hostIds ? listHostSummaries(db, { hostIds }) : [],
      hostIds ? listActions(db, { hostIds, limit: 10, offset: 0 }).then((r) => r.items) : newestActions(db, 10),
      hostIds ? actionStats(db, { hostIds }).then((stats) => stats.reduce((n, s) => n + s.n, 0)) : 0,
    ])
    const [ruleset, overrides, remediationEnabled] = fleet
      ? [(await getRulesetVersion(db, fleet.currentRulesetVersion)) ?? (await currentRuleset(db)), fleet.overrides, fleet.remediationEnabled]
      : await Promise.all([currentRuleset(db), listActiveOverrides(db, new Date(now)), getSetting(db, 'remediation_enabled')])
    const summary = fleet ? fleet.summary : summarizeHosts(targetRows.map((r) => ({ ...r, hosts: 1 })), overrides, now)
    const totalActions = fleet ? fleet.totalActions : targetActions
    const scopeHost = target.hostId ? targetRows[0] : undefined
    const rules = scopeHost ? ruleset.rules.filter((r) => matchScope(r, scopeHost).inScope) : ruleset.rules
    // Without one host, the mode "of the target" is that of a stand-in host carrying only the
    // target's labels. A set-based group (env!=dev, !canary) would match such a label-less
    // stand-in and report the whole fleet paused, so only equality groups count here, as before
    // set-based selectors; the per-host counts above are exact either way.
    const fleetMode = scopeHost
      ? effectiveOverride(overrides, scopeHost, now)
      : effectiveOverride(overrides.filter((o) => !o.requirements), { id: '', labels: target.labels ?? {} }, now)
    return ok({
      // One meaning: `enabled` is true when actions execute at this target. Why they do not is
      // in `disabled_by`; the fleet-wide switch of PUT /settings is `remediation_switch`.
      enabled: remediationEnabled && fleetMode.mode === 'enabled',
      disabled_by: !remediationEnabled ? ('settings' as const) : fleetMode.mode !== 'enabled' ? ('override' as const) : null,
      remediation_switch: remediationEnabled ? ('on' as const) : ('off' as const),
      mode: fleetMode.mode,
      effective_override: effectiveOverrideView(fleetMode),
      manual_override: overrides.length > 0,
      target: describeTarget(target),
      total_rules: rules.length,
      enabled_rules: rules.filter((r) => r.enabled !== false).length,
      total_actions: totalActions,
      recent_actions: recentActions.map(actionView),
      rules,
      ruleset_version: ruleset.version,
      hosts: summary.hosts,
      ruleset_versions_in_use: summary.ruleset_versions_in_use,
      active_overrides: overrides.map((o) => overrideView(o, now)),
      model_versions_in_use: summary.model_versions_in_use,
      agent_versions_in_use: summary.agent_versions_in_use,
    })
  })

  app.get(
    '/remediation/status',
    {
      config: { role: 'viewer' },
      schema: { tags: ['remediation'], summary: 'Engine status: the report fields plus fleet state', querystring: Target, response: { 200: Success(ref(RemediationStatus)), ...errorResponses } },
    },
    async (req) => statusOf(req.query),
  )

  const overrideBody = Type.Object({ ...TargetFields, ...OverrideBodyFields }, { additionalProperties: false })

  app.post(
    '/remediation/disable',
    {
      config: { role: 'operator' },
      schema: {
        tags: ['remediation'],
        summary: 'Pause remediation (a paused override) for the fleet, a selector or a host',
        body: Type.Optional(overrideBody),
        response: { 201: Success(ref(OverrideWithMatches)), ...errorResponses },
      },
    },
    async (req, reply) => {
      const body = req.body ?? {}
      const target = parseTarget(body)
      if (target.hostId) await resolveTargetHosts(db, target)
      const row = await applyOverride(deps, target, { mode: 'paused', reason: body.reason, author: actor(req), expiresAt: expiryFrom(body) })
      req.auditDetail = { override_id: row.id, scope: row.scope, mode: row.mode }
      return reply.status(201).send(ok(await overrideWithMatches(db, row)))
    },
  )

  app.post(
    '/remediation/enable',
    {
      config: { role: 'operator' },
      schema: {
        tags: ['remediation'],
        summary: 'Clear the overrides set at exactly this scope (fleet by default)',
        body: Type.Optional(Type.Object(TargetFields, { additionalProperties: false })),
        response: { 200: Success(Type.Object({ cleared: Type.Array(ref(Override)), still_active: Type.Array(ref(Override)) })), ...errorResponses },
      },
    },
    async (req) => {
      const target = parseTarget(req.body ?? {})
      if (target.hostId) await resolveTargetHosts(db, target)
      const cleared = await clearOverridesFor(deps, target, actor(req))
      req.auditDetail = { cleared: cleared.map((c) => c.id) }
      const still = (await listActiveOverrides(db)).map((o) => overrideView(o))
      return ok({ cleared: cleared.map((o) => overrideView(o)), still_active: still })
    },
  )

  registerCreateOverride(app, deps, '/remediation/override', 'remediation', 'Manual override: enabled | dry_run | paused, with reason and optional expiry')

  // ---- history ----

  app.get(
    '/remediation/actions',
    {
      config: { role: 'viewer' },
      schema: {
        tags: ['remediation'],
        summary: 'Action history, newest first, filtered and paginated',
        querystring: Type.Object(
          {
            ...TargetFields,
            rule: Type.Optional(Type.String({ maxLength: 100 })),
            action: Type.Optional(Type.String({ maxLength: 64 })),
            status: Type.Optional(Type.Union([Type.Literal('started'), Type.Literal('succeeded'), Type.Literal('failed')])),
            from: Type.Optional(Type.String({ format: 'date-time' })),
            to: Type.Optional(Type.String({ format: 'date-time' })),
            ...Pagination.properties,
          },
          { additionalProperties: false },
        ),
        response: { 200: Success(ref(ActionList)), ...errorResponses },
      },
    },
    async (req) => {
      const q = req.query
      const target = parseTarget(q)
      const hostIds = target.scope === 'fleet' ? undefined : await resolveTargetHosts(db, target)
      const res = await listActions(db, {
        hostIds,
        rule: q.rule,
        type: q.action,
        status: q.status,
        from: q.from ? new Date(q.from) : undefined,
        to: q.to ? new Date(q.to) : undefined,
        limit: q.limit ?? 100,
        offset: q.offset ?? 0,
      })
      return ok({ actions: res.items.map(actionView), total: res.total, limit: q.limit ?? 100, offset: q.offset ?? 0 })
    },
  )

  app.post(
    '/remediation/test',
    {
      config: { role: 'viewer' },
      schema: {
        tags: ['remediation'],
        summary: 'Evaluate posted metrics against the current rules (nothing is executed)',
        description:
          'Body: metrics as flat fields (the report: {"cpu_percent":95,...}) or under "metrics"; optional host_id (its labels and override) or labels.',
        body: Type.Object(
          {
            metrics: Type.Optional(Type.Record(MetricKey, MetricNumber)),
            host_id: Type.Optional(Type.String({ maxLength: 64 })),
            labels: Type.Optional(Type.Record(Type.String(), Type.String())),
          },
          { additionalProperties: MetricNumber },
        ),
        response: { 200: Success(ref(RuleTestResult)), ...errorResponses },
      },
    },
    async (req) => {
      const { metrics: nested, host_id, labels, ...flat } = req.body as Record<string, unknown> & {
        metrics?: MetricValues
        host_id?: string
        labels?: Record<string, string>
      }
      const metrics: MetricValues = { ...(flat as MetricValues), ...nested }
      for (const k of Object.keys(metrics)) {
        if (!isKnownMetric(k)) throw badRequest('unknown_metric', `body.${k} is not a known metric (see the metric catalogue)`)
      }
      if (Object.keys(metrics).length === 0) throw badRequest('no_metrics', 'post at least one metric, e.g. {"cpu_percent": 95}')
      const host = host_id ? await getHost(db, host_id) : undefined
      if (host_id && !host) throw notFound('host', host_id)
      const ctxHost = host ? { id: host.id, labels: host.labels } : { id: 'test', labels: labels ?? {} }
      const [rs, overrides, remediationEnabled] = await Promise.all([currentRuleset(db), listActiveOverrides(db), getSetting(db, 'remediation_enabled')])
      const override = effectiveOverride(overrides, ctxHost)
      const now = Date.now()
      const result = evaluate(rs.rules, {}, { ts: now, metrics }, now, { host: ctxHost, mode: override.mode, remediationEnabled })
      const fired = result.evaluations.filter((e) => e.fired)
      return ok({
        executed: false,
        ruleset_version: rs.version,
        host_id: host?.id ?? null,
        mode: override.mode,
        remediation_enabled: remediationEnabled,
        triggered_rules: fired.map((e) => e.rule),
        would_execute: fired.filter((e) => e.outcome === 'execute').flatMap((e) => e.actions.map((a) => ({ rule: e.rule, ...a }))),
        evaluations: result.evaluations,
      })
    },
  )

  app.get(
    '/remediation/metrics',
    {
      config: { role: 'viewer' },
      schema: {
        tags: ['remediation'],
        summary: 'Remediation performance: actions by status and type, success rate, durations, decisions',
        querystring: Type.Object({ ...TargetFields, since: Type.Optional(Type.String({ format: 'date-time' })) }, { additionalProperties: false }),
        response: { 200: Success(ref(RemediationMetrics)), ...errorResponses },
      },
    },
    async (req) => {
      const target = parseTarget(req.query)
      const hostIds = target.scope === 'fleet' ? undefined : await resolveTargetHosts(db, target)
      const from = req.query.since ? new Date(req.query.since) : undefined
      const [stats, dstats] = await Promise.all([actionStats(db, { hostIds, from }), decisionStats(db, { hostIds, from })])
      const by = (key: 'status' | 'type') => {
        const out: Record<string, number> = {}
        for (const s of stats) out[s[key]] = (out[s[key]] ?? 0) + s.n
        return out
      }
      const status = by('status')
      const finished = (status.succeeded ?? 0) + (status.failed ?? 0)
      let durSum = 0
      let durN = 0
      for (const s of stats) if (s.avgMs !== null && s.status !== 'started') {
        durSum += s.avgMs * s.n
        durN += s.n
      }
      return ok({
        total_actions: stats.reduce((n, s) => n + s.n, 0),
        actions_by_status: status,
        actions_by_type: by('type'),
        success_rate: finished ? (status.succeeded ?? 0) / finished : null,
        average_duration_ms: durN ? durSum / durN : null,
        verified_cleared: stats.reduce((n, s) => n + s.verifiedOk, 0),
        verified_not_cleared: stats.reduce((n, s) => n + s.verifiedFail, 0),
        decisions_by_outcome: Object.fromEntries(dstats.map((d) => [d.outcome, d.n])),
        gateway: deps.gateway.counters,
      })
    },
  )
}
