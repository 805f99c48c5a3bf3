import { sql, type SQL } from 'drizzle-orm'
import { pgArrayLiteral } from './array-literal'

/**
 * Batch writes of `hosts` from several replicas (hellos, liveness sweeps, acks, desired-state
 * marks, disconnects, expiry) share rows. An UPDATE locks rows in the order its plan meets them —
 * the table's order for a hash join, whatever order the input had — so two statements over the
 * same hosts could each hold rows the other waits for, and PostgreSQL broke the tie by aborting
 * one (40P01: 1 to 10 times a run of four writers over 80 shared hosts).
 *
 * So every batch write first locks its rows in id order, in the same statement: a `locked` CTE,
 * materialized (it must run whole, before the write, not be folded into the UPDATE's plan), that
 * the UPDATE joins. Writers over the same hosts then queue behind one another instead of crossing.
 * `for no key update` is the lock the UPDATE takes anyway: inserts that reference a host (key
 * share) are not blocked by it.
 *
 * The hosts are a list of ids, `ids` a subquery naming them (over a CTE), or `where` a predicate
 * on `hosts`. A predicate is evaluated on the statement's snapshot, and again on the newest version
 * of a row changed since then, when the lock is taken (READ COMMITTED re-checks a locking SELECT's
 * WHERE on the row it locks); the lock keeps the row so until the UPDATE. The UPDATE must not repeat
 * it: the planner would estimate the write's rows from it, and a predicate estimated at a few
 * hosts that matches thousands made it scan every host against the whole locked list.
 */
export function lockHostsById(rows: readonly string[] | { ids: SQL } | { where: SQL }): SQL {
  const where = isIdList(rows)
    ? sql`id in (select unnest(${pgArrayLiteral(rows)}::text::text[]))`
    : 'ids' in rows ? sql`id in (${rows.ids})` : rows.where
  return sql`locked as materialized (select id from hosts where ${where} order by id for no key update)`
}

const isIdList = (rows: readonly string[] | object): rows is readonly string[] => Array.isArray(rows)
