import { and, asc, eq, gt, gte, inArray, isNull, lt, or, sql } from 'drizzle-orm'
import type { Db } from '../client'
import { actions, decisions, metricSamples, overrides, type OverrideRow } from '../schema'

/** What the replay reads of one stored sample: its time and its metrics, nothing else. */
export interface StoredSample {
  id: number
  ts: Date
  metrics: Record<string, unknown>
}

/** Samples per host in [from, to): the replay's size check and its per-host progress figures. */
export async function countSamplesByHost(db: Db, hostIds: readonly string[], from: Date, to: Date): Promise<Map<string, number>> {
  if (hostIds.length === 0) return new Map()
  const rows = await db
    .select({ hostId: metricSamples.hostId, n: sql<number>`count(*)::int` })
    .from(metricSamples)
    .where(and(inArray(metricSamples.hostId, [...hostIds]), gte(metricSamples.ts, from), lt(metricSamples.ts, to)))
    .groupBy(metricSamples.hostId)
  return new Map(rows.map((r) => [r.hostId, Number(r.n)]))
}

/**
 * One host's samples in [from, to), oldest first, `chunk` rows at a time (keyset on (ts, id), so
 * each query is an index range scan and nothing holds the whole range in memory). The next chunk
 * is requested before the caller works on this one, so reading and evaluating overlap.
 */
export async function* streamHostSamples(
  db: Db,
  hostId: string,
  from: Date,
  to: Date,
  chunk: number,
  keys?: readonly string[],
): AsyncGenerator<StoredSample[]> {
  const metrics = keys ? metricsSubset(keys) : metricSamples.metrics
  const page = (after: StoredSample | undefined) =>
    db
      .select({ id: metricSamples.id, ts: metricSamples.ts, metrics })
      .from(metricSamples)
      .where(
        and(
          eq(metricSamples.hostId, hostId),
          after ? gte(metricSamples.ts, after.ts) : gte(metricSamples.ts, from),
          lt(metricSamples.ts, to),
          after ? or(gt(metricSamples.ts, after.ts), gt(metricSamples.id, after.id)) : undefined,
        ),
      )
      .orderBy(asc(metricSamples.ts), asc(metricSamples.id))
      .limit(chunk)
  let next = page(undefined)
  for (;;) {
    const rows = await next
    if (rows.length === chunk) next = page(rows[rows.length - 1])
    yield rows as StoredSample[]
    if (rows.length < chunk) return
  }
}

/**
 * Only the metrics the rules read (`keys`), as a JSON object whose absent keys are null (which the
 * engine treats as missing, like an absent key): an agent reports dozens of metrics per sample and
 * parsing them all was most of a replay's time. jsonb_build_object takes at most 100 arguments.
 */
function metricsSubset(keys: readonly string[]) {
  if (keys.length === 0) return sql<Record<string, unknown>>`'{}'::jsonb`
  if (keys.length <= 50) {
    return sql<Record<string, unknown>>`jsonb_build_object(${sql.join(
      keys.map((k) => sql`${k}::text, ${metricSamples.metrics} -> ${k}::text`),
      sql`, `,
    )})`
  }
  const list = sql.join(keys.map((k) => sql`${k}::text`), sql`, `)
  return sql<Record<string, unknown>>`(select coalesce(jsonb_object_agg(e.key, e.value), '{}'::jsonb) from jsonb_each(${metricSamples.metrics}) e where e.key in (${list}))`
}

/** An action that ran, with the time of the sample that decided it (when its decision is stored). */
export interface RanAction {
  id: string
  hostId: string
  rule: string
  type: string
  status: string
  startedAt: Date
  sampleTs: Date | null
}

/**
 * Actions of these hosts that started in [from - slack, to + slack): the caller matches them by
 * the sample that decided them, which can precede the start by the action queue's wait.
 */
export async function listRanActions(db: Db, hostIds: readonly string[], from: Date, to: Date, slackMs: number, max: number): Promise<RanAction[]> {
  if (hostIds.length === 0) return []
  return db
    .select({
      id: actions.id,
      hostId: actions.hostId,
      rule: actions.rule,
      type: actions.type,
      status: actions.status,
      startedAt: actions.startedAt,
      sampleTs: decisions.sampleTs,
    })
    .from(actions)
    .leftJoin(decisions, eq(decisions.id, actions.decisionId))
    .where(
      and(
        inArray(actions.hostId, [...hostIds]),
        gte(actions.startedAt, new Date(from.getTime() - slackMs)),
        lt(actions.startedAt, new Date(to.getTime() + slackMs)),
      ),
    )
    .orderBy(asc(actions.startedAt), asc(actions.id))
    .limit(max)
}

/** Every override that was in force at some moment of [from, to), cleared and expired ones included. */
export async function listOverridesDuring(db: Db, from: Date, to: Date): Promise<OverrideRow[]> {
  return db
    .select()
    .from(overrides)
    .where(
      and(
        lt(overrides.createdAt, to),
        or(isNull(overrides.clearedAt), gt(overrides.clearedAt, from)),
        or(isNull(overrides.expiresAt), gt(overrides.expiresAt, from)),
      ),
    )
    .orderBy(asc(overrides.createdAt))
    .limit(10_000)
}
