import { index, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core'
import { hosts } from './hosts'

/** Tokens Alertmanager sends to the intake endpoint: their own kind, good for nothing else. */
export const intakeTokens = pgTable('intake_tokens', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  tokenHash: text('token_hash').notNull().unique(),
  createdBy: text('created_by').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
})

/**
 * Alerts from Alertmanager, one row per alert (its fingerprint), mapped to a host. The latest
 * notification wins unless it is about an older incarnation of the alert (an earlier startsAt),
 * so a repeated or reordered notification changes nothing.
 *
 * `last_seen_at` is the last notification that named the alert (repeats included): Alertmanager
 * re-sends a firing alert every `repeat_interval`, so a firing alert not seen for longer than the
 * `alert_intake.firing_expires_after` setting has lost its resolve and counts as expired
 * (alertmanager/expiry.ts). `updated_at` is the last change of status or host.
 */
export const externalAlerts = pgTable(
  'external_alerts',
  {
    fingerprint: text('fingerprint').primaryKey(),
    hostId: text('host_id')
      .notNull()
      .references(() => hosts.id),
    name: text('name').notNull(),
    status: text('status').$type<'firing' | 'resolved'>().notNull(),
    labels: jsonb('labels').$type<Record<string, string>>().notNull(),
    annotations: jsonb('annotations').$type<Record<string, string>>().notNull(),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('external_alerts_host_idx').on(t.hostId, t.updatedAt.desc())],
)
