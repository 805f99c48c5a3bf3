import Type, { type Static } from 'typebox'

export const PROTOCOL_VERSION = 1

/** Event and message ids: ULIDs/UUIDs or any opaque token the sender guarantees unique. */
export const MessageId = Type.String({ minLength: 8, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' })
export type MessageId = Static<typeof MessageId>

/** Milliseconds since the Unix epoch. */
export const Timestamp = Type.Integer({ minimum: 0, maximum: 8_640_000_000_000 })

export const Envelope = Type.Object(
  {
    v: Type.Integer({ minimum: 1 }),
    type: Type.String({ minLength: 1, maxLength: 64 }),
    id: MessageId,
    ts: Timestamp,
    payload: Type.Unknown(),
  },
  { additionalProperties: false },
)
export type Envelope = Static<typeof Envelope>
