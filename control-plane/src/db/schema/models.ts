import { customType, index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core'
import type { SelectorRequirement } from '@smartcloudops/shared/label-selector'

/**
 * bytea, read and written as base64 through SQL (encode/decode) by the queries: the two drivers
 * (PGlite and postgres.js under drizzle) disagree on how they hand binary values over.
 */
const bytea = customType<{ data: string; driverData: string }>({ dataType: () => 'bytea' })

/** Uploaded anomaly models: immutable, one row per version. */
export const models = pgTable('models', {
  version: text('version').primaryKey(),
  sha256: text('sha256').notNull(),
  size: integer('size').notNull(),
  bytes: bytea('bytes').notNull(),
  /** The model's own `scops.model` metadata (feature spec, calibration, thresholds, provenance). */
  meta: jsonb('meta').$type<Record<string, unknown>>().notNull(),
  uploadedBy: text('uploaded_by').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
})

export const modelScopes = ['fleet', 'group', 'host'] as const
export type ModelScope = (typeof modelScopes)[number]

/**
 * Which model runs where. Append-only history per target: the newest uncleared row at a target is
 * its assignment, so a rollback clears it and the one before comes back. Most specific wins:
 * host > group > fleet.
 */
export const modelAssignments = pgTable(
  'model_assignments',
  {
    id: text('id').primaryKey(),
    scope: text('scope').$type<ModelScope>().notNull(),
    /** group: label selector (equality terms; {} for a set-based one); host: {host_id}; fleet: {}. */
    selector: jsonb('selector').$type<Record<string, string>>().notNull().default({}),
    /** group with a set-based selector: its canonical terms (as overrides.requirements); null otherwise. */
    requirements: jsonb('requirements').$type<SelectorRequirement[]>(),
    modelVersion: text('model_version')
      .notNull()
      .references(() => models.version),
    author: text('author').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    clearedAt: timestamp('cleared_at', { withTimezone: true }),
    clearedBy: text('cleared_by'),
  },
  (t) => [index('model_assignments_active_idx').on(t.clearedAt, t.createdAt)],
)
export type ModelAssignmentRow = typeof modelAssignments.$inferSelect
