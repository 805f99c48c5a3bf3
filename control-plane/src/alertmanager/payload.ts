import Type, { type Static } from 'typebox'

const LabelSet = Type.Record(Type.String({ minLength: 1, maxLength: 256 }), Type.String({ maxLength: 4096 }), { maxProperties: 128 })
const Time = Type.String({ minLength: 1, maxLength: 64 })

/**
 * Alertmanager's webhook body (version 4), with bounds. Unknown top-level fields are tolerated
 * (Alertmanager may add some); each alert is closed except for fields we do not read.
 */
export const AlertmanagerAlert = Type.Object({
  status: Type.Union([Type.Literal('firing'), Type.Literal('resolved')]),
  labels: LabelSet,
  annotations: Type.Optional(LabelSet),
  startsAt: Time,
  endsAt: Type.Optional(Time),
  generatorURL: Type.Optional(Type.String({ maxLength: 4096 })),
  fingerprint: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9]+$' }),
})
export type AlertmanagerAlert = Static<typeof AlertmanagerAlert>

export const AlertmanagerWebhook = Type.Object({
  version: Type.Literal('4'),
  groupKey: Type.Optional(Type.String({ maxLength: 4096 })),
  truncatedAlerts: Type.Optional(Type.Integer({ minimum: 0 })),
  status: Type.Union([Type.Literal('firing'), Type.Literal('resolved')]),
  receiver: Type.String({ maxLength: 256 }),
  groupLabels: Type.Optional(LabelSet),
  commonLabels: Type.Optional(LabelSet),
  commonAnnotations: Type.Optional(LabelSet),
  externalURL: Type.Optional(Type.String({ maxLength: 4096 })),
  alerts: Type.Array(AlertmanagerAlert, { maxItems: 1000 }),
})
export type AlertmanagerWebhook = Static<typeof AlertmanagerWebhook>
