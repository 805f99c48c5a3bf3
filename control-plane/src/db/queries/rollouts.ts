import { and, desc, eq, gte, inArray, isNull, lt, sql } from 'drizzle-orm'
import type { Db } from '../client'
import { actions, alerts, decisions, hosts, rollouts, settings, type RolloutEvent, type RolloutRow, type RolloutState } from '../schema'

export const activeStates: RolloutState[] = ['running', 'paused']

/** Inserts a rollout; undefined when another rollout of its kind is active (the partial unique index). */
export async function insertRollout(db: Db, row: typeof rollouts.$inferInsert): Promise<RolloutRow | undefined> {
  // The partial unique index (one active rollout per kind) makes a second one a no-op here.
  const [r] = await db.insert(rollouts).values(row).onConflictDoNothing().returning()
  return r
}

export async function getRollout(db: Db, id: string): Promise<RolloutRow | undefined> {
  const [r] = await db.select().from(rollouts).where(eq(rollouts.id, id)).limit(1)
  return r
}

export async function listRollouts(db: Db, limit: number, offset: number): Promise<{ items: RolloutRow[]; total: number }> {
  const [items, [count]] = await Promise.all([
    db.select().from(rollouts).orderBy(desc(rollouts.createdAt), desc(rollouts.id)).limit(limit).offset(offset),
    db.select({ n: sql<number>`count(*)::int` }).from(rollouts),
  ])
  return { items, total: count?.n ?? 0 }
}

export async function listActiveRollouts(db: Db): Promise<RolloutRow[]> {
  return db.select().from(rollouts).where(inArray(rollouts.state, activeStates))
}

export async function activeRolloutOfKind(db: Db, kind: RolloutRow['kind']): Promise<RolloutRow | undefined> {
  const [r] = await db
    .select()
    .from(rollouts)
    .where(and(eq(rollouts.kind, kind), inArray(rollouts.state, activeStates)))
    .limit(1)
  return r
}

export type RolloutPatch = Partial<Pick<RolloutRow, 'state' | 'stageIndex' | 'stageStartedAt' | 'reason' | 'lastGate' | 'finishedAt'>>

/**
 * Changes one rollout under its row lock. `decide` sees the locked row and returns the change (or
 * undefined: nothing to do); `after` runs in the same transaction (making a ruleset current, a
 * model assignment), so a rollout is never completed without its version in place.
 */
export async function changeRollout(
  db: Db,
  id: string,
  decide: (row: RolloutRow) => { patch: RolloutPatch; event?: RolloutEvent } | undefined,
  after?: (tx: Db, row: RolloutRow) => Promise<void>,
): Promise<{ row: RolloutRow; changed: boolean } | undefined> {
  return db.transaction(async (tx) => {
    const [row] = await tx.select().from(rollouts).where(eq(rollouts.id, id)).limit(1).for('update')
    if (!row) return undefined
    const change = decide(row)
    if (!change) return { row, changed: false }
    // A bookkeeping write (the latest gate figures) is not a change of state.
    const [updated] = await tx
      .update(rollouts)
      .set({ ...change.patch, ...(change.event ? { events: [...row.events, change.event].slice(-200) } : {}), updatedAt: new Date() })
      .where(eq(rollouts.id, id))
      .returning()
    if (after) await after(tx as unknown as Db, updated!)
    return { row: updated!, changed: change.event !== undefined }
  })
}

/**
 * The active rollouts no other replica is advancing right now: each is locked for this
 * transaction (`FOR UPDATE SKIP LOCKED`), so with several replicas exactly one works on a rollout
 * at a time and the others skip it instead of waiting.
 */
export async function withUnlockedActiveRollouts<T>(db: Db, fn: (tx: Db, rows: RolloutRow[]) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    const rows = await tx.select().from(rollouts).where(inArray(rollouts.state, activeStates)).for('update', { skipLocked: true })
    return fn(tx as unknown as Db, rows)
  })
}

/** What a rollout needs to know about each enrolled host. */
export async function rolloutHosts(db: Db) {
  return db
    .select({
      id: hosts.id,
      hostname: hosts.hostname,
      labels: hosts.labels,
      connectionState: hosts.connectionState,
      appliedRulesetVersion: hosts.appliedRulesetVersion,
      appliedModelVersion: hosts.appliedModelVersion,
      applyError: hosts.applyError,
      appliedRevision: hosts.appliedRevision,
      desiredRevision: hosts.desiredRevision,
    })
    .from(hosts)
    .where(isNull(hosts.decommissionedAt))
    .orderBy(hosts.hostname, hosts.id)
}
export type RolloutHost = Awaited<ReturnType<typeof rolloutHosts>>[number]

export interface HostEventCounts {
  actions: number
  failedVerifications: number
  failedActions: number
  suppressions: number
}

/** Per host, over [from, to): actions started, failed verifications, failed actions, suppressed decisions. */
export async function eventCountsByHost(db: Db, hostIds: string[], from: Date, to: Date): Promise<Map<string, HostEventCounts>> {
  const out = new Map<string, HostEventCounts>()
  if (hostIds.length === 0) return out
  const get = (id: string) => {
    let c = out.get(id)
    if (!c) out.set(id, (c = { actions: 0, failedVerifications: 0, failedActions: 0, suppressions: 0 }))
    return c
  }
  const [acts, decs] = await Promise.all([
    db
      .select({
        hostId: actions.hostId,
        n: sql<number>`count(*)::int`,
        failedVerifications: sql<number>`count(*) filter (where ${actions.verified} is false)::int`,
        failed: sql<number>`count(*) filter (where ${actions.status} = 'failed')::int`,
      })
      .from(actions)
      .where(and(inArray(actions.hostId, hostIds), gte(actions.startedAt, from), lt(actions.startedAt, to)))
      .groupBy(actions.hostId),
    db
      .select({ hostId: decisions.hostId, n: sql<number>`count(*)::int` })
      .from(decisions)
      .where(and(inArray(decisions.hostId, hostIds), eq(decisions.outcome, 'suppressed'), gte(decisions.sampleTs, from), lt(decisions.sampleTs, to)))
      .groupBy(decisions.hostId),
  ])
  for (const a of acts) Object.assign(get(a.hostId), { actions: Number(a.n), failedVerifications: Number(a.failedVerifications), failedActions: Number(a.failed) })
  for (const d of decs) get(d.hostId).suppressions = Number(d.n)
  return out
}

/** Completion of a ruleset rollout: its version becomes the fleet's current one (in the caller's transaction). */
export async function makeRulesetCurrent(tx: Db, version: number, by: string): Promise<void> {
  await tx.update(settings).set({ value: version, updatedBy: by, updatedAt: new Date() }).where(eq(settings.key, 'current_ruleset_version'))
}

/**
 * The alert a rollback raises, through the same alerts table (and so the same notifier queue) as
 * the agents' alerts. Alerts belong to a host: this one to the host of the failed stage that did
 * the most, so GET /alerts?host_id= finds it where the damage was.
 */
export async function insertRolloutAlert(db: Db, a: { id: string; hostId: string; summary: string; detail: string; at: Date }): Promise<void> {
  await db.insert(alerts).values({ id: a.id, hostId: a.hostId, severity: 'critical', summary: a.summary, detail: a.detail, raisedAt: a.at }).onConflictDoNothing()
}
