import { index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core'
import { alerts } from './events'

export const deliveryStatuses = ['pending', 'delivered', 'failed'] as const
export type DeliveryStatus = (typeof deliveryStatuses)[number]

/**
 * One notification of one alert event (firing or resolved) to one notifier: the durable delivery
 * queue. A worker claims due rows (`FOR UPDATE SKIP LOCKED` plus a lease, so one replica sends
 * each), retries retryable failures with backoff across restarts and gives up after a bound.
 */
export const notificationDeliveries = pgTable(
  'notification_deliveries',
  {
    id: text('id').primaryKey(),
    alertId: text('alert_id')
      .notNull()
      .references(() => alerts.id),
    notifier: text('notifier').notNull(),
    kind: text('kind').notNull(),
    /** firing | resolved */
    event: text('event').notNull(),
    status: text('status').$type<DeliveryStatus>().notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    leaseUntil: timestamp('lease_until', { withTimezone: true }),
    lastError: text('last_error'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
    /** What the notifier was sent about (the alert as it was then), so a retry sends the same thing. */
    notice: jsonb('notice').$type<Record<string, unknown>>().notNull(),
  },
  (t) => [
    uniqueIndex('notification_deliveries_once_idx').on(t.alertId, t.notifier, t.event),
    index('notification_deliveries_due_idx').on(t.status, t.nextAttemptAt),
  ],
)
export type NotificationDeliveryRow = typeof notificationDeliveries.$inferSelect
