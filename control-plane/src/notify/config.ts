import Type, { type Static } from 'typebox'

const Severity = Type.Union([Type.Literal('info'), Type.Literal('warning'), Type.Literal('critical')])
const Url = Type.String({ minLength: 1, maxLength: 2000 })
const Label = Type.String({ minLength: 1, maxLength: 200 })

/**
 * One notifier, by kind. One flat object (not a union) so a bad field is reported by name; which
 * fields a kind needs is checked by that kind's `check()` (notifiers/<kind>/). Fields listed in the
 * kind's `secrets` are write-only in the API (http/secrets.ts): shown redacted, and a PUT carrying the placeholder keeps
 * the stored value.
 */
export const NotifierConfig = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 128, pattern: '^[A-Za-z0-9][A-Za-z0-9_.@-]*$' }),
    kind: Type.Union([Type.Literal('log'), Type.Literal('webhook'), Type.Literal('slack'), Type.Literal('pagerduty'), Type.Literal('email')]),
    /** Routing: only alerts at or above this severity ... */
    min_severity: Type.Optional(Severity),
    /** ... whose host carries all these labels ... */
    match_labels: Type.Optional(Type.Record(Label, Type.String({ maxLength: 200 }), { maxProperties: 32 })),
    /** ... raised by one of these rules (absent = any rule, and alerts without a rule). */
    rules: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { maxItems: 100 })),
    /** Also notify when the alert resolves (default true). */
    send_resolved: Type.Optional(Type.Boolean()),
    /** webhook, slack: where to POST; pagerduty: the Events API v2 endpoint (default PagerDuty's). */
    url: Type.Optional(Url),
    /** webhook: extra request headers (values are secrets). */
    headers: Type.Optional(Type.Record(Type.String({ minLength: 1, maxLength: 200, pattern: '^[A-Za-z0-9-]+$' }), Type.String({ maxLength: 2000 }), { maxProperties: 20 })),
    /** webhook: HMAC-SHA256 key for the X-Scops-Signature header. */
    secret: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
    /** pagerduty: the integration's routing key. */
    routing_key: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    /** email */
    smtp: Type.Optional(
      Type.Object(
        {
          host: Type.String({ minLength: 1, maxLength: 255 }),
          port: Type.Integer({ minimum: 1, maximum: 65535 }),
          /** TLS from the start (port 465); otherwise STARTTLS when the server offers it. */
          secure: Type.Optional(Type.Boolean()),
          user: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
          password: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
        },
        { additionalProperties: false },
      ),
    ),
    from: Type.Optional(Type.String({ minLength: 3, maxLength: 320 })),
    to: Type.Optional(Type.Array(Type.String({ minLength: 3, maxLength: 320 }), { minItems: 1, maxItems: 50 })),
  },
  { additionalProperties: false },
)
export type NotifierConfig = Static<typeof NotifierConfig>
export type NotifierKindName = NotifierConfig['kind']
