import { and, desc, eq, gte, inArray, lte, sql, type SQL } from 'drizzle-orm'
import type { ActionSpec, ConditionResult } from '@smartcloudops/shared'
import type { Db } from '../client'
import { actions, decisions, hosts, metricSamples, type ActionRow } from '../schema'

export interface ActionFilter {
  hostIds?: string[]
  rule?: string
  type?: string
  status?: string
  from?: Date
  to?: Date
}

function actionWhere(f: ActionFilter): SQL | undefined {
  return and(
    f.hostIds ? inArray(actions.hostId, f.hostIds.length ? f.hostIds : ['']) : undefined,
    f.rule ? eq(actions.rule, f.rule) : undefined,
    f.type ? eq(actions.type, f.type) : undefined,
    f.status ? eq(actions.status, f.status as ActionRow['status']) : undefined,
    f.from ? gte(actions.startedAt, f.from) : undefined,
    f.to ? lte(actions.startedAt, f.to) : undefined,
  )
}

export async function listActions(db: Db, f: ActionFilter & { limit: number; offset: number }) {
  const where = actionWhere(f)
  const [items, [count]] = await Promise.all([
    db.select().from(actions).where(where).orderBy(desc(actions.startedAt), actions.id).limit(f.limit).offset(f.offset),
    db.select({ n: sql<number>`count(*)::int` }).from(actions).where(where),
  ])
  return { items, total: count?.n ?? 0 }
}

export function actionView(a: ActionRow) {
  return {
    id: a.id,
    host_id: a.hostId,
    decision_id: a.decisionId,
    rule: a.rule,
    action: a.type,
    params: a.params ?? null,
    target: a.target,
    status: a.status,
    started_at: a.startedAt.toISOString(),
    finished_at: a.finishedAt ? a.finishedAt.toISOString() : null,
    duration_ms: a.durationMs,
    retryable: a.retryable,
    result: a.result ?? null,
    error: a.error ?? null,
    verified: a.verified,
    verification: a.verification ?? null,
  }
}

export async function actionStats(db: Db, f: ActionFilter) {
  const where = actionWhere(f)
  const rows = await db
    .select({
      status: actions.status,
      type: actions.type,
      n: sql<number>`count(*)::int`,
      avgMs: sql<number | null>`avg(${actions.durationMs})::float8`,
      verifiedOk: sql<number>`count(*) filter (where ${actions.verified} is true)::int`,
      verifiedFail: sql<number>`count(*) filter (where ${actions.verified} is false)::int`,
    })
    .from(actions)
    .where(where)
    .groupBy(actions.status, actions.type)
  return rows
}

export async function listDecisions(db: Db, f: { hostIds?: string[]; rule?: string; outcome?: string; from?: Date; to?: Date; limit: number; offset: number }) {
  const where = and(
    f.hostIds ? inArray(decisions.hostId, f.hostIds.length ? f.hostIds : ['']) : undefined,
    f.rule ? eq(decisions.rule, f.rule) : undefined,
    f.outcome ? eq(decisions.outcome, f.outcome) : undefined,
    f.from ? gte(decisions.sampleTs, f.from) : undefined,
    f.to ? lte(decisions.sampleTs, f.to) : undefined,
  )
  const [items, [count]] = await Promise.all([
    db.select().from(decisions).where(where).orderBy(desc(decisions.sampleTs), decisions.id).limit(f.limit).offset(f.offset),
    db.select({ n: sql<number>`count(*)::int` }).from(decisions).where(where),
  ])
  return { items, total: count?.n ?? 0 }
}

export async function decisionStats(db: Db, f: { hostIds?: string[]; from?: Date }) {
  return db
    .select({ outcome: decisions.outcome, n: sql<number>`count(*)::int` })
    .from(decisions)
    .where(
      and(
        f.hostIds ? inArray(decisions.hostId, f.hostIds.length ? f.hostIds : ['']) : undefined,
        f.from ? gte(decisions.sampleTs, f.from) : undefined,
      ),
    )
    .groupBy(decisions.outcome)
}

/** How far back a newest-first read without `from` looks first (see listSamples). */
export const RECENT_MS = 86_400_000

/**
 * A host's samples, newest first. Without `from`, the last day is read first: the query then
 * touches the newest day partitions only; a DEFAULT partition makes PostgreSQL probe every
 * partition for an unbounded `order by ts desc` (a merge over ~35 index scans at 30 days). When the
 * last day holds fewer than `limit` samples (a quiet or offline host), the unbounded read follows;
 * its answer is the same, since every sample it adds is older than all the ones found first.
 */
export async function listSamples(db: Db, f: { hostId: string; from?: Date; to?: Date; limit: number }) {
  if (!f.from) {
    const recent = await readSamples(db, { ...f, from: new Date((f.to?.getTime() ?? Date.now()) - RECENT_MS) })
    if (recent.length >= f.limit) return recent
  }
  return readSamples(db, f)
}

function readSamples(db: Db, f: { hostId: string; from?: Date; to?: Date; limit: number }) {
  return db
    .select()
    .from(metricSamples)
    .where(
      and(eq(metricSamples.hostId, f.hostId), f.from ? gte(metricSamples.ts, f.from) : undefined, f.to ? lte(metricSamples.ts, f.to) : undefined),
    )
    .orderBy(desc(metricSamples.ts))
    .limit(f.limit)
}

/**
 * The newest sample of each host (the fleet view of "recent metrics"): one backward index probe per
 * host (a lateral LIMIT 1 on the (host_id, ts, id) key), not a DISTINCT ON over the whole history,
 * which at 30 days × 10k hosts reads every partition.
 */
export async function latestSamples(db: Db, hostIds?: string[]) {
  const last = db.select().from(metricSamples).where(eq(metricSamples.hostId, hosts.id)).orderBy(desc(metricSamples.ts)).limit(1).as('last')
  const rows = await db
    .select()
    .from(hosts)
    .innerJoinLateral(last, sql`true`)
    .where(and(sql`${hosts.decommissionedAt} is null`, hostIds ? inArray(hosts.id, hostIds.length ? hostIds : ['']) : undefined))
    .orderBy(hosts.id)
  return rows.map((r) => r.last)
}

export function sampleView(s: typeof metricSamples.$inferSelect) {
  return {
    host_id: s.hostId,
    ts: s.ts.toISOString(),
    metrics: s.metrics,
    missing: s.missing ?? null,
    anomaly_score: s.anomalyScore,
    confidence: s.confidence,
    model_version: s.modelVersion,
    /** The metrics that drove `anomaly_score` (top 3, largest share first); null for samples without one. */
    explanation: s.explanation ?? null,
  }
}

export function decisionView(d: typeof decisions.$inferSelect) {
  return {
    id: d.id,
    host_id: d.hostId,
    rule: d.rule,
    priority: d.priority,
    ruleset_version: d.rulesetVersion,
    sample_ts: d.sampleTs.toISOString(),
    outcome: d.outcome,
    suppressed_by: d.suppressedBy,
    override_mode: d.overrideMode,
    reason: d.reason,
    // Stored from a schema-checked decision event: these shapes.
    conditions: d.conditions as ConditionResult[],
    actions: d.actions as ActionSpec[],
    escalation: d.escalation ?? null,
  }
}
