import Type from 'typebox'
import { ActionSpec, AgentRuntimeConfig, ConditionResult, OverrideMode, Rule } from '@smartcloudops/shared'
import { newCounters, type GatewayCounters as GatewayCountersType } from '../../gateway/counters'
import { component, Iso, IsoOrNull, Labels, Nullable, ref } from './component'
import { Action } from './history'
import { EffectiveOverrideView } from './hosts'

export const RuleComponent = component('Rule', Rule)

export const Override = component(
  'Override',
  Type.Object({
    id: Type.String(),
    scope: Type.Union([Type.Literal('fleet'), Type.Literal('group'), Type.Literal('host')]),
    selector: Labels,
    label_selector: Nullable(Type.String({ description: 'group: the selector in the Kubernetes grammar, canonical (POST it back as `selector` to name the same group); null for fleet and host. `selector` holds the equality labels ({} for a set-based selector)' })),
    mode: OverrideMode,
    reason: Type.String(),
    author: Type.String(),
    created_at: Iso,
    expires_at: IsoOrNull,
    cleared_at: IsoOrNull,
    cleared_by: Nullable(Type.String()),
    active: Type.Boolean(),
  }),
)

/** An override with how many hosts it covers right now, and a warning when none. */
export const OverrideWithMatches = component(
  'OverrideWithMatches',
  Type.Object({
    ...Override.properties,
    matched_hosts: Type.Integer({ description: 'enrolled hosts the override applies to now (decommissioned ones not counted)' }),
    warnings: Type.Array(Type.String()),
  }),
)

const VersionCount = <T extends Parameters<typeof Nullable>[0]>(version: T) => Type.Object({ version: Nullable(version), hosts: Type.Integer() })

export const RemediationStatus = component(
  'RemediationStatus',
  Type.Object({
    enabled: Type.Boolean({ description: 'true when actions execute at this target' }),
    disabled_by: Nullable(Type.Union([Type.Literal('settings'), Type.Literal('override')], { description: 'why actions do not execute; null when enabled' })),
    remediation_switch: Type.Union([Type.Literal('on'), Type.Literal('off')], { description: 'the fleet-wide switch of PUT /settings' }),
    mode: OverrideMode,
    effective_override: ref(EffectiveOverrideView),
    manual_override: Type.Boolean(),
    target: Type.String(),
    total_rules: Type.Integer(),
    enabled_rules: Type.Integer(),
    total_actions: Type.Integer(),
    recent_actions: Type.Array(ref(Action)),
    rules: Type.Array(ref(RuleComponent)),
    ruleset_version: Type.Integer(),
    hosts: Type.Object({
      total: Type.Integer(),
      online: Type.Integer(),
      stale: Type.Integer(),
      offline: Type.Integer(),
      never_connected: Type.Integer(),
      enabled: Type.Integer(),
      dry_run: Type.Integer(),
      paused: Type.Integer(),
    }),
    ruleset_versions_in_use: Type.Array(VersionCount(Type.Integer())),
    active_overrides: Type.Array(ref(Override)),
    model_versions_in_use: Type.Array(VersionCount(Type.String())),
    agent_versions_in_use: Type.Array(VersionCount(Type.String()), { description: 'agent versions the hosts last reported (null: never connected), most hosts first' }),
  }),
)

// Derived from the gateway's own counter set, so a counter added there is never dropped here.
export const GatewayCounters = component(
  'GatewayCounters',
  Type.Unsafe<GatewayCountersType>(Type.Object(Object.fromEntries(Object.keys(newCounters()).map((k) => [k, Type.Integer()])))),
)

export const RemediationMetrics = component(
  'RemediationMetrics',
  Type.Object({
    total_actions: Type.Integer(),
    actions_by_status: Type.Record(Type.String(), Type.Integer()),
    actions_by_type: Type.Record(Type.String(), Type.Integer()),
    success_rate: Nullable(Type.Number()),
    average_duration_ms: Nullable(Type.Number()),
    verified_cleared: Type.Integer(),
    verified_not_cleared: Type.Integer(),
    decisions_by_outcome: Type.Record(Type.String(), Type.Integer()),
    gateway: ref(GatewayCounters),
  }),
)

export const RuleEvaluation = component(
  'RuleEvaluation',
  Type.Object({
    rule: Type.String(),
    priority: Type.Integer(),
    fired: Type.Boolean(),
    outcome: Type.String({ description: 'execute | dry_run | suppressed | not_fired' }),
    suppressed_by: Type.String(),
    reason: Type.String(),
    conditions: Type.Array(ConditionResult),
    missing: Type.Array(Type.String()),
    actions: Type.Array(ActionSpec),
    alert: Type.Optional(Type.Object({ severity: Type.String(), summary: Type.String() })),
    clear: Type.Optional(Type.Array(ConditionResult)),
  }),
)

export const RuleTestResult = component(
  'RuleTestResult',
  Type.Object({
    executed: Type.Boolean({ description: 'always false: nothing is executed' }),
    ruleset_version: Type.Integer(),
    host_id: Nullable(Type.String()),
    mode: OverrideMode,
    remediation_enabled: Type.Boolean(),
    triggered_rules: Type.Array(Type.String()),
    would_execute: Type.Array(Type.Object({ rule: Type.String(), ...ActionSpec.properties })),
    evaluations: Type.Array(ref(RuleEvaluation)),
  }),
)

export const CommandOutcome = component(
  'CommandOutcome',
  Type.Object({
    host_id: Type.String(),
    status: Type.Union([Type.Literal('ok'), Type.Literal('error'), Type.Literal('offline'), Type.Literal('timeout')]),
    command_id: Type.Optional(Type.String()),
    result: Type.Optional(Type.Unknown()),
    error: Type.Optional(Type.String()),
  }),
)

export const MonitoringStatus = component(
  'MonitoringStatus',
  Type.Object({
    target: Type.String(),
    running: Type.Boolean(),
    hosts_total: Type.Integer(),
    hosts_connected: Type.Integer(),
    hosts_monitoring: Type.Integer(),
    config: AgentRuntimeConfig,
    hosts: Type.Array(
      Type.Object({
        host_id: Type.String(),
        hostname: Type.String(),
        connection_state: Type.String(),
        connected: Type.Boolean(),
        monitoring: Nullable(Type.Boolean()),
        last_seen_at: IsoOrNull,
        last_anomaly_score: Nullable(Type.Number()),
      }),
    ),
  }),
)

export const CommandReport = component(
  'CommandReport',
  Type.Object({ target: Type.String(), monitoring: Type.Optional(Type.Boolean()), results: Type.Array(ref(CommandOutcome)) }),
)

export const HostTestVerdict = component(
  'HostTestVerdict',
  Type.Object({
    host_id: Type.String(),
    passed: Type.Boolean(),
    problems: Type.Array(Type.String()),
    report: Type.Unknown({ description: "the agent's self-test answer as it sent it (null when it did not answer)" }),
  }),
)

export const SelfTestReport = component(
  'SelfTestReport',
  Type.Object({
    target: Type.String(),
    passed: Type.Boolean({ description: 'true when at least one host was tested and every host passed' }),
    problems: Type.Array(Type.String(), { description: 'what to fix, each prefixed with its host id' }),
    database: Type.Object({ ok: Type.Boolean(), latency_ms: Type.Number() }),
    hosts: Type.Array(ref(HostTestVerdict)),
    results: Type.Array(ref(CommandOutcome)),
  }),
)

export const IntegrationHealth = component(
  'IntegrationHealth',
  Type.Object({
    status: Type.Union([Type.Literal('healthy'), Type.Literal('degraded'), Type.Literal('unhealthy')]),
    database: Type.Object({ ok: Type.Boolean(), kind: Type.String(), latency_ms: Type.Number() }),
    agents: Type.Object({ enrolled: Type.Integer(), connected: Type.Integer(), stale: Type.Integer(), offline: Type.Integer() }),
    gateway: ref(GatewayCounters),
    auth: Type.Object({ lookups_total: Type.Integer(), failures_total: Type.Integer(), limited_total: Type.Integer() }),
  }),
)
