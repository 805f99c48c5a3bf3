import { and, desc, eq, gte, sql } from 'drizzle-orm'
import type { Db } from '../client'
import { hosts, metricSamples, type HostRow } from '../schema'
import { listSamples, RECENT_MS } from './history'

export type SampleRow = typeof metricSamples.$inferSelect

/**
 * The drill-down's read, prepared once per database: the host and its newest sample of the last
 * day (RECENT_MS, as listSamples and for the same reason) in one statement (a lateral LIMIT 1 on
 * the (host_id, ts, id) key). It replaced two statements one after the other, each built by
 * drizzle per request: about 3× the drill-down's throughput (README, `pnpm bench:api`).
 */
function prepare(db: Db) {
  const newest = db
    .select()
    .from(metricSamples)
    .where(and(eq(metricSamples.hostId, hosts.id), gte(metricSamples.ts, sql.placeholder('since'))))
    .orderBy(desc(metricSamples.ts))
    .limit(1)
    .as('newest')
  return db
    .select()
    .from(hosts)
    .leftJoinLateral(newest, sql`true`)
    .where(eq(hosts.id, sql.placeholder('id')))
    .prepare('host_detail')
}

const prepared = new WeakMap<Db, ReturnType<typeof prepare>>()

/**
 * A host by id with its newest sample, or undefined when no host has that id. A host whose newest
 * sample is older than a day (offline, quiet) gets it from the unbounded read, so the answer is
 * the same as `listSamples(…, limit 1)`.
 */
export async function hostWithNewestSample(db: Db, id: string, now = Date.now()): Promise<{ host: HostRow; newest: SampleRow | undefined } | undefined> {
  let query = prepared.get(db)
  if (!query) prepared.set(db, (query = prepare(db)))
  const [row] = await query.execute({ id, since: new Date(now - RECENT_MS).toISOString() })
  if (!row) return undefined
  if (row.newest) return { host: row.hosts, newest: row.newest }
  const [older] = await listSamples(db, { hostId: id, limit: 1 })
  return { host: row.hosts, newest: older }
}
