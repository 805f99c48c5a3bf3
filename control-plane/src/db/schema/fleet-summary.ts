import { bigint, integer, jsonb, pgTable, text } from 'drizzle-orm/pg-core'
import type { ConnectionState } from './hosts'

/**
 * Enrolled (not decommissioned) hosts counted by everything GET /remediation/status reports of
 * them: labels (for overrides and selectors), connection state, and the rule set, model and agent
 * versions in use. Maintained by statement-level triggers on `hosts` in the same transaction as
 * every write (migration `host_groups_summary`), so every replica reads the same counts and the
 * status answer costs one read of a few rows instead of a scan of the fleet. `key` is the JSON
 * array of the other columns (JSON keeps null apart from any value).
 */
export const hostGroups = pgTable('host_groups', {
  key: text('key').primaryKey(),
  labels: jsonb('labels').$type<Record<string, string>>().notNull(),
  connectionState: text('connection_state').$type<ConnectionState>().notNull(),
  appliedRulesetVersion: integer('applied_ruleset_version'),
  appliedModelVersion: text('applied_model_version'),
  agentVersion: text('agent_version'),
  hosts: integer('hosts').notNull(),
})
export type HostGroupRow = typeof hostGroups.$inferSelect

/** Counts kept by triggers (today: `actions`, every stored action), read instead of count(*). */
export const summaryCounters = pgTable('summary_counters', {
  name: text('name').primaryKey(),
  n: bigint('n', { mode: 'number' }).notNull(),
})
