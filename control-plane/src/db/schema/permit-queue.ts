import { bigserial, index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core'
import { budgets } from './budgets'
import { hosts } from './hosts'

/**
 * The budget queue (fleet/permits/README.md, "Queue"): a permit request refused only because a
 * budget is full waits here, first come first served per budget, until a lease of that budget is
 * released or expires (then the head is granted before any newcomer), its wait ends, or its agent
 * disconnects. Rows live at most the protocol's longest wait (60 s); read and written only under
 * the permit lock. `seq` orders the queue (enqueue order across replicas: one lock, one sequence).
 */
export const permitWaiters = pgTable(
  'permit_waiters',
  {
    seq: bigserial('seq', { mode: 'number' }).primaryKey(),
    hostId: text('host_id')
      .notNull()
      .references(() => hosts.id, { onDelete: 'cascade' }),
    /** The budget whose fullness refused it: an operator deleting the budget empties its queue. */
    budgetId: text('budget_id')
      .notNull()
      .references(() => budgets.id, { onDelete: 'cascade' }),
    /** The agent's request id: the answer, whenever it comes, carries it back. */
    requestId: text('request_id').notNull(),
    rule: text('rule').notNull(),
    action: text('action').notNull(),
    target: text('target').notNull(),
    ttlS: integer('ttl_s').notNull(),
    /** The gateway replica holding the agent's connection: its disconnect removes only its own waiters. */
    replica: text('replica').notNull(),
    enqueuedAt: timestamp('enqueued_at', { withTimezone: true }).notNull(),
    waitUntil: timestamp('wait_until', { withTimezone: true }).notNull(),
  },
  (t) => [index('permit_waiters_budget_idx').on(t.budgetId, t.seq), index('permit_waiters_host_idx').on(t.hostId)],
)
export type PermitWaiterRow = typeof permitWaiters.$inferSelect
