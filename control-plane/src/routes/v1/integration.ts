import Type from 'typebox'
import { AgentRuntimeConfig, MetricKey, numberLimits } from '@smartcloudops/shared'
import { Value } from 'typebox/value'
import { actor } from '../../auth/plugin'
import { listHosts, setConfigPatch, setMonitoring } from '../../db/queries/hosts'
import { latestSamples, listSamples, sampleView } from '../../db/queries/history'
import { getSetting, setSetting } from '../../db/queries/settings'
import { ConfigPutBody, patchFromBody } from '../../fleet/config-document'
import { effectiveConfig } from '../../fleet/desired-state'
import { integrationVerdict } from '../../fleet/integration-test'
import { TargetFields, describeTarget, parseTarget, resolveTargetHosts } from '../../fleet/targets'
import { Success, errorResponses, ok } from '../../http/envelope'
import { badRequest } from '../../http/errors'
import { CommandReport, IntegrationHealth, MonitoringStatus, RuntimeConfigChange, RuntimeConfigDocument, SampleList, SelfTestReport, ref } from '../../http/schemas'
import type { App, RouteDeps } from '../../http/types'

const Target = Type.Object(TargetFields, { additionalProperties: false })
const CommandBody = Type.Object(
  { ...TargetFields, wait_ms: Type.Optional(Type.Integer({ minimum: 0, maximum: 60_000, description: 'how long to wait for results (default 5000)' })) },
  { additionalProperties: false },
)
const TestBody = Type.Object(
  {
    ...CommandBody.properties,
    metrics: Type.Optional(
      Type.Record(MetricKey, Type.Number({ minimum: -numberLimits.metricValue, maximum: numberLimits.metricValue }), {
        maxProperties: 200,
        description: 'metric name → value to evaluate instead of a fresh sample',
      }),
    ),
  },
  { additionalProperties: false },
)

/**
 * The report's integration endpoints, fleet-aware. The monitoring loop runs on the agents: start,
 * stop, trigger and test are commands to connected agents; config is part of their desired state.
 */
export function integrationRoutes(app: App, deps: RouteDeps): void {
  const db = deps.database.db

  app.get(
    '/integration/status',
    { config: { role: 'viewer' }, schema: { tags: ['integration'], summary: 'Monitoring status across the fleet', querystring: Target, response: { 200: Success(ref(MonitoringStatus)), ...errorResponses } } },
    async (req) => {
      const target = parseTarget(req.query)
      const ids = target.scope === 'fleet' ? undefined : await resolveTargetHosts(db, target)
      const [rows, fleetConfig] = await Promise.all([listHosts(db, ids ? { hostIds: ids } : {}), getSetting(db, 'runtime_config')])
      const connected = rows.filter((h) => deps.gateway.isConnected(h.id))
      const monitoring = connected.filter((h) => deps.gateway.sessions.get(h.id)?.monitoring ?? h.monitoring === 'on')
      return ok({
        target: describeTarget(target),
        running: monitoring.length > 0,
        hosts_total: rows.length,
        hosts_connected: connected.length,
        hosts_monitoring: monitoring.length,
        config: fleetConfig,
        hosts: rows.map((h) => ({
          host_id: h.id,
          hostname: h.hostname,
          connection_state: h.connectionState,
          connected: deps.gateway.isConnected(h.id),
          monitoring: deps.gateway.sessions.get(h.id)?.monitoring ?? (h.monitoring === 'unknown' ? null : h.monitoring === 'on'),
          last_seen_at: h.lastSeenAt?.toISOString() ?? null,
          last_anomaly_score: h.lastAnomalyScore ?? null,
        })),
      })
    },
  )

  for (const [path, monitoring] of [['start', true], ['stop', false]] as const) {
    app.post(
      `/integration/${path}`,
      {
        config: { role: 'operator' },
        schema: {
          tags: ['integration'],
          summary: `${path === 'start' ? 'Start' : 'Stop'} monitoring on the targeted hosts (persists in their desired state)`,
          body: Type.Optional(CommandBody),
          response: { 200: Success(ref(CommandReport)), ...errorResponses },
        },
      },
      async (req) => {
        const body = req.body ?? {}
        const target = parseTarget(body)
        const ids = await persistConfig(deps, target.scope === 'fleet' ? undefined : await resolveTargetHosts(db, target), { monitoring }, actor(req))
        const results = await deps.gateway.sendCommand(ids, monitoring ? 'start_monitoring' : 'stop_monitoring', undefined, actor(req), body.wait_ms ?? 5000)
        // An agent that confirmed the command is in that state now: record it, so the host's
        // drill-down does not show the state of its last hello.
        const confirmed = results.filter((r) => r.status === 'ok')
        for (const r of confirmed) {
          const session = deps.gateway.sessions.get(r.host_id)
          if (session) session.monitoring = monitoring
        }
        await Promise.all(confirmed.map((r) => setMonitoring(db, r.host_id, monitoring)))
        req.auditDetail = { target: describeTarget(target), monitoring }
        return ok({ target: describeTarget(target), monitoring, results })
      },
    )
  }

  app.get(
    '/integration/metrics',
    {
      config: { role: 'viewer' },
      schema: {
        tags: ['integration'],
        summary: 'Recent metrics: newest sample per host, or the last `limit` samples of one host',
        querystring: Type.Object({ ...TargetFields, limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })) }, { additionalProperties: false }),
        response: { 200: Success(ref(SampleList)), ...errorResponses },
      },
    },
    async (req) => {
      const target = parseTarget(req.query)
      if (target.hostId) {
        await resolveTargetHosts(db, target)
        const rows = await listSamples(db, { hostId: target.hostId, limit: req.query.limit ?? (await getSetting(db, 'runtime_config')).buffer_size })
        return ok({ samples: rows.map(sampleView) })
      }
      const ids = target.scope === 'fleet' ? undefined : await resolveTargetHosts(db, target)
      return ok({ samples: (await latestSamples(db, ids)).map(sampleView) })
    },
  )

  app.post(
    '/integration/trigger',
    {
      config: { role: 'operator' },
      schema: { tags: ['integration'], summary: 'Run one monitoring cycle now on the targeted hosts', body: Type.Optional(CommandBody), response: { 200: Success(ref(CommandReport)), ...errorResponses } },
    },
    async (req) => {
      const body = req.body ?? {}
      const target = parseTarget(body)
      const ids = await resolveTargetHosts(db, target)
      const results = await deps.gateway.sendCommand(ids, 'trigger', undefined, actor(req), body.wait_ms ?? 5000)
      req.auditDetail = { target: describeTarget(target) }
      return ok({ target: describeTarget(target), results })
    },
  )

  app.get(
    '/integration/config',
    {
      config: { role: 'viewer' },
      schema: { tags: ['integration'], summary: 'Runtime config (fleet, or effective for one host); PUT it back unchanged with the same query to keep it',
        querystring: Target,
        response: { 200: Success(ref(RuntimeConfigDocument)), ...errorResponses },
      },
    },
    async (req) => {
      const target = parseTarget(req.query)
      const fleet = await getSetting(db, 'runtime_config')
      if (!target.hostId) return ok({ scope: 'fleet', config: fleet })
      await resolveTargetHosts(db, target)
      const [h] = await listHosts(db, { hostIds: [target.hostId] })
      return ok({ scope: 'host', config: effectiveConfig(fleet, h!.configPatch), host_patch: h!.configPatch })
    },
  )

  app.put(
    '/integration/config',
    {
      config: { role: 'operator' },
      schema: {
        tags: ['integration'],
        summary: 'Update the runtime config (interval_s, buffer_size, …) for the fleet or the targeted hosts; pushed at once',
        querystring: Target,
        body: ConfigPutBody,
        response: { 200: Success(ref(RuntimeConfigChange)), ...errorResponses },
      },
    },
    async (req) => {
      const target = parseTarget(req.query)
      const ids = target.scope === 'fleet' ? undefined : await resolveTargetHosts(db, target)
      const fleet = await getSetting(db, 'runtime_config')
      const [h] = target.hostId ? await listHosts(db, { hostIds: [target.hostId] }) : []
      const { patch } = patchFromBody(req.body, target, { fleet, effective: h ? effectiveConfig(fleet, h.configPatch) : undefined })
      if (Object.keys(patch).length > 0) await persistConfig(deps, ids, patch, actor(req))
      req.auditDetail = { target: describeTarget(target), config: patch }
      return ok({ target: describeTarget(target), config: target.scope === 'fleet' ? await getSetting(db, 'runtime_config') : patch })
    },
  )

  app.post(
    '/integration/test',
    {
      config: { role: 'operator' },
      schema: {
        tags: ['integration'],
        summary: 'Test the integration of each targeted host end to end: fresh sample, score, rules, local policy (nothing executed)',
        body: Type.Optional(TestBody),
        response: { 200: Success(ref(SelfTestReport)), ...errorResponses },
      },
    },
    async (req) => {
      const body = req.body ?? {}
      const target = parseTarget(body)
      const ids = await resolveTargetHosts(db, target)
      const started = Date.now()
      await deps.database.query('select 1')
      const dbMs = Date.now() - started
      const waitMs = body.wait_ms ?? 5000
      // Without metrics the agent tests itself on a fresh sample; with them it evaluates those.
      const results = await deps.gateway.sendCommand(ids, 'test', body.metrics ? { metrics: body.metrics } : undefined, actor(req), waitMs)
      const verdict = integrationVerdict(results, waitMs)
      req.auditDetail = { target: describeTarget(target), passed: verdict.passed }
      return ok({ target: describeTarget(target), passed: verdict.passed, problems: verdict.problems, database: { ok: true, latency_ms: dbMs }, hosts: verdict.hosts, results })
    },
  )

  app.get(
    '/integration/health',
    { config: { role: 'viewer' }, schema: { tags: ['integration'], summary: 'Health of the control plane and the fleet link', response: { 200: Success(ref(IntegrationHealth)), ...errorResponses } } },
    async () => {
      const started = Date.now()
      let dbOk = true
      try {
        await deps.database.query('select 1')
      } catch {
        dbOk = false
      }
      const rows = await listHosts(db)
      const stale = rows.filter((h) => h.connectionState === 'stale').length
      const connected = deps.gateway.sessions.size
      return ok({
        status: !dbOk ? 'unhealthy' : stale > 0 ? 'degraded' : 'healthy',
        database: { ok: dbOk, kind: deps.database.kind, latency_ms: Date.now() - started },
        agents: { enrolled: rows.length, connected, stale, offline: rows.filter((h) => h.connectionState === 'offline').length },
        gateway: deps.gateway.counters,
        auth: deps.authLimiter.counters,
      })
    },
  )
}

/**
 * Runtime config lives in the fleet setting, or as a per-host patch on top of it. Validated
 * against the agent's schema before anything is stored, then pushed to the affected agents.
 */
async function persistConfig(deps: RouteDeps, hostIds: string[] | undefined, patch: Partial<AgentRuntimeConfig>, by: string): Promise<string[]> {
  const db = deps.database.db
  const fleet = await getSetting(db, 'runtime_config')
  const merged = { ...fleet, ...patch }
  if (!Value.Check(AgentRuntimeConfig, merged)) throw badRequest('invalid_config', 'the resulting runtime config is not valid')
  if (hostIds === undefined) {
    await setSetting(db, 'runtime_config', merged as AgentRuntimeConfig, by)
    await deps.bus.publish({ kind: 'settings' })
    return (await listHosts(db)).map((h) => h.id)
  }
  await setConfigPatch(db, hostIds, patch)
  await deps.bus.publish({ kind: 'hosts', hostIds })
  return hostIds
}
