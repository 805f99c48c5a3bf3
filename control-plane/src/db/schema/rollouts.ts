import { sql } from 'drizzle-orm'
import { index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core'
import { models } from './models'
import { rulesetVersions } from './rules'

export const rolloutKinds = ['ruleset', 'model'] as const
export type RolloutKind = (typeof rolloutKinds)[number]

/** running and paused hold hosts on the new version; the other three are final. */
export const rolloutStates = ['running', 'paused', 'completed', 'rolled_back', 'aborted'] as const
export type RolloutState = (typeof rolloutStates)[number]

/** One stage as stored: hosts matching `selector` (Kubernetes grammar) or the first `percent` % by hash. */
export interface RolloutStageSpec {
  selector?: string
  percent?: number
  soak_s: number
}

/** Gate thresholds, per metric: a breach needs both the ratio and the absolute excess (see fleet/rollouts/gate.ts). */
export interface GateLimit {
  max_ratio: number
  min_excess: number
}
export interface GateThresholds {
  action_rate: GateLimit
  failed_verifications: GateLimit
  agent_errors: GateLimit
  suppressions: GateLimit
}

/** Something that happened to a rollout: started, promoted, paused, resumed, rolled back, aborted, completed. */
export interface RolloutEvent {
  at: string
  event: string
  stage: number
  by: string
  detail?: string
}

/**
 * Staged rollouts of a ruleset version or a model version. The row is the whole state: the driver
 * loop on any replica advances it under `FOR UPDATE SKIP LOCKED`, and desired state is computed
 * from it; nothing about a rollout lives in memory. At most one active rollout per kind.
 */
export const rollouts = pgTable(
  'rollouts',
  {
    id: text('id').primaryKey(),
    kind: text('kind').$type<RolloutKind>().notNull(),
    state: text('state').$type<RolloutState>().notNull(),
    /** ruleset: the version every host ran when the rollout began (where a rollback returns). */
    fromRulesetVersion: integer('from_ruleset_version').references(() => rulesetVersions.version),
    toRulesetVersion: integer('to_ruleset_version').references(() => rulesetVersions.version),
    toModelVersion: text('to_model_version').references(() => models.version),
    stages: jsonb('stages').$type<RolloutStageSpec[]>().notNull(),
    gate: jsonb('gate').$type<GateThresholds>().notNull(),
    /** The stage hosts are on now (0-based): hosts of stages 0..stageIndex run the new version. */
    stageIndex: integer('stage_index').notNull().default(0),
    stageStartedAt: timestamp('stage_started_at', { withTimezone: true }).notNull(),
    /** Why it stopped (a gate breach with its numbers, an abort's reason, a stage without hosts). */
    reason: text('reason'),
    /** The latest gate evaluation, as the API shows it. */
    lastGate: jsonb('last_gate').$type<Record<string, unknown>>(),
    events: jsonb('events').$type<RolloutEvent[]>().notNull().default([]),
    createdBy: text('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('rollouts_one_active_per_kind_idx').on(t.kind).where(sql`state in ('running', 'paused')`),
    index('rollouts_created_idx').on(t.createdAt.desc()),
  ],
)
export type RolloutRow = typeof rollouts.$inferSelect
