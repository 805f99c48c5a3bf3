import Type from 'typebox'
import { component, Iso, IsoOrNull, Labels, Nullable, ref } from './component'

export const AlertDelivery = component(
  'AlertDelivery',
  Type.Object({
    notifier: Type.String(),
    kind: Type.String(),
    event: Type.String({ description: 'firing | resolved' }),
    status: Type.String({ description: 'pending | delivered | failed' }),
    attempts: Type.Integer(),
    next_attempt_at: IsoOrNull,
    delivered_at: IsoOrNull,
    last_error: Nullable(Type.String({ description: "secrets of the notifiers' configuration redacted" })),
  }),
)

export const Alert = component(
  'Alert',
  Type.Object({
    id: Type.String(),
    host_id: Type.String(),
    hostname: Type.String(),
    severity: Type.String(),
    summary: Type.String(),
    detail: Nullable(Type.String()),
    rule: Nullable(Type.String()),
    decision_id: Nullable(Type.String()),
    channel: Nullable(Type.String()),
    raised_at: Iso,
    status: Type.Union([Type.Literal('firing'), Type.Literal('resolved')]),
    resolved_at: IsoOrNull,
    delivery_status: Type.String({ description: 'pending | queued | delivered | failed | no_notifier' }),
    deliveries: Type.Array(ref(AlertDelivery)),
  }),
)
export const AlertList = component(
  'AlertList',
  Type.Object({ alerts: Type.Array(ref(Alert)), total: Type.Integer(), limit: Type.Integer(), offset: Type.Integer() }),
)

export const NotifierTestResult = component(
  'NotifierTestResult',
  Type.Object({
    notifier: Type.String(),
    kind: Type.String(),
    ok: Type.Boolean(),
    retryable: Type.Boolean({ description: 'worth trying again later (network error, 5xx, 429)' }),
    error: Nullable(Type.String({ description: "secrets of the notifier's configuration redacted" })),
  }),
)

export const HostLabels = component(
  'HostLabels',
  Type.Object({ host_id: Type.String(), labels: Labels, reported_labels: Labels }),
)

export const AlertmanagerIntakeResult = component(
  'AlertmanagerIntakeResult',
  Type.Object({
    received: Type.Integer(),
    matched: Type.Integer(),
    changed_hosts: Type.Integer(),
    unmatched: Type.Array(Type.Object({ fingerprint: Type.String(), alertname: Nullable(Type.String()), reason: Type.String() })),
  }),
)

export const IntakeToken = component(
  'IntakeToken',
  Type.Object({ id: Type.String(), name: Type.String(), createdBy: Type.String(), createdAt: Iso, revokedAt: IsoOrNull }),
)
export const IntakeTokenCreated = component('IntakeTokenCreated', Type.Object({ id: Type.String(), token: Type.String() }))
export const IntakeTokenRevoked = component('IntakeTokenRevoked', Type.Object({ id: Type.String(), revoked: Type.Boolean() }))

export const ExternalAlert = component(
  'ExternalAlert',
  Type.Object({
    fingerprint: Type.String(),
    host_id: Type.String(),
    hostname: Type.String(),
    name: Type.String({ description: 'alertname: the rule input alert:<name>' }),
    state: Type.Union([Type.Literal('firing'), Type.Literal('expired'), Type.Literal('resolved')], {
      description: 'expired: firing when last seen, but not re-sent within alert_intake.firing_expires_after (or past the endsAt its sender gave); counts as not firing for rules and inhibitions',
    }),
    labels: Labels,
    annotations: Labels,
    starts_at: Iso,
    ends_at: IsoOrNull,
    last_seen_at: Iso,
    expires_at: Type.Union([Iso, Type.Null()], { description: 'when a firing alert stops counting as firing unless it is seen again; null once resolved' }),
    updated_at: Iso,
  }),
)
export const ExternalAlertList = component(
  'ExternalAlertList',
  Type.Object({ alerts: Type.Array(ref(ExternalAlert)), total: Type.Integer(), limit: Type.Integer(), offset: Type.Integer() }),
)
