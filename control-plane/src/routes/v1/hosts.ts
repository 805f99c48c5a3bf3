import Type from 'typebox'
import { numberLimits } from '@smartcloudops/shared'
import { actor } from '../../auth/plugin'
import { countHosts, decommissionHost, listHosts } from '../../db/queries/hosts'
import { actionView, decisionView, listActions, listDecisions, listSamples, sampleView } from '../../db/queries/history'
import { decisionScoreExplanations } from '../../db/queries/score-explanations'
import { revokeHostCredentials } from '../../db/queries/tokens'
import { connectionStates, type HostRow } from '../../db/schema'
import { lookupHost, lookupHostWithNewestSample } from '../../fleet/host-lookup'
import { effectiveOverrideView } from '../../fleet/override-service'
import { parseSelector, requirementsMatch, SelectorError } from '../../fleet/selector'
import { ErrorBody, Pagination, Success, errorResponses, iso, ok } from '../../http/envelope'
import { badRequest } from '../../http/errors'
import { ActionList, DecisionList, HostDetail, HostList, Host, SampleList, ref } from '../../http/schemas'
import type { App, RouteDeps } from '../../http/types'

const HostId = Type.Object({ id: Type.String({ minLength: 1, maxLength: 256, description: 'host id, or hostname' }) })
const hostErrors = { ...errorResponses, 409: ErrorBody }
const TimeRange = {
  from: Type.Optional(Type.String({ format: 'date-time' })),
  to: Type.Optional(Type.String({ format: 'date-time' })),
}

/**
 * `monitoring` is what the agent last said (live from its session's heartbeats when connected, else
 * as stored from its hello or its answer to start/stop); `desired.config.monitoring` in the
 * drill-down is what it was asked for.
 */
export function hostView(h: HostRow, connected: boolean, liveMonitoring?: boolean) {
  return {
    id: h.id,
    hostname: h.hostname,
    labels: h.labels,
    reported_labels: h.reportedLabels,
    agent_version: h.agentVersion,
    connection_state: h.connectionState,
    connected,
    monitoring: liveMonitoring === undefined ? h.monitoring : liveMonitoring ? 'on' : 'off',
    first_seen_at: h.firstSeenAt.toISOString(),
    last_seen_at: iso(h.lastSeenAt),
    applied: { revision: h.appliedRevision, ruleset_version: h.appliedRulesetVersion, model_version: h.appliedModelVersion, at: iso(h.appliedAt), error: h.applyError },
    desired_revision: h.desiredRevision,
    last_anomaly_score: h.lastAnomalyScore ?? null,
    decommissioned_at: iso(h.decommissionedAt),
  }
}

function selectorOf(text?: string) {
  if (!text) return undefined
  try {
    return parseSelector(text)
  } catch (err) {
    if (err instanceof SelectorError) throw badRequest(err.code, `selector: ${err.message}`)
    throw err
  }
}

/** Hosts: list, drill-down (state, versions, override, last sample, history), decommission. */
export function hostRoutes(app: App, deps: RouteDeps): void {
  const db = deps.database.db
  const mustGet = (idOrHostname: string) => lookupHost(db, idOrHostname)

  app.get(
    '/hosts',
    {
      config: { role: 'viewer' },
      schema: {
        tags: ['hosts'],
        summary: 'List hosts, filtered by label selector and connection state',
        querystring: Type.Object(
          {
            selector: Type.Optional(Type.String({ maxLength: 2000 })),
            state: Type.Optional(Type.Union(connectionStates.map((s) => Type.Literal(s)))),
            include_decommissioned: Type.Optional(Type.Boolean()),
            ...Pagination.properties,
          },
          { additionalProperties: false },
        ),
        response: { 200: Success(ref(HostList)), ...errorResponses },
      },
    },
    async (req) => {
      const q = req.query
      const sel = selectorOf(q.selector)
      const limit = q.limit ?? 100
      const offset = q.offset ?? 0
      const f = { selector: sel?.equality, state: q.state as HostRow['connectionState'] | undefined, includeDecommissioned: q.include_decommissioned }
      if (sel && !sel.equality) {
        // Set-based terms (!=, in, notin, exists) are matched here, not in SQL: page after filtering.
        const all = (await listHosts(db, f)).filter((h) => requirementsMatch(sel.requirements, h.labels))
        return ok({ hosts: all.slice(offset, offset + limit).map((h) => hostView(h, deps.gateway.isConnected(h.id), deps.gateway.sessions.get(h.id)?.monitoring)), total: all.length, limit, offset })
      }
      const [rows, total] = await Promise.all([listHosts(db, { ...f, limit, offset }), countHosts(db, f)])
      return ok({ hosts: rows.map((h) => hostView(h, deps.gateway.isConnected(h.id), deps.gateway.sessions.get(h.id)?.monitoring)), total, limit, offset })
    },
  )

  app.get(
    '/hosts/:id',
    {
      config: { role: 'viewer' },
      schema: {
        tags: ['hosts'],
        summary: 'Host drill-down: state, versions, effective override, desired state, last sample',
        params: HostId,
        response: { 200: Success(ref(HostDetail)), ...hostErrors },
      },
    },
    async (req) => {
      const { host: h, newest: last } = await lookupHostWithNewestSample(db, req.params.id)
      const desired = await deps.gateway.previewFor(h)
      return ok({
        ...hostView(h, deps.gateway.isConnected(h.id), deps.gateway.sessions.get(h.id)?.monitoring),
        capabilities: h.capabilities ?? null,
        facts: h.facts ?? null,
        effective_override: effectiveOverrideView(desired.override),
        desired: {
          revision: h.desiredRevision,
          ruleset_version: desired.ruleset.version,
          rules: desired.ruleset.rules.map((r) => r.name),
          remediation_enabled: desired.remediation_enabled,
          config: desired.config,
          model: desired.model ?? null,
        },
        // What the agent reports running (hello / desired_state.ack) against what it should run;
        // desired null = no assignment: the agent's built-in model.
        model: { active_version: h.appliedModelVersion, desired_version: desired.model?.version ?? null, in_sync: desired.model ? h.appliedModelVersion === desired.model.version : null },
        in_sync: h.appliedRevision !== null && h.appliedRevision === h.desiredRevision,
        last_sample: last ? sampleView(last) : null,
        anomaly_score: last?.anomalyScore ?? h.lastAnomalyScore ?? null,
        // The agent's outbox as its last heartbeat reported it: events not yet delivered, and how old the oldest is.
        outbox: h.outboxReportedAt
          ? { depth: h.outboxDepth, oldest_age_s: h.outboxOldestAgeS, reported_at: h.outboxReportedAt.toISOString() }
          : null,
      })
    },
  )

  app.get(
    '/hosts/:id/metrics',
    {
      config: { role: 'viewer' },
      schema: {
        tags: ['hosts'],
        summary: "A host's metric samples and anomaly scores, newest first",
        params: HostId,
        querystring: Type.Object({ ...TimeRange, limit: Type.Optional(Type.Integer({ minimum: 1, maximum: numberLimits.historyRows })) }, { additionalProperties: false }),
        response: { 200: Success(ref(SampleList)), ...hostErrors },
      },
    },
    async (req) => {
      const h = await mustGet(req.params.id)
      const q = req.query
      const rows = await listSamples(db, { hostId: h.id, from: q.from ? new Date(q.from) : undefined, to: q.to ? new Date(q.to) : undefined, limit: q.limit ?? 500 })
      return ok({ host_id: h.id, samples: rows.map(sampleView) })
    },
  )

  app.get(
    '/hosts/:id/decisions',
    {
      config: { role: 'viewer' },
      schema: {
        tags: ['hosts'],
        summary: "A host's rule decisions (including suppressed and dry-run ones), newest first",
        params: HostId,
        querystring: Type.Object(
          { ...TimeRange, rule: Type.Optional(Type.String({ maxLength: 100 })), outcome: Type.Optional(Type.String({ maxLength: 32 })), ...Pagination.properties },
          { additionalProperties: false },
        ),
        response: { 200: Success(ref(DecisionList)), ...hostErrors },
      },
    },
    async (req) => {
      const h = await mustGet(req.params.id)
      const q = req.query
      const res = await listDecisions(db, {
        hostIds: [h.id],
        rule: q.rule,
        outcome: q.outcome,
        from: q.from ? new Date(q.from) : undefined,
        to: q.to ? new Date(q.to) : undefined,
        limit: q.limit ?? 100,
        offset: q.offset ?? 0,
      })
      // Decisions that used ml_anomaly_score carry the metrics that drove it (from the stored sample).
      const explained = await decisionScoreExplanations(db, res.items)
      return ok({ decisions: res.items.map((d) => ({ ...decisionView(d), score_explanation: explained.get(d.id) ?? null })), total: res.total })
    },
  )

  app.get(
    '/hosts/:id/actions',
    {
      config: { role: 'viewer' },
      schema: {
        tags: ['hosts'],
        summary: "A host's actions, newest first",
        params: HostId,
        querystring: Type.Object({ ...TimeRange, ...Pagination.properties }, { additionalProperties: false }),
        response: { 200: Success(ref(ActionList)), ...hostErrors },
      },
    },
    async (req) => {
      const h = await mustGet(req.params.id)
      const q = req.query
      const res = await listActions(db, {
        hostIds: [h.id],
        from: q.from ? new Date(q.from) : undefined,
        to: q.to ? new Date(q.to) : undefined,
        limit: q.limit ?? 100,
        offset: q.offset ?? 0,
      })
      return ok({ actions: res.items.map(actionView), total: res.total })
    },
  )

  app.delete(
    '/hosts/:id',
    {
      config: { role: 'admin' },
      schema: { tags: ['hosts'], summary: 'Decommission a host: revoke its credential and close its connection', params: HostId, response: { 200: Success(ref(Host)), ...hostErrors } },
    },
    async (req) => {
      const h = await mustGet(req.params.id)
      await revokeHostCredentials(db, h.id)
      const row = (await decommissionHost(db, h.id)) ?? h
      deps.gateway.disconnect(h.id, 'host decommissioned')
      req.auditDetail = { host_id: h.id, hostname: h.hostname, by: actor(req) }
      return ok(hostView(row, false))
    },
  )
}
