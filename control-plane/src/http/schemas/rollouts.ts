import Type from 'typebox'
import { component, Iso, IsoOrNull, Json, Nullable, ref } from './component'

export const RolloutStage = component(
  'RolloutStage',
  Type.Object({
    stage: Type.Integer({ description: '1-based' }),
    selector: Nullable(Type.String()),
    percent: Nullable(Type.Number()),
    soak_s: Type.Number(),
    /** Hosts this stage adds (not counting earlier stages); null in lists (GET /rollouts/{id} counts them). */
    hosts: Nullable(Type.Integer()),
  }),
)

export const RolloutEventView = component(
  'RolloutEvent',
  Type.Object({ at: Iso, event: Type.String(), stage: Type.Integer(), by: Type.String(), detail: Type.Optional(Type.String()) }),
)

export const Rollout = component(
  'Rollout',
  Type.Object({
    id: Type.String(),
    kind: Type.Union([Type.Literal('ruleset'), Type.Literal('model')]),
    state: Type.Union([Type.Literal('running'), Type.Literal('paused'), Type.Literal('completed'), Type.Literal('rolled_back'), Type.Literal('aborted')]),
    from_ruleset_version: Nullable(Type.Integer()),
    to_ruleset_version: Nullable(Type.Integer()),
    to_model_version: Nullable(Type.String()),
    stage: Type.Integer({ description: 'the current stage, 1-based' }),
    stages: Type.Array(ref(RolloutStage)),
    stage_started_at: Iso,
    /** When the soak of the current stage ends (a running rollout promotes then if the gate holds). */
    soak_ends_at: IsoOrNull,
    reason: Nullable(Type.String()),
    gate: Json,
    last_gate: Nullable(Json),
    events: Type.Array(ref(RolloutEventView)),
    created_by: Type.String(),
    created_at: Iso,
    finished_at: IsoOrNull,
  }),
)

export const RolloutList = component('RolloutList', Type.Object({ rollouts: Type.Array(ref(Rollout)), total: Type.Integer() }))

export const RolloutHostView = component(
  'RolloutHost',
  Type.Object({
    host_id: Type.String(),
    hostname: Type.String(),
    /** The stage that first covers the host (1-based; null: the rollout does not cover it, e.g. a host-specific model). */
    stage: Nullable(Type.Integer()),
    on_new_version: Type.Boolean(),
    desired_ruleset_version: Type.Integer(),
    desired_model_version: Nullable(Type.String()),
    applied_ruleset_version: Nullable(Type.Integer()),
    applied_model_version: Nullable(Type.String()),
    connection_state: Type.String(),
  }),
)

export const RolloutDetail = component(
  'RolloutDetail',
  Type.Object({ ...Rollout.properties, hosts: Type.Array(ref(RolloutHostView)), hosts_total: Type.Integer() }),
)
