import { desc } from 'drizzle-orm'
import type { Db } from '../client'
import { actions, hostGroups, summaryCounters, type HostGroupRow } from '../schema'
import { eq } from 'drizzle-orm'

/**
 * The trigger-maintained host counts (migration `host_groups_summary`): one row per distinct
 * (labels, connection state, rule set, model and agent version) among enrolled hosts.
 */
export async function listHostGroups(db: Db): Promise<HostGroupRow[]> {
  return db.select().from(hostGroups)
}

/** Every stored action, from the trigger-maintained counter (not a count(*) over the history). */
export async function countAllActions(db: Db): Promise<number> {
  const [row] = await db.select({ n: summaryCounters.n }).from(summaryCounters).where(eq(summaryCounters.name, 'actions'))
  return row?.n ?? 0
}

/** The newest actions of the fleet, without the total that listActions counts (the counter has it). */
export async function newestActions(db: Db, limit: number) {
  return db.select().from(actions).orderBy(desc(actions.startedAt), actions.id).limit(limit)
}
