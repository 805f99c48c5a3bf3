import { index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core'
import type { Rule } from '@smartcloudops/shared'
import type { SelectorRequirement } from '@smartcloudops/shared/label-selector'

/** Immutable ruleset versions; every change to the rules makes a new one. */
export const rulesetVersions = pgTable('ruleset_versions', {
  version: integer('version').primaryKey(),
  rules: jsonb('rules').$type<Rule[]>().notNull(),
  author: text('author').notNull(),
  message: text('message').notNull().default(''),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
})

export const overrideScopes = ['fleet', 'group', 'host'] as const
export type OverrideScope = (typeof overrideScopes)[number]

export const overrides = pgTable(
  'overrides',
  {
    id: text('id').primaryKey(),
    scope: text('scope').$type<OverrideScope>().notNull(),
    /** group: label selector (equality terms; {} for a set-based one); host: {host_id}; fleet: {}. */
    selector: jsonb('selector').$type<Record<string, string>>().notNull().default({}),
    /**
     * group with a set-based selector (!=, in, notin, exists, !key): its terms in canonical order
     * (fleet/selector.ts). Null for everything else, so rows written before the column keep meaning
     * what they meant.
     */
    requirements: jsonb('requirements').$type<SelectorRequirement[]>(),
    mode: text('mode').$type<'enabled' | 'dry_run' | 'paused'>().notNull(),
    reason: text('reason').notNull(),
    author: text('author').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    clearedAt: timestamp('cleared_at', { withTimezone: true }),
    clearedBy: text('cleared_by'),
  },
  (t) => [index('overrides_active_idx').on(t.clearedAt, t.expiresAt)],
)
export type OverrideRow = typeof overrides.$inferSelect

/** Key/value settings: `current_ruleset_version`, `remediation_enabled`, `runtime_config`, `notifiers`. */
export const settings = pgTable('settings', {
  key: text('key').primaryKey(),
  value: jsonb('value').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  updatedBy: text('updated_by'),
})

export const auditLog = pgTable(
  'audit_log',
  {
    id: text('id').primaryKey(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    actor: text('actor').notNull(),
    role: text('role').notNull(),
    method: text('method').notNull(),
    path: text('path').notNull(),
    statusCode: integer('status_code').notNull(),
    /** What changed, in a few structured fields (never a secret). */
    detail: jsonb('detail').$type<Record<string, unknown>>(),
    remoteAddress: text('remote_address'),
  },
  (t) => [index('audit_log_at_idx').on(t.at.desc())],
)
