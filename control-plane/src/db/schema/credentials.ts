import { boolean, index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core'
import { hosts } from './hosts'

export const roles = ['viewer', 'operator', 'admin'] as const
export type Role = (typeof roles)[number]

/** Enrollment tokens: shown once at creation, stored as sha256. */
export const enrollmentTokens = pgTable('enrollment_tokens', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  tokenHash: text('token_hash').notNull().unique(),
  expiresAt: timestamp('expires_at', { withTimezone: true }),
  maxUses: integer('max_uses'),
  uses: integer('uses').notNull().default(0),
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
  createdBy: text('created_by').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  /** Labels every host enrolled with this token gets: authoritative (the agent's are only reported). */
  labels: jsonb('labels').$type<Record<string, string>>().notNull().default({}),
  /**
   * The operator's decision to re-provision: a token with this set may take over an enrolled
   * hostname (revoking its credential) or re-admit a decommissioned one. Without it both are refused.
   */
  reprovision: boolean('reprovision').notNull().default(false),
})

/** One credential per host at a time; re-enrollment revokes the old one. */
export const agentCredentials = pgTable(
  'agent_credentials',
  {
    id: text('id').primaryKey(),
    hostId: text('host_id')
      .notNull()
      .references(() => hosts.id),
    tokenHash: text('token_hash').notNull().unique(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [index('agent_credentials_host_idx').on(t.hostId)],
)

export const apiTokens = pgTable('api_tokens', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  role: text('role').$type<Role>().notNull(),
  tokenHash: text('token_hash').notNull().unique(),
  createdBy: text('created_by').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
})
export type ApiTokenRow = typeof apiTokens.$inferSelect
