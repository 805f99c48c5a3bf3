import Type, { type Static } from 'typebox'
import { DurationWithin } from '../duration'
import { OverrideMode, Ruleset } from '../rules/schema'
import { literalUnion } from '../literal-union'
import { AgentReleaseRef } from './agent-release'
import { MessageId, Timestamp } from './envelope'
import { durationLimits, listLimits as L, textLimits as T } from './limits'
import { PermitAnswer, PermitQueued } from './permit-messages'

// Control plane → agent. Payload schemas only. Append, never change.

export const EffectiveOverride = Type.Object(
  {
    mode: OverrideMode,
    /** Where the winning override came from; `default` when none is active. */
    scope: Type.Union([Type.Literal('default'), Type.Literal('fleet'), Type.Literal('group'), Type.Literal('host')]),
    override_id: Type.Optional(Type.String({ maxLength: T.id })),
    reason: Type.Optional(Type.String({ maxLength: T.reason })),
    author: Type.Optional(Type.String({ maxLength: T.name })),
    expires_at: Type.Optional(Timestamp),
  },
  { additionalProperties: false },
)
export type EffectiveOverride = Static<typeof EffectiveOverride>

export const AgentRuntimeConfig = Type.Object(
  {
    /** The report's monitoring loop: 30 s by default, down to 1 s. */
    interval_s: Type.Number({ minimum: 1, maximum: 3600 }),
    /** The report's metrics buffer: 10 samples by default. */
    buffer_size: Type.Integer({ minimum: 1, maximum: 10_000 }),
    monitoring: Type.Boolean(),
    /** How long to watch the triggering condition after an action. */
    verify_window: DurationWithin(durationLimits.verifyWindow),
    /** Bounded below Node's timer range: a larger value would make every action fail at once. */
    action_timeout: DurationWithin(durationLimits.actionTimeout),
  },
  { additionalProperties: false },
)
export type AgentRuntimeConfig = Static<typeof AgentRuntimeConfig>

export const ModelRef = Type.Object(
  {
    version: Type.String({ minLength: 1, maxLength: T.modelVersion }),
    sha256: Type.String({ pattern: '^[0-9a-f]{64}$' }),
    size: Type.Integer({ minimum: 1, maximum: 64 * 1024 * 1024 }),
    /** Path on the control plane to download the bytes from, with the agent's credential. */
    url: Type.String({ minLength: 1, maxLength: 1000 }),
  },
  { additionalProperties: false },
)
export type ModelRef = Static<typeof ModelRef>

/**
 * A rule the control plane paused fleet-wide (its fixes kept failing to verify) until an operator
 * resumes it: the agent still evaluates it and records each firing as suppressed by `rule_paused`.
 */
export const PausedRule = Type.Object(
  {
    rule: Type.String({ minLength: 1, maxLength: T.ruleName }),
    /** Why, with the numbers ("5 failed verifications in 1h across 3 hosts (threshold 5)"). */
    reason: Type.String({ maxLength: T.reason }),
    paused_at: Timestamp,
  },
  { additionalProperties: false },
)
export type PausedRule = Static<typeof PausedRule>

/** The `hello.accepts` entry of an agent that understands `desired_state.paused_rules`. */
export const ACCEPTS_PAUSED_RULES = 'desired_state.paused_rules'

/** The whole desired state of one host: a snapshot, never a diff. */
export const DesiredState = Type.Object(
  {
    host_id: Type.String({ minLength: 1, maxLength: T.id }),
    /** Increases with every change for this host. */
    revision: Type.Integer({ minimum: 0 }),
    ruleset: Ruleset,
    /** false = the report's "disabled engine": decide and record, never act. */
    remediation_enabled: Type.Boolean(),
    override: EffectiveOverride,
    config: AgentRuntimeConfig,
    model: Type.Optional(ModelRef),
    /** Appended: the agent version to run (only to agents that accept `desired_state.agent_release`). */
    agent_release: Type.Optional(AgentReleaseRef),
    /**
     * Appended: rules paused fleet-wide. Sent only to agents whose hello lists
     * ACCEPTS_PAUSED_RULES; an older agent gets those rules with `enabled: false` instead.
     */
    paused_rules: Type.Optional(Type.Array(PausedRule, { maxItems: L.rules })),
  },
  { additionalProperties: false },
)
export type DesiredState = Static<typeof DesiredState>

export const commandNames = ['trigger', 'start_monitoring', 'stop_monitoring', 'test'] as const
export const Command = Type.Object(
  {
    command_id: MessageId,
    name: literalUnion(commandNames),
    args: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  },
  { additionalProperties: false },
)
export type Command = Static<typeof Command>

export const Ack = Type.Object(
  { ids: Type.Array(MessageId, { minItems: 1, maxItems: L.ackIds }) },
  { additionalProperties: false },
)
export type Ack = Static<typeof Ack>

export const Welcome = Type.Object(
  {
    host_id: Type.String({ minLength: 1, maxLength: T.id }),
    server_time: Timestamp,
    /** How often the agent should send a heartbeat; the server marks a host stale after 3 missed. */
    heartbeat_interval_s: Type.Optional(Type.Number({ minimum: 1, maximum: 3600 })),
  },
  { additionalProperties: false },
)
export type Welcome = Static<typeof Welcome>

/** Sent for a message the server could not accept; the connection stays up. */
export const ErrorFrame = Type.Object(
  {
    code: Type.String({ maxLength: T.errorCode }),
    message: Type.String({ maxLength: T.errorMessage }),
    ref_id: Type.Optional(Type.String({ maxLength: T.id })),
  },
  { additionalProperties: false },
)
export type ErrorFrame = Static<typeof ErrorFrame>

/**
 * The alerts an external system (Alertmanager) raised about this host: a snapshot that replaces
 * the last one. Each becomes the sample input `alert:<name>` (1 firing, 0 resolved) before rules
 * are evaluated. Sent only to agents whose hello lists `alert_inputs` in `accepts`.
 */
export const AlertInputs = Type.Object(
  {
    alerts: Type.Array(
      Type.Object(
        {
          /** Alertmanager's `alertname`: no whitespace, so `alert:<name>` is a metric key. */
          name: Type.String({ minLength: 1, maxLength: 160, pattern: '^[^\\s]+$' }),
          firing: Type.Boolean(),
          since: Timestamp,
        },
        { additionalProperties: false },
      ),
      { maxItems: 256 },
    ),
  },
  { additionalProperties: false },
)
export type AlertInputs = Static<typeof AlertInputs>

/** type → payload schema, control plane → agent. */
export const serverMessages = {
  welcome: Welcome,
  desired_state: DesiredState,
  command: Command,
  ack: Ack,
  error: ErrorFrame,
  alert_inputs: AlertInputs,
  'permit.answer': PermitAnswer,
  /** Appended 2026-12-02: the answer to a permit.request.v2 waits in a budget's queue. */
  'permit.queued': PermitQueued,
} as const
export type ServerMessageType = keyof typeof serverMessages
export type ServerPayload<T extends ServerMessageType> = Static<(typeof serverMessages)[T]>
