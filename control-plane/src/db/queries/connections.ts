import { and, eq, sql, type SQL } from 'drizzle-orm'
import type { DesiredStateAck } from '@smartcloudops/shared'
import type { Db } from '../client'
import { lockHostsById } from '../host-row-locks'
import { retryOnDeadlock } from '../retry-deadlock'
import { rowsOf } from './hosts'
import { hosts } from '../schema'

// Connection state of hosts, written by the gateway and its liveness sweep. Every replica owns the
// sockets it holds; `connected_replica` says which, so one replica never marks another's hosts.

const CHUNK = 1000

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = []
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK))
  return out
}

/**
 * `column = value` for each entry where this replica holds the host, the column unchanged where
 * another does. Not a WHERE clause: the statistics have never seen the id of a replica that started
 * minutes ago and count one host for it, and the planner then scanned every host against the whole
 * batch (10,000 × 1,000 rows: 1.3 s per 1,000 hosts marked offline, 9 s for a replica of 10,000 to
 * stop). Hosts another replica holds are rewritten with their own values.
 */
function setWhereHeldBy(replica: string, values: Record<string, SQL>): SQL {
  const held = sql`h.connected_replica = ${replica}`
  return sql.join(
    Object.entries(values).map(([column, value]) => sql`${sql.raw(column)} = case when ${held} then ${value} else ${sql.raw(`h.${column}`)} end`),
    sql`, `,
  )
}

/** The host closed its socket on this replica: offline, unless it has already reconnected elsewhere. */
export async function markOffline(db: Db, hostIds: readonly string[], replica: string): Promise<void> {
  for (const ids of chunks(hostIds)) {
    await retryOnDeadlock(() => db.execute(sql`
      with ${lockHostsById(ids)}
      update hosts h set ${setWhereHeldBy(replica, { connection_state: sql`'offline'`, connected_replica: sql`null` })}
      from locked where h.id = locked.id`))
  }
}

export interface SeenUpdate {
  id: string
  /** Last time the agent was heard from, when it changed since the last sweep. */
  lastSeen?: Date
  outbox?: { depth: number; oldestAgeS: number | null; reportedAt: Date }
  /** What this replica knows of the connection; written every sweep, so a host another replica's sweep expired by mistake (a sweep delayed on a loaded machine) comes back. */
  state: 'online' | 'stale'
}

/**
 * One liveness sweep's writes for this replica's sessions, one statement per 1,000 hosts: every
 * host held is confirmed (`connection_checked_at`) with its state, and its last-seen time and
 * outbox figures where they changed.
 */
export async function flushLiveness(db: Db, replica: string, updates: readonly SeenUpdate[]): Promise<void> {
  for (const batch of chunks(updates)) {
    const rows = batch.map((u) => ({
      id: u.id,
      last_seen: u.lastSeen?.toISOString() ?? null,
      depth: u.outbox?.depth ?? null,
      age: u.outbox?.oldestAgeS ?? null,
      reported: u.outbox?.reportedAt.toISOString() ?? null,
      state: u.state,
    }))
    // One JSON parameter: identical on PGlite and postgres.js, no parameter-count limit.
    await retryOnDeadlock(() => db.execute(sql`
      with v as (select * from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
        as v(id text, last_seen timestamptz, depth integer, age double precision, reported timestamptz, state text)),
      ${lockHostsById({ ids: sql`select id from v` })}
      update hosts h set ${setWhereHeldBy(replica, {
        connection_checked_at: sql`now()`,
        last_seen_at: sql`coalesce(v.last_seen, h.last_seen_at)`,
        outbox_depth: sql`case when v.reported is null then h.outbox_depth else v.depth end`,
        outbox_oldest_age_s: sql`case when v.reported is null then h.outbox_oldest_age_s else v.age end`,
        outbox_reported_at: sql`coalesce(v.reported, h.outbox_reported_at)`,
        connection_state: sql`v.state`,
      })}
      from v join locked on locked.id = v.id
      where h.id = v.id`))
  }
}

/**
 * Hosts shown online or stale that no replica has confirmed for `seconds`: their replica crashed
 * (kill -9) or lost its database. Marked offline, whichever replica runs this. The database's
 * clock decides (confirmations are written with its now()), so replicas' clocks may disagree.
 * Returns their ids.
 */
export async function expireUnconfirmed(db: Db, seconds: number): Promise<string[]> {
  const unconfirmed = sql`connection_state in ('online', 'stale')
    and (connection_checked_at is null or connection_checked_at < now() - make_interval(secs => ${seconds}))`
  // Not again in the UPDATE: the lock re-reads a row confirmed since this statement's snapshot and
  // drops it (see lockHostsById). Repeated there, the predicate, estimated at a handful of hosts
  // while a crashed replica leaves thousands, made the write read more than 4 rows per host
  // (host-batch-writes.test.ts).
  const res = await retryOnDeadlock(() => db.execute(sql`
    with ${lockHostsById({ where: unconfirmed })}
    update hosts h set connection_state = 'offline'
    from locked where h.id = locked.id
    returning h.id`))
  return rowsOf<{ id: string }>(res).map((r) => r.id)
}

/** The stale mark lifts when the host speaks again. */
export async function markLive(db: Db, hostId: string, replica: string): Promise<void> {
  await db.update(hosts).set({ connectionState: 'online' }).where(and(eq(hosts.id, hostId), eq(hosts.connectedReplica, replica)))
}

/**
 * Desired-state acks, coalesced by the gateway's AckWriter (latest per host), in one statement per
 * batch: writing 5,000 acks one UPDATE at a time took seconds.
 */
export async function recordAcks(db: Db, acks: ReadonlyMap<string, DesiredStateAck>): Promise<void> {
  if (acks.size === 0) return
  const rows = [...acks].map(([id, a]) => ({
    id,
    applied: a.applied,
    revision: a.revision,
    ruleset_version: a.ruleset_version,
    model_version: a.model_version ?? null,
    // An applied ack may still carry an error: the rules applied but the assigned model was refused.
    error: a.error ?? (a.applied ? null : 'the agent did not apply the desired state and gave no reason'),
  }))
  await retryOnDeadlock(() => db.execute(sql`
    with v as (select * from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
      as v(id text, applied boolean, revision bigint, ruleset_version integer, model_version text, error text)),
    ${lockHostsById({ ids: sql`select id from v` })}
    update hosts h set
      applied_revision = case when v.applied then v.revision else h.applied_revision end,
      applied_ruleset_version = case when v.applied then v.ruleset_version else h.applied_ruleset_version end,
      applied_model_version = coalesce(v.model_version, h.applied_model_version),
      applied_at = case when v.applied then now() else h.applied_at end,
      apply_error = v.error
    from v join locked on locked.id = v.id
    where h.id = v.id`))
}
