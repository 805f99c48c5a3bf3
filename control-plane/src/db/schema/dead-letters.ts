import { bigserial, index, pgTable, text, timestamp } from 'drizzle-orm/pg-core'

/**
 * Agent events that can never be stored (their content is refused: a value the columns cannot
 * hold, an id owned by another host). They are kept here, acknowledged to the agent so they never
 * block its outbox, and shown to operators through GET /api/v1/dead-letters.
 */
export const deadLetters = pgTable(
  'dead_letters',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    /** No foreign key: a dead letter must be storable whatever state its host's rows are in. */
    hostId: text('host_id').notNull(),
    eventId: text('event_id').notNull(),
    type: text('type').notNull(),
    /** Stable code (`not_storable`, `owned_by_another_host`, `unknown_action`). */
    reason: text('reason').notNull(),
    detail: text('detail').notNull(),
    /** The event's payload as JSON text (escaped, so a NUL or a lone surrogate is kept verbatim). */
    payload: text('payload').notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('dead_letters_received_idx').on(t.receivedAt.desc()), index('dead_letters_host_idx').on(t.hostId, t.receivedAt.desc())],
)
export type DeadLetterRow = typeof deadLetters.$inferSelect
