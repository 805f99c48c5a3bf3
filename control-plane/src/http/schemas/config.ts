import { RuleAutoPause } from '../../fleet/rule-auto-pause-settings'
import Type from 'typebox'
import { AgentRuntimeConfig } from '@smartcloudops/shared'
import { component, Iso, IsoOrNull, Json, Labels, Nullable, ref } from './component'
import { RuleComponent } from './fleet'
import { NotifierConfig } from '../../notify/config'

export const RuntimeConfigDocument = component(
  'RuntimeConfigDocument',
  Type.Object({
    scope: Type.Union([Type.Literal('fleet'), Type.Literal('host')]),
    config: AgentRuntimeConfig,
    host_patch: Type.Optional(Type.Partial(AgentRuntimeConfig)),
  }),
)

export const RuntimeConfigChange = component('RuntimeConfigChange', Type.Object({ target: Type.String(), config: Type.Partial(AgentRuntimeConfig) }))

export const RuleList = component('RuleList', Type.Object({ version: Type.Integer(), rules: Type.Array(ref(RuleComponent)) }))
export const RuleChange = component('RuleChange', Type.Object({ version: Type.Integer(), rule: Type.Optional(ref(RuleComponent)) }))

export const RulesetVersionSummary = component(
  'RulesetVersionSummary',
  Type.Object({ version: Type.Integer(), author: Type.String(), message: Type.String(), created_at: Iso, rule_count: Type.Integer() }),
)
export const RulesetVersionList = component('RulesetVersionList', Type.Object({ current_version: Type.Integer(), versions: Type.Array(ref(RulesetVersionSummary)) }))
export const RulesetVersion = component(
  'RulesetVersion',
  Type.Object({ version: Type.Integer(), author: Type.String(), message: Type.String(), created_at: Iso, rules: Type.Array(ref(RuleComponent)) }),
)
export const RulesetRollout = component(
  'RulesetRollout',
  Type.Object({
    current_version: Type.Integer(),
    versions: Type.Array(Type.Object({ version: Nullable(Type.Integer()), hosts: Type.Integer(), host_ids: Type.Array(Type.String()) })),
    up_to_date: Type.Integer(),
    behind: Type.Integer(),
  }),
)
export const RulesetDiff = component(
  'RulesetDiff',
  Type.Object({
    from: Type.Integer(),
    to: Type.Integer(),
    added: Type.Array(ref(RuleComponent)),
    removed: Type.Array(ref(RuleComponent)),
    changed: Type.Array(Type.Object({ name: Type.String(), fields: Type.Array(Type.String()), before: ref(RuleComponent), after: ref(RuleComponent) })),
    unchanged: Type.Array(Type.String()),
  }),
)
export const RulesetCommit = component(
  'RulesetCommit',
  Type.Object({
    version: Type.Integer(),
    changed: Type.Boolean({ description: 'false: the rules were already these; no version was made' }),
    added: Type.Array(Type.String()),
    removed: Type.Array(Type.String()),
    modified: Type.Array(Type.String()),
  }),
)

/** Notifiers as GET /settings shows them: each kind's secret fields (http/secrets.ts) redacted. */
export const Notifier = component('Notifier', Type.Object({ ...NotifierConfig.properties }))
export const AlertIntake = component(
  'AlertIntake',
  Type.Object({
    host_labels: Type.Array(Type.String()),
    host_label_key: Type.Optional(Type.String()),
    firing_expires_after: Type.Union([Type.Number(), Type.String()], { description: 'a firing alert not re-sent for this long counts as expired' }),
  }),
)
export const RuleAutoPauseView = component('RuleAutoPause', Type.Object({ ...RuleAutoPause.properties }))
export const Settings = component(
  'Settings',
  Type.Object({ remediation_enabled: Type.Boolean(), alert_intake: ref(AlertIntake), notifiers: Type.Array(ref(Notifier)), rule_auto_pause: ref(RuleAutoPauseView) }),
)

export const ApiToken = component(
  'ApiToken',
  Type.Object({
    id: Type.String(),
    name: Type.String(),
    role: Type.String(),
    createdBy: Type.String(),
    createdAt: Iso,
    lastUsedAt: IsoOrNull,
    revokedAt: IsoOrNull,
  }),
)
export const ApiTokenCreated = component('ApiTokenCreated', Type.Object({ id: Type.String(), token: Type.String(), role: Type.String() }))
export const ApiTokenRevoked = component('ApiTokenRevoked', Type.Object({ id: Type.String(), revoked: Type.Boolean() }))

export const EnrollmentToken = component(
  'EnrollmentToken',
  Type.Object({
    id: Type.String(),
    name: Type.String(),
    state: Type.String(),
    expires_at: IsoOrNull,
    max_uses: Nullable(Type.Integer()),
    uses: Type.Integer(),
    labels: Labels,
    reprovision: Type.Boolean(),
    revoked_at: IsoOrNull,
    created_by: Type.String(),
    created_at: Iso,
  }),
)
export const EnrollmentTokenCreated = component('EnrollmentTokenCreated', Type.Object({ token: Type.String(), enrollment_token: ref(EnrollmentToken) }))

export const AuditEntry = component(
  'AuditEntry',
  Type.Object({
    id: Type.String(),
    at: Iso,
    actor: Type.String(),
    role: Type.String(),
    method: Type.String(),
    path: Type.String(),
    status_code: Type.Integer(),
    detail: Nullable(Json),
    remote_address: Nullable(Type.String()),
  }),
)
export const AuditList = component('AuditList', Type.Object({ entries: Type.Array(ref(AuditEntry)), total: Type.Integer() }))

export const DeadLetterList = component(
  'DeadLetterList',
  Type.Object({
    dead_letters: Type.Array(
      Type.Object({
        id: Type.Integer(),
        host_id: Type.String(),
        event_id: Type.String(),
        type: Type.String(),
        reason: Type.String(),
        detail: Type.String(),
        payload: Type.String({ description: "the event's payload as the agent sent it, as JSON text" }),
        received_at: Iso,
      }),
    ),
    total: Type.Integer(),
  }),
)

export const Principal = component(
  'Principal',
  Type.Object({ token_id: Type.String(), name: Type.String(), role: Type.Union([Type.Literal('viewer'), Type.Literal('operator'), Type.Literal('admin')]) }),
)
