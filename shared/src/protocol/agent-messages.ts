import Type, { type Static } from 'typebox'
import { ActionSpec, ActionType } from '../actions/catalog'
import { MetricKey, MetricValues } from '../metrics'
import { Condition, LabelSelector, OverrideMode } from '../rules/schema'
import { literalUnion } from '../literal-union'
import { AgentUpgradeReport } from './agent-release'
import { MessageId, Timestamp } from './envelope'
import { listLimits as L, textLimits as T } from './limits'
import { PermitRelease, PermitRequest, PermitRequestV2 } from './permit-messages'

// Agent → control plane. Payload schemas only; the envelope is in envelope.ts.
// Append new types (e.g. `action.finished.v2`); never change the shape of an existing one.

const Str = (max: number = T.name) => Type.String({ maxLength: max })

export const Hello = Type.Object(
  {
    agent_version: Str(T.agentVersion),
    protocol_versions: Type.Array(Type.Integer({ minimum: 1 }), { minItems: 1, maxItems: 16 }),
    hostname: Str(),
    labels: LabelSelector,
    capabilities: Type.Object(
      {
        actions: Type.Array(ActionType, { maxItems: 16 }),
        collectors: Type.Array(Str(T.collectorName), { maxItems: 64 }),
      },
      { additionalProperties: false },
    ),
    facts: Type.Object(
      {
        os: Str(T.osName),
        arch: Str(T.arch),
        kernel: Str(T.kernel),
        cpus: Type.Integer({ minimum: 0 }),
        memory_bytes: Type.Integer({ minimum: 0 }),
      },
      { additionalProperties: false },
    ),
    /** What the agent runs now (from its cached desired state), so the server can tell drift. */
    desired_state_revision: Type.Optional(Type.Integer({ minimum: 0 })),
    ruleset_version: Type.Optional(Type.Integer({ minimum: 0 })),
    model_version: Type.Optional(Str(T.modelVersion)),
    monitoring: Type.Boolean(),
    /**
     * Optional fields of server messages this agent understands (see README, "Versioning"): the
     * server sends a newer optional field only to agents that list it, because an older agent
     * refuses unknown fields. Known: `welcome.heartbeat_interval_s`, and the message type `alert_inputs`.
     */
    accepts: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: T.name }), { maxItems: 64 })),
  },
  { additionalProperties: false },
)
export type Hello = Static<typeof Hello>

/**
 * One metric that drove a sample's anomaly score: `contribution` is its share (0..1) of the sum of
 * the model's per-metric scores for that sample, so the drivers of one score add up to at most 1.
 */
export const ScoreDriver = Type.Object(
  { metric: MetricKey, contribution: Type.Number({ minimum: 0, maximum: 1 }) },
  { additionalProperties: false },
)
export type ScoreDriver = Static<typeof ScoreDriver>

export const MetricSample = Type.Object(
  {
    ts: Timestamp,
    /** Collected values plus ml_anomaly_score / ml_confidence when scored. Missing = absent. */
    metrics: MetricValues,
    /** Metrics that a collector failed to provide this time, with the collector's error code. */
    missing: Type.Optional(Type.Record(Str(T.missingKey), Str(T.missingValue))),
    model_version: Type.Optional(Str(T.modelVersion)),
    /** With a score: the metrics that drove it, largest contribution first (appended 2026-12-01). */
    explanation: Type.Optional(Type.Array(ScoreDriver, { maxItems: L.scoreDrivers })),
  },
  { additionalProperties: false },
)
export type MetricSample = Static<typeof MetricSample>

export const MetricsBatch = Type.Object(
  { samples: Type.Array(MetricSample, { minItems: 1, maxItems: L.samplesPerBatch }) },
  { additionalProperties: false },
)
export type MetricsBatch = Static<typeof MetricsBatch>

export const ConditionResult = Type.Object(
  {
    ...Condition.properties,
    observed: Type.Union([Type.Number(), Type.Null()]),
    held: Type.Boolean(),
  },
  { additionalProperties: false },
)
export type ConditionResult = Static<typeof ConditionResult>

/**
 * Why a fired rule did not become an action. `none` = it acted.
 */
export const suppressionReasons = [
  'none',
  'engine_disabled',
  'override_paused',
  'override_dry_run',
  'cooldown',
  'max_actions',
  'active',
  'policy',
  'budget',
  /** Another plan is still acting on the same container / service / group (agent per-target lock). */
  'target_locked',
  /** Appended: the rule's escalation step is still being verified (./rules/README.md, ladders). */
  'escalation',
  /** Appended: the control plane paused the rule fleet-wide (its fixes kept failing to verify). */
  'rule_paused',
    /** Appended: the control plane's permit answer named an inhibition in force (fleet/permits). */
  'inhibited',
] as const
export const Suppression = literalUnion(suppressionReasons)
export type Suppression = (typeof suppressionReasons)[number]

export const Decision = Type.Object(
  {
    decision_id: MessageId,
    rule: Str(T.ruleName),
    priority: Type.Integer({ minimum: 0 }),
    ruleset_version: Type.Integer({ minimum: 0 }),
    sample_ts: Timestamp,
    /** execute: actions run; dry_run: would have acted; suppressed: a gate stopped it. */
    outcome: Type.Union([Type.Literal('execute'), Type.Literal('dry_run'), Type.Literal('suppressed')]),
    suppressed_by: Suppression,
    override_mode: OverrideMode,
    reason: Str(T.reason),
    conditions: Type.Array(ConditionResult, { maxItems: L.conditions }),
    actions: Type.Array(ActionSpec, { maxItems: L.actions }),
    /**
     * Appended: for a rule with an escalation ladder, the step these actions are (1 = the rule's
     * own actions) of how many; why this step is in `reason`.
     */
    escalation: Type.Optional(
      Type.Object(
        { step: Type.Integer({ minimum: 1, maximum: L.escalationSteps + 1 }), of: Type.Integer({ minimum: 1, maximum: L.escalationSteps + 1 }) },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
)
export type Decision = Static<typeof Decision>

export const ActionStarted = Type.Object(
  {
    action_id: MessageId,
    decision_id: MessageId,
    rule: Str(T.ruleName),
    type: ActionType,
    params: Type.Record(Type.String(), Type.Unknown()),
    /** What was acted on, resolved by the executor (container names, unit, hook). */
    target: Type.Optional(Str(T.target)),
    started_at: Timestamp,
  },
  { additionalProperties: false },
)
export type ActionStarted = Static<typeof ActionStarted>

export const ActionFinished = Type.Object(
  {
    action_id: MessageId,
    decision_id: MessageId,
    rule: Str(T.ruleName),
    type: ActionType,
    ok: Type.Boolean(),
    retryable: Type.Boolean(),
    error: Type.Optional(Type.Object({ code: Str(T.errorCode), message: Str(T.errorMessage) }, { additionalProperties: false })),
    target: Type.Optional(Str(T.target)),
    started_at: Timestamp,
    finished_at: Timestamp,
    result: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  },
  { additionalProperties: false },
)
export type ActionFinished = Static<typeof ActionFinished>

export const verificationOutcomes = ['cleared', 'holding', 'unknown'] as const
export const VerificationOutcome = literalUnion(verificationOutcomes)
export type VerificationOutcome = (typeof verificationOutcomes)[number]

/** After the verification window: did the triggering condition clear? */
export const ActionVerified = Type.Object(
  {
    action_id: MessageId,
    decision_id: MessageId,
    rule: Str(T.ruleName),
    /** true only when a sample proved the condition no longer holds (false also for `unknown`). */
    cleared: Type.Boolean(),
    window_s: Type.Number({ minimum: 0 }),
    checked_at: Timestamp,
    detail: Type.Optional(Str(T.reason)),
    /**
     * Appended: what the last check saw. `unknown` = a metric the condition needs was missing, so
     * nothing was proven either way (older agents omit it; read `cleared` then).
     */
    outcome: Type.Optional(VerificationOutcome),
  },
  { additionalProperties: false },
)
export type ActionVerified = Static<typeof ActionVerified>

/** send_alert and escalations, delivered by the control plane's notifiers. */
export const Alert = Type.Object(
  {
    alert_id: MessageId,
    severity: Type.Union([Type.Literal('info'), Type.Literal('warning'), Type.Literal('critical')]),
    summary: Str(T.alertSummary),
    detail: Type.Optional(Str(T.alertDetail)),
    rule: Type.Optional(Str(T.ruleName)),
    decision_id: Type.Optional(MessageId),
    channel: Type.Optional(Str(T.channel)),
    raised_at: Timestamp,
  },
  { additionalProperties: false },
)
export type Alert = Static<typeof Alert>

export const DesiredStateAck = Type.Object(
  {
    revision: Type.Integer({ minimum: 0 }),
    ruleset_version: Type.Integer({ minimum: 0 }),
    model_version: Type.Optional(Str(T.modelVersion)),
    applied: Type.Boolean(),
    error: Type.Optional(Str(T.errorMessage)),
  },
  { additionalProperties: false },
)
export type DesiredStateAck = Static<typeof DesiredStateAck>

export const Heartbeat = Type.Object(
  {
    uptime_s: Type.Number({ minimum: 0 }),
    monitoring: Type.Boolean(),
    outbox_depth: Type.Integer({ minimum: 0 }),
    /** Age of the oldest event still waiting in the outbox (0 when it is empty). */
    outbox_oldest_age_s: Type.Optional(Type.Number({ minimum: 0 })),
    collectors: Type.Optional(
      Type.Record(Str(T.collectorName), Type.Object({ ok: Type.Boolean(), error: Type.Optional(Str(T.collectorError)) }, { additionalProperties: false })),
    ),
  },
  { additionalProperties: false },
)
export type Heartbeat = Static<typeof Heartbeat>

export const CommandResult = Type.Object(
  {
    command_id: MessageId,
    ok: Type.Boolean(),
    error: Type.Optional(Str(T.errorMessage)),
    result: Type.Optional(Type.Unknown()),
  },
  { additionalProperties: false },
)
export type CommandResult = Static<typeof CommandResult>

/** type → payload schema, agent → control plane. */
export const agentMessages = {
  hello: Hello,
  'metrics.batch': MetricsBatch,
  decision: Decision,
  'action.started': ActionStarted,
  'action.finished': ActionFinished,
  'action.verified': ActionVerified,
  alert: Alert,
  'desired_state.ack': DesiredStateAck,
  heartbeat: Heartbeat,
  'command.result': CommandResult,
  /** Appended: how an upgrade ended (outboxed, acknowledged by id like an event). */
  'agent.upgrade': AgentUpgradeReport,
  'permit.request': PermitRequest,
  'permit.release': PermitRelease,
  /** Appended 2026-12-02: a permit request that may wait in a full budget's queue. */
  'permit.request.v2': PermitRequestV2,
} as const
export type AgentMessageType = keyof typeof agentMessages
export type AgentPayload<T extends AgentMessageType> = Static<(typeof agentMessages)[T]>

/** Messages that are events: written to the outbox, stored idempotently by id, acknowledged. */
export const agentEventTypes = [
  'metrics.batch',
  'decision',
  'action.started',
  'action.finished',
  'action.verified',
  'alert',
] as const satisfies readonly AgentMessageType[]
