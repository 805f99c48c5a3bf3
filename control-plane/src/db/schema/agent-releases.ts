import { customType, index, integer, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core'
import type { ReleaseManifest, UpgradeOutcome } from '@smartcloudops/shared'
import type { ModelScope } from './models'

/** bytea through base64 in SQL, as for models (the two drivers hand binary values over differently). */
const bytea = customType<{ data: string; driverData: string }>({ dataType: () => 'bytea' })

/**
 * Uploaded agent release tarballs, immutable, one row per version. The bytes live in the database,
 * not the data directory: replicas share nothing but PostgreSQL, and any of them serves downloads.
 */
export const agentReleases = pgTable('agent_releases', {
  version: text('version').primaryKey(),
  sha256: text('sha256').notNull(),
  size: integer('size').notNull(),
  bytes: bytea('bytes').notNull(),
  manifest: jsonb('manifest').$type<ReleaseManifest>().notNull(),
  /** Detached ed25519 signature of the tarball (base64), when uploaded with one. */
  signature: text('signature'),
  uploadedBy: text('uploaded_by').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
})

/** Which agent version runs where: append-only per target, like model_assignments (host > group > fleet). */
export const agentReleaseAssignments = pgTable(
  'agent_release_assignments',
  {
    id: text('id').primaryKey(),
    scope: text('scope').$type<ModelScope>().notNull(),
    selector: jsonb('selector').$type<Record<string, string>>().notNull().default({}),
    releaseVersion: text('release_version')
      .notNull()
      .references(() => agentReleases.version),
    author: text('author').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    clearedAt: timestamp('cleared_at', { withTimezone: true }),
    clearedBy: text('cleared_by'),
  },
  (t) => [index('agent_release_assignments_active_idx').on(t.clearedAt, t.createdAt)],
)
export type AgentReleaseAssignmentRow = typeof agentReleaseAssignments.$inferSelect

/** `agent.upgrade` reports, stored once by (host, envelope id). */
export const agentUpgradeReports = pgTable(
  'agent_upgrade_reports',
  {
    hostId: text('host_id').notNull(),
    id: text('id').notNull(),
    fromVersion: text('from_version').notNull(),
    toVersion: text('to_version').notNull(),
    outcome: text('outcome').$type<UpgradeOutcome>().notNull(),
    error: text('error'),
    at: timestamp('at', { withTimezone: true }).notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.hostId, t.id] }), index('agent_upgrade_reports_host_at_idx').on(t.hostId, t.at)],
)
export type AgentUpgradeReportRow = typeof agentUpgradeReports.$inferSelect
