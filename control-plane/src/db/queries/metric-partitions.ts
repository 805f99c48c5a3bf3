import { sql } from 'drizzle-orm'
import type { Db } from '../client'
import { rowsOf } from './hosts'

/**
 * The day partitions of `metric_samples` (migration 0011): `metric_samples_pYYYYMMDD` holds the
 * samples of that UTC day, `metric_samples_default` every sample whose day has no partition (an
 * agent clock days ahead, or rows from before the conversion). Creating a day moves that day's
 * rows out of the default partition in the same transaction, so no sample is ever refused or lost
 * for its date; retention drops whole days instead of deleting rows.
 */
export const DAY_MS = 86_400_000

/** Taken (per transaction) by every replica before it creates or drops partitions. */
const PARTITION_LOCK_KEY = 724_211_015
const DAY_PARTITION = /^metric_samples_p(\d{4})(\d{2})(\d{2})$/

export interface DayPartition {
  name: string
  /** Start of the UTC day (ms); the partition holds [day, day + 1 day). */
  day: number
}

export function utcDayStart(t: number): number {
  return Math.floor(t / DAY_MS) * DAY_MS
}

export function dayPartitionName(day: number): string {
  return `metric_samples_p${new Date(day).toISOString().slice(0, 10).replaceAll('-', '')}`
}

/** The day partitions that exist, oldest first (the default partition is not listed). */
export async function listDayPartitions(db: Db): Promise<DayPartition[]> {
  const res = await db.execute(sql`
    select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid
    where i.inhparent = 'public.metric_samples'::regclass`)
  const out: DayPartition[] = []
  for (const r of rowsOf<{ name: string }>(res)) {
    const m = DAY_PARTITION.exec(r.name)
    if (m) out.push({ name: r.name, day: Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) })
  }
  return out.sort((a, b) => a.day - b.day)
}

/**
 * Creates the partition of one UTC day unless it exists, moving the day's rows out of the default
 * partition first (PostgreSQL refuses to create a partition whose rows sit in the default one).
 * Idempotent, and safe when several replicas run it at once: they queue on an advisory lock and
 * look again after taking it. Returns whether it created the partition and how many rows it moved.
 */
export async function ensureDayPartition(db: Db, day: number): Promise<{ created: boolean; moved: number }> {
  const name = dayPartitionName(day)
  // Bounds and name come from a Date we computed, never from input: safe to inline (DDL takes no parameters).
  const from = sql.raw(`'${new Date(day).toISOString()}'`)
  const to = sql.raw(`'${new Date(day + DAY_MS).toISOString()}'`)
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${PARTITION_LOCK_KEY})`)
    const [exists] = rowsOf<{ r: string | null }>(await tx.execute(sql`select to_regclass(${`public.${name}`})::text as r`))
    if (exists?.r) return { created: false, moved: 0 }
    await tx.execute(sql`create temp table scops_moving_samples (like metric_samples) on commit drop`)
    await tx.execute(sql`
      with moved as (delete from metric_samples_default where ts >= ${from}::timestamptz and ts < ${to}::timestamptz returning *)
      insert into scops_moving_samples select * from moved`)
    await tx.execute(sql`create table ${sql.identifier(name)} partition of metric_samples for values from (${from}) to (${to})`)
    const [moved] = rowsOf<{ n: number }>(
      await tx.execute(sql`with i as (insert into metric_samples select * from scops_moving_samples returning 1) select count(*)::int as n from i`),
    )
    return { created: true, moved: moved?.n ?? 0 }
  })
}

/** UTC days (starts, ms) in [from, to) that have rows waiting in the default partition. */
export async function daysWaitingInDefault(db: Db, from: number, to: number): Promise<number[]> {
  const res = await db.execute(sql`
    select distinct (extract(epoch from date_trunc('day', ts at time zone 'UTC')) * 1000)::float8 as day
    from metric_samples_default where ts >= ${new Date(from).toISOString()}::timestamptz and ts < ${new Date(to).toISOString()}::timestamptz`)
  return rowsOf<{ day: number }>(res)
    .map((r) => Number(r.day))
    .sort((a, b) => a - b)
}

/**
 * Retention: drops every day partition that ends at or before `before` (a whole day older than
 * the retention), and deletes the default partition's rows older than `before` (it holds few).
 * The day that contains `before` is kept whole: samples live between `retentionDays` and one day
 * more, and no row-by-row DELETE ever runs on the history.
 */
export async function dropExpiredPartitions(db: Db, before: Date): Promise<{ dropped: string[]; defaultRowsDeleted: number }> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${PARTITION_LOCK_KEY})`)
    const expired = (await listDayPartitions(tx as unknown as Db)).filter((p) => p.day + DAY_MS <= before.getTime())
    for (const p of expired) await tx.execute(sql`drop table ${sql.identifier(p.name)}`)
    const [deleted] = rowsOf<{ n: number }>(
      await tx.execute(sql`with d as (delete from metric_samples_default where ts < ${before.toISOString()}::timestamptz returning 1) select count(*)::int as n from d`),
    )
    return { dropped: expired.map((p) => p.name), defaultRowsDeleted: deleted?.n ?? 0 }
  })
}
