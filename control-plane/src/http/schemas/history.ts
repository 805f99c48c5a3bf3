import Type from 'typebox'
import { ActionSpec, ConditionResult, ScoreDriver } from '@smartcloudops/shared'
import { literalUnion } from '@smartcloudops/shared/literal-union'
import { actionStatuses } from '../../db/schema'
import { component, Iso, IsoOrNull, Nullable, ref } from './component'


export const Sample = component(
  'MetricSample',
  Type.Object({
    host_id: Type.String(),
    ts: Iso,
    metrics: Type.Record(Type.String(), Type.Number()),
    missing: Nullable(Type.Record(Type.String(), Type.String())),
    anomaly_score: Nullable(Type.Number()),
    confidence: Nullable(Type.Number()),
    model_version: Nullable(Type.String()),
    explanation: Nullable(Type.Array(ScoreDriver, { description: 'the metrics that drove anomaly_score (top 3, largest share first); null for samples without one' })),
  }),
)

export const Action = component(
  'Action',
  Type.Object({
    id: Type.String(),
    host_id: Type.String(),
    decision_id: Type.String(),
    rule: Type.String(),
    action: Type.String(),
    params: Type.Unknown(),
    target: Nullable(Type.String()),
    status: literalUnion(actionStatuses),
    started_at: Iso,
    finished_at: IsoOrNull,
    duration_ms: Nullable(Type.Integer()),
    retryable: Nullable(Type.Boolean()),
    result: Type.Unknown(),
    error: Nullable(Type.Object({ code: Type.String(), message: Type.String() })),
    verified: Nullable(Type.Boolean()),
    verification: Type.Unknown(),
  }),
)

export const Decision = component(
  'Decision',
  Type.Object({
    id: Type.String(),
    host_id: Type.String(),
    rule: Type.String(),
    priority: Type.Integer(),
    ruleset_version: Type.Integer(),
    sample_ts: Iso,
    outcome: Type.String({ description: 'execute | dry_run | suppressed' }),
    suppressed_by: Type.String(),
    override_mode: Type.String(),
    reason: Type.String(),
    conditions: Type.Array(ConditionResult),
    actions: Type.Array(ActionSpec),
    escalation: Nullable(
      Type.Object(
        { step: Type.Integer(), of: Type.Integer() },
        { description: 'a rule with an escalation ladder: the step these actions were (1 = the rule\'s own actions) of how many; why in reason' },
      ),
    ),
    score_explanation: Type.Optional(
      Nullable(Type.Array(ScoreDriver, { description: "GET /hosts/{id}/decisions: the metrics that drove ml_anomaly_score in the decision's sample; null when it used none" })),
    ),
  }),
)

export const SampleList = component('MetricSampleList', Type.Object({ host_id: Type.Optional(Type.String()), samples: Type.Array(ref(Sample)) }))
export const ActionList = component(
  'ActionList',
  Type.Object({ actions: Type.Array(ref(Action)), total: Type.Integer(), limit: Type.Optional(Type.Integer()), offset: Type.Optional(Type.Integer()) }),
)
export const DecisionList = component('DecisionList', Type.Object({ decisions: Type.Array(ref(Decision)), total: Type.Integer() }))

export const ActivityBucket = component(
  'ActivityBucket',
  Type.Object({
    start: Iso,
    decisions: Type.Integer({ description: 'decisions whose sample falls in the bucket' }),
    suppressed: Type.Integer({ description: 'of those, suppressed by a gate (override, cooldown, policy, …)' }),
    dry_run: Type.Integer({ description: 'of those, recorded as "would have acted"' }),
    actions: Type.Integer({ description: 'actions started in the bucket' }),
    failed_actions: Type.Integer(),
  }),
)
export const ActivitySeries = component(
  'ActivitySeries',
  Type.Object({ from: Iso, to: Iso, bucket_s: Type.Integer(), target: Type.String(), buckets: Type.Array(ref(ActivityBucket)) }),
)
