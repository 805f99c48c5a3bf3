import { bigint, doublePrecision, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core'
import { sql } from 'drizzle-orm'
import { hosts } from './hosts'

/**
 * Fleet safety (issue 10): remediation budgets, the leases they grant, and inhibition rules.
 * Selectors are stored as the operator wrote them (Kubernetes grammar, validated on write); null
 * means the whole fleet. Semantics: control-plane/src/fleet/permits/README.md.
 */
export const budgets = pgTable('budgets', {
  id: text('id').primaryKey(),
  name: text('name').notNull().unique(),
  selector: text('selector'),
  /** Exactly one of max_hosts / max_percent is set (checked by the API). */
  maxHosts: integer('max_hosts'),
  maxPercent: doublePrecision('max_percent'),
  minHealthyPercent: doublePrecision('min_healthy_percent'),
  createdBy: text('created_by').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedBy: text('updated_by').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  grantedTotal: bigint('granted_total', { mode: 'number' }).notNull().default(0),
  refusedTotal: bigint('refused_total', { mode: 'number' }).notNull().default(0),
  lastRefusedAt: timestamp('last_refused_at', { withTimezone: true }),
})
export type BudgetRow = typeof budgets.$inferSelect

/**
 * One permit granted to one host for one disruptive action on one target. Live while
 * `released_at` is null and `expires_at` is ahead; at most one live lease per host and target
 * (expired ones are closed, under the permit lock, before anything is counted).
 */
export const leases = pgTable(
  'leases',
  {
    id: text('id').primaryKey(),
    hostId: text('host_id')
      .notNull()
      .references(() => hosts.id),
    rule: text('rule').notNull(),
    action: text('action').notNull(),
    target: text('target').notNull(),
    grantedAt: timestamp('granted_at', { withTimezone: true }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    releasedAt: timestamp('released_at', { withTimezone: true }),
    /** released (by the agent) | expired (TTL passed first). */
    releaseReason: text('release_reason').$type<'released' | 'expired'>(),
    /** Names of the budgets this lease counted against when it was granted (for people). */
    budgetNames: jsonb('budget_names').$type<string[]>().notNull().default([]),
  },
  (t) => [
    uniqueIndex('leases_live_host_target_uq').on(t.hostId, t.target).where(sql`${t.releasedAt} is null`),
    index('leases_live_idx').on(t.expiresAt).where(sql`${t.releasedAt} is null`),
  ],
)
export type LeaseRow = typeof leases.$inferSelect

export type InhibitionCondition =
  | { kind: 'group_unhealthy'; selector: string; below_percent: number }
  | { kind: 'alert_firing'; labels: Record<string, string> }

/** "Do not run <actions> on hosts matching <selector> [for <rules>] while <condition>." */
export const inhibitions = pgTable('inhibitions', {
  id: text('id').primaryKey(),
  name: text('name').notNull().unique(),
  selector: text('selector'),
  /** Action types inhibited; empty = every disruptive action. */
  actions: jsonb('actions').$type<string[]>().notNull().default([]),
  /** Rule names inhibited; empty = every rule. */
  rules: jsonb('rules').$type<string[]>().notNull().default([]),
  condition: jsonb('condition').$type<InhibitionCondition>().notNull(),
  createdBy: text('created_by').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedBy: text('updated_by').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  refusedTotal: bigint('refused_total', { mode: 'number' }).notNull().default(0),
  lastRefusedAt: timestamp('last_refused_at', { withTimezone: true }),
})
export type InhibitionRow = typeof inhibitions.$inferSelect
