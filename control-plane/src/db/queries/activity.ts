import { and, gte, inArray, lt, sql, type Column, type SQL } from 'drizzle-orm'
import type { Db } from '../client'
import { actions, decisions } from '../schema'

export interface ActivityBucket {
  start: Date
  decisions: number
  suppressed: number
  dry_run: number
  actions: number
  failed_actions: number
}

/** Bucket index of a timestamp column: whole `bucketS` steps since `from` (portable: no date_bin). */
const bucketOf = (ts: Column, from: Date, bucketS: number) => sql<number>`floor(extract(epoch from (${ts} - ${from.toISOString()}::timestamptz)) / ${bucketS})::int`

/** GROUP BY 1: the bucket expression carries parameters, and a repeated one would be a different expression to PostgreSQL. */
const byFirstColumn = sql`1`

function within(ts: Column, hostCol: Column, from: Date, to: Date, hostIds?: readonly string[]): SQL | undefined {
  return and(gte(ts, from), lt(ts, to), hostIds ? inArray(hostCol, [...hostIds]) : undefined)
}

/**
 * Decisions (by sample time, with how many were suppressed or dry-run) and actions (by start time,
 * with how many failed) counted per bucket of `bucketS` seconds over [from, to), in two grouped
 * queries on the time indexes: the database counts, no row is sent here. Empty buckets are zeros.
 */
export async function activityBuckets(db: Db, o: { from: Date; to: Date; bucketS: number; hostIds?: readonly string[] }): Promise<ActivityBucket[]> {
  const n = Math.ceil((o.to.getTime() - o.from.getTime()) / (o.bucketS * 1000))
  const out: ActivityBucket[] = Array.from({ length: n }, (_, i) => ({
    start: new Date(o.from.getTime() + i * o.bucketS * 1000),
    decisions: 0,
    suppressed: 0,
    dry_run: 0,
    actions: 0,
    failed_actions: 0,
  }))
  if (o.hostIds && o.hostIds.length === 0) return out
  const di = bucketOf(decisions.sampleTs, o.from, o.bucketS)
  const ai = bucketOf(actions.startedAt, o.from, o.bucketS)
  const [ds, as] = await Promise.all([
    db
      .select({
        i: di,
        n: sql<number>`count(*)::int`,
        suppressed: sql<number>`(count(*) filter (where ${decisions.outcome} = 'suppressed'))::int`,
        dryRun: sql<number>`(count(*) filter (where ${decisions.outcome} = 'dry_run'))::int`,
      })
      .from(decisions)
      .where(within(decisions.sampleTs, decisions.hostId, o.from, o.to, o.hostIds))
      .groupBy(byFirstColumn),
    db
      .select({ i: ai, n: sql<number>`count(*)::int`, failed: sql<number>`(count(*) filter (where ${actions.status} = 'failed'))::int` })
      .from(actions)
      .where(within(actions.startedAt, actions.hostId, o.from, o.to, o.hostIds))
      .groupBy(byFirstColumn),
  ])
  for (const r of ds) {
    const b = out[Number(r.i)]
    if (b) Object.assign(b, { decisions: Number(r.n), suppressed: Number(r.suppressed), dry_run: Number(r.dryRun) })
  }
  for (const r of as) {
    const b = out[Number(r.i)]
    if (b) Object.assign(b, { actions: Number(r.n), failed_actions: Number(r.failed) })
  }
  return out
}
