import Type, { type Static } from 'typebox'
import { ActionSpec } from '../actions/catalog'
import { Duration, DurationWithin } from '../duration'
import { literalUnion } from '../literal-union'
import { MetricKey } from '../metrics'
import { durationLimits, listLimits as L, textLimits as T } from '../protocol/limits'

export const operators = ['gt', 'lt', 'eq', 'gte', 'lte', 'ne'] as const
export const Operator = literalUnion(operators)
export type Operator = (typeof operators)[number]

export const Condition = Type.Object(
  {
    metric: MetricKey,
    operator: Operator,
    threshold: Type.Number(),
  },
  { additionalProperties: false },
)
export type Condition = Static<typeof Condition>

export const RuleName = Type.String({ minLength: 1, maxLength: T.ruleName, pattern: '^[A-Za-z0-9][A-Za-z0-9 _.()-]*$' })

export const LabelSelector = Type.Record(
  Type.String({ minLength: 1, maxLength: 128, pattern: '^[A-Za-z0-9][A-Za-z0-9_./-]*$' }),
  Type.String({ maxLength: T.name }),
  { additionalProperties: false },
)
export type LabelSelector = Static<typeof LabelSelector>

/** How long a ladder step's fix may take to verify healthy (a verification window: at most a day). */
export const StepTimeout = DurationWithin(durationLimits.verifyWindow)

/** One step of an escalation ladder after the rule's own actions (which are step 1). */
export const EscalationStep = Type.Object(
  {
    actions: Type.Array(ActionSpec, { minItems: 1, maxItems: L.actions }),
    /** How long this step has to verify healthy before the next one; default: the ladder's `timeout`. */
    timeout: Type.Optional(StepTimeout),
  },
  { additionalProperties: false },
)
export type EscalationStep = Static<typeof EscalationStep>

/**
 * An escalation ladder: the rule's `actions` are step 1; when a step's fix does not verify healthy
 * within its timeout, the next firing runs the next step (e.g. restart_container, then
 * restart_service, then send_alert). Semantics: ./README.md, "Escalation ladders".
 */
export const Escalation = Type.Object(
  {
    /** How long step 1 (the rule's `actions`) has to verify healthy; also the steps' default. */
    timeout: StepTimeout,
    steps: Type.Array(EscalationStep, { minItems: 1, maxItems: L.escalationSteps }),
  },
  { additionalProperties: false },
)
export type Escalation = Static<typeof Escalation>

/**
 * A remediation rule. The first six fields are the report's; the rest are what users of Monit,
 * Prometheus and Kubernetes ask for. One schema for YAML files, JSON and the API.
 */
export const Rule = Type.Object(
  {
    name: RuleName,
    description: Type.Optional(Type.String({ maxLength: T.reason })),
    /** All must hold. */
    conditions: Type.Array(Condition, { minItems: 1, maxItems: L.conditions }),
    /** Run in order. */
    actions: Type.Array(ActionSpec, { minItems: 1, maxItems: L.actions }),
    /** Lower runs first (the report: 0 = critical). */
    priority: Type.Integer({ minimum: 0, maximum: 1000 }),
    /** Minimum time between two firings of this rule on one host. */
    cooldown: Duration,
    enabled: Type.Optional(Type.Boolean()),
    /** The conditions must hold for N consecutive samples and/or this long before the rule fires. */
    for: Type.Optional(
      Type.Object(
        {
          samples: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 })),
          duration: Type.Optional(Duration),
        },
        { additionalProperties: false },
      ),
    ),
    /** Hysteresis: once fired, the rule stays active (and does not fire again) until these all hold. */
    clear: Type.Optional(Type.Array(Condition, { minItems: 1, maxItems: L.conditions })),
    /** At most `count` firings per `window`; past that the rule stops acting and alerts once. */
    max_actions: Type.Optional(
      Type.Object(
        { count: Type.Integer({ minimum: 1, maximum: 10_000 }), window: Duration },
        { additionalProperties: false },
      ),
    ),
    /** The firing counter (for max_actions) resets only after the host was healthy this long. */
    reset_after: Type.Optional(Duration),
    /** Which hosts the rule applies to; absent = every host. */
    scope: Type.Optional(
      Type.Object(
        {
          hosts: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: T.name }), { maxItems: L.scopeHosts })),
          labels: Type.Optional(LabelSelector),
        },
        { additionalProperties: false },
      ),
    ),
    /** Appended: an escalation ladder; absent = the rule runs its `actions` every time it acts. */
    escalation: Type.Optional(Escalation),
  },
  { additionalProperties: false },
)
export type Rule = Static<typeof Rule>

/** A versioned, immutable set of rules as pushed to agents. */
export const Ruleset = Type.Object(
  {
    version: Type.Integer({ minimum: 0 }),
    rules: Type.Array(Rule, { maxItems: L.rules }),
  },
  { additionalProperties: false },
)
export type Ruleset = Static<typeof Ruleset>

/** Remediation mode from overrides; the most restrictive active override wins. */
export const overrideModes = ['enabled', 'dry_run', 'paused'] as const
export const OverrideMode = literalUnion(overrideModes)
export type OverrideMode = (typeof overrideModes)[number]
