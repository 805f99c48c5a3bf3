import { bigserial, boolean, doublePrecision, index, integer, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core'
import { hosts } from './hosts'
import type { ScoreDriver } from '@smartcloudops/shared/protocol/agent-messages'

/**
 * Every event id ever ingested. The primary key makes ingest idempotent: an event is applied only by
 * the transaction that inserted its id, a replay finds the id and is acknowledged without effect.
 */
export const ingestedEvents = pgTable(
  'ingested_events',
  {
    id: text('id').primaryKey(),
    hostId: text('host_id').notNull(),
    type: text('type').notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('ingested_events_received_idx').on(t.receivedAt)],
)

/**
 * Metrics history. In the database this is a partitioned table, `PARTITION BY RANGE (ts)`, one
 * partition per UTC day (`metric_samples_pYYYYMMDD`) plus `metric_samples_default` for samples whose
 * day has none (yet): migration 0011 converts it, `queries/metric-partitions.ts` creates days ahead
 * and drops whole days for retention. drizzle-kit cannot express partitioning; the columns, key and
 * indexes here are exactly the parent's. The primary key must contain the partition key `ts`: it is
 * (host_id, ts, id), which is also the drill-down's index (a host's samples by time, newest first
 * through a backward scan), so no second index is written per sample.
 */
export const metricSamples = pgTable(
  'metric_samples',
  {
    id: bigserial('id', { mode: 'number' }).notNull(),
    hostId: text('host_id')
      .notNull()
      .references(() => hosts.id),
    ts: timestamp('ts', { withTimezone: true }).notNull(),
    metrics: jsonb('metrics').$type<Record<string, number>>().notNull(),
    missing: jsonb('missing').$type<Record<string, string>>(),
    anomalyScore: doublePrecision('anomaly_score'),
    confidence: doublePrecision('confidence'),
    modelVersion: text('model_version'),
    /** The metrics that drove the anomaly score (top 3 with their share), as the agent sent them. */
    explanation: jsonb('explanation').$type<ScoreDriver[]>(),
  },
  (t) => [primaryKey({ columns: [t.hostId, t.ts, t.id] })],
)

export const decisions = pgTable(
  'decisions',
  {
    id: text('id').primaryKey(),
    hostId: text('host_id')
      .notNull()
      .references(() => hosts.id),
    rule: text('rule').notNull(),
    priority: integer('priority').notNull(),
    rulesetVersion: integer('ruleset_version').notNull(),
    sampleTs: timestamp('sample_ts', { withTimezone: true }).notNull(),
    outcome: text('outcome').notNull(),
    suppressedBy: text('suppressed_by').notNull(),
    overrideMode: text('override_mode').notNull(),
    reason: text('reason').notNull(),
    conditions: jsonb('conditions').notNull(),
    actions: jsonb('actions').notNull(),
    /** A ladder rule's step (1-based) of how many; null for rules without escalation. */
    escalation: jsonb('escalation').$type<{ step: number; of: number }>(),
  },
  (t) => [index('decisions_host_ts_idx').on(t.hostId, t.sampleTs.desc()), index('decisions_ts_idx').on(t.sampleTs.desc())],
)

export const actionStatuses = ['started', 'succeeded', 'failed'] as const
export type ActionStatus = (typeof actionStatuses)[number]

/** One row per action; action.started / finished / verified events fill it in, in any order. */
export const actions = pgTable(
  'actions',
  {
    id: text('id').primaryKey(),
    hostId: text('host_id')
      .notNull()
      .references(() => hosts.id),
    decisionId: text('decision_id').notNull(),
    rule: text('rule').notNull(),
    type: text('type').notNull(),
    params: jsonb('params'),
    target: text('target'),
    status: text('status').$type<ActionStatus>().notNull(),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    durationMs: integer('duration_ms'),
    retryable: boolean('retryable'),
    result: jsonb('result'),
    error: jsonb('error').$type<{ code: string; message: string }>(),
    verified: boolean('verified'),
    verification: jsonb('verification'),
  },
  (t) => [
    index('actions_host_started_idx').on(t.hostId, t.startedAt.desc()),
    index('actions_started_idx').on(t.startedAt.desc()),
    index('actions_rule_idx').on(t.rule),
  ],
)
export type ActionRow = typeof actions.$inferSelect

export const alerts = pgTable(
  'alerts',
  {
    id: text('id').primaryKey(),
    hostId: text('host_id')
      .notNull()
      .references(() => hosts.id),
    severity: text('severity').notNull(),
    summary: text('summary').notNull(),
    detail: text('detail'),
    rule: text('rule'),
    decisionId: text('decision_id'),
    channel: text('channel'),
    raisedAt: timestamp('raised_at', { withTimezone: true }).notNull(),
    /** Notifier delivery: pending (not yet queued) | queued | delivered | failed | no_notifier. */
    deliveryStatus: text('delivery_status').notNull().default('pending'),
    deliveryError: text('delivery_error'),
    /** firing until the condition clears (the action that answered it verified cleared). */
    status: text('status').$type<'firing' | 'resolved'>().notNull().default('firing'),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
  },
  (t) => [
    index('alerts_host_raised_idx').on(t.hostId, t.raisedAt.desc()),
    index('alerts_raised_idx').on(t.raisedAt.desc()),
    index('alerts_decision_idx').on(t.decisionId),
  ],
)

/** Commands sent to agents and their results. */
export const commands = pgTable(
  'commands',
  {
    id: text('id').primaryKey(),
    hostId: text('host_id').notNull(),
    name: text('name').notNull(),
    args: jsonb('args'),
    requestedBy: text('requested_by').notNull(),
    sentAt: timestamp('sent_at', { withTimezone: true }).notNull().defaultNow(),
    ok: boolean('ok'),
    error: text('error'),
    result: jsonb('result'),
    completedAt: timestamp('completed_at', { withTimezone: true }),
  },
  (t) => [index('commands_host_idx').on(t.hostId, t.sentAt.desc())],
)
