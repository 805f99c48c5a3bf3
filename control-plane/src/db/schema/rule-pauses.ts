import { jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core'

/** The figures behind an automatic pause, as the alert and the API show them. */
export interface PauseNumbers {
  failed: number
  threshold: number
  window_s: number
  hosts: number
}

/**
 * Rules paused fleet-wide because their fixes kept failing to verify (fleet/rule-health.ts). One
 * row per rule name, kept after a resume: `resumed_at` starts the next count afresh (the failures
 * that caused the pause must not pause the rule again the moment it is resumed). In the database,
 * so every control-plane replica pushes the same pause, and only one of them raises the alert.
 */
export const rulePauses = pgTable('rule_pauses', {
  rule: text('rule').primaryKey(),
  status: text('status').$type<'paused' | 'resumed'>().notNull(),
  pausedAt: timestamp('paused_at', { withTimezone: true }).notNull(),
  /** `auto` (the threshold) — the only author today; kept so a manual pause can be added later. */
  pausedBy: text('paused_by').notNull(),
  reason: text('reason').notNull(),
  numbers: jsonb('numbers').$type<PauseNumbers>().notNull(),
  alertId: text('alert_id'),
  resumedAt: timestamp('resumed_at', { withTimezone: true }),
  resumedBy: text('resumed_by'),
  resumeReason: text('resume_reason'),
})
export type RulePauseRow = typeof rulePauses.$inferSelect
