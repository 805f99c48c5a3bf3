import Type from 'typebox'
import { AgentRuntimeConfig, ModelRef, OverrideMode } from '@smartcloudops/shared'
import { literalUnion } from '@smartcloudops/shared/literal-union'
import { connectionStates } from '../../db/schema'
import { component, Iso, IsoOrNull, Json, Labels, Nullable, ref } from './component'
import { Sample } from './history'


/** The effective override as the API shows it: like the protocol's, with an ISO expiry. */
export const EffectiveOverrideView = component(
  'EffectiveOverride',
  Type.Object({
    mode: OverrideMode,
    scope: Type.Union([Type.Literal('default'), Type.Literal('fleet'), Type.Literal('group'), Type.Literal('host')]),
    override_id: Type.Optional(Type.String()),
    reason: Type.Optional(Type.String()),
    author: Type.Optional(Type.String()),
    expires_at: Type.Optional(Iso),
  }),
)

export const Host = component(
  'Host',
  Type.Object({
    id: Type.String(),
    hostname: Type.String(),
    labels: Labels,
    reported_labels: Type.Record(Type.String(), Type.String(), { description: 'what the agent reports; never applied until an admin approves (POST /hosts/{id}/labels/approve-reported)' }),
    agent_version: Nullable(Type.String()),
    connection_state: literalUnion(connectionStates),
    connected: Type.Boolean(),
    monitoring: Type.Union([Type.Literal('on'), Type.Literal('off'), Type.Literal('unknown')]),
    first_seen_at: Iso,
    last_seen_at: IsoOrNull,
    applied: Type.Object({
      revision: Nullable(Type.Integer()),
      ruleset_version: Nullable(Type.Integer()),
      model_version: Nullable(Type.String()),
      at: IsoOrNull,
      error: Nullable(Type.String()),
    }),
    desired_revision: Type.Integer(),
    last_anomaly_score: Nullable(Type.Number()),
    decommissioned_at: IsoOrNull,
  }),
)

export const HostList = component(
  'HostList',
  Type.Object({ hosts: Type.Array(ref(Host)), total: Type.Integer(), limit: Type.Integer(), offset: Type.Integer() }),
)

export const HostDetail = component(
  'HostDetail',
  Type.Object({
    ...Host.properties,
      capabilities: Nullable(Type.Object({ actions: Type.Array(Type.String()), collectors: Type.Array(Type.String()) })),
      facts: Nullable(Json),
      effective_override: ref(EffectiveOverrideView),
      desired: Type.Object({
        revision: Type.Integer(),
        ruleset_version: Type.Integer(),
        rules: Type.Array(Type.String()),
        remediation_enabled: Type.Boolean(),
        config: AgentRuntimeConfig,
        model: Nullable(ModelRef),
      }),
      model: Type.Object({ active_version: Nullable(Type.String()), desired_version: Nullable(Type.String()), in_sync: Nullable(Type.Boolean()) }),
      in_sync: Type.Boolean(),
      last_sample: Nullable(ref(Sample)),
      anomaly_score: Nullable(Type.Number()),
      outbox: Nullable(Type.Object({ depth: Nullable(Type.Integer()), oldest_age_s: Nullable(Type.Number()), reported_at: Iso })),
  }),
)
