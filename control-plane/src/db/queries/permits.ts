import { and, eq, gt, inArray, isNull, lte, sql } from 'drizzle-orm'
import { newId } from '../../auth/tokens'
import { decidePermit, type FleetHost, type LiveLease, type PermitAsk, type PermitVerdict } from '../../fleet/permits/decide'
import type { Db } from '../client'
import { rowsOf } from './hosts'
import { firingExpiresAfterMs, matchingAlertFiring } from './intake'
import { budgets, hosts, inhibitions, leases } from '../schema'

/**
 * Every permit decision of the fleet runs under this one transaction-level advisory lock: two
 * replicas (or two requests on one) never count the same live leases at the same time, so a
 * budget of 1 grants exactly one. Permits are rare (disruptive actions only), so one lock for the
 * fleet costs nothing and needs no lock ordering between budgets. PGlite runs the same SQL.
 */
export const PERMIT_LOCK_KEY = 0x5c0b_0010

/** README.md, "Healthy": a failed verification this recent makes a host unhealthy. */
export const FAILED_VERIFICATION_WINDOW_MS = 15 * 60_000

export interface PermitInput {
  hostId: string
  rule: string
  action: string
  target: string
  ttlMs: number
  now?: Date
}

export type PermitResult = (PermitVerdict & { granted: false }) | { granted: true; leaseId: string; expiresAt: Date; budgets: string[] }

export async function requestPermit(db: Db, input: PermitInput): Promise<PermitResult> {
  const now = input.now ?? new Date()
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${PERMIT_LOCK_KEY})`)
    // Leases whose agent vanished: closed before anything is counted.
    await tx
      .update(leases)
      .set({ releasedAt: sql`${leases.expiresAt}`, releaseReason: 'expired' })
      .where(and(isNull(leases.releasedAt), lte(leases.expiresAt, now)))
    const [host] = await tx.select({ labels: hosts.labels }).from(hosts).where(eq(hosts.id, input.hostId)).limit(1)
    const ask: PermitAsk = { hostId: input.hostId, labels: host?.labels ?? {}, rule: input.rule, action: input.action, target: input.target }
    const budgetRows = await tx.select().from(budgets)
    const inhibitionRows = await tx.select().from(inhibitions)
    const live = await liveLeases(tx)
    const needsFleet =
      budgetRows.some((b) => b.maxPercent !== null || b.minHealthyPercent !== null) || inhibitionRows.some((i) => i.condition.kind === 'group_unhealthy')
    const fleet = needsFleet ? await fleetHealth(tx, now) : []
    const alertFiring = new Map<string, boolean>()
    for (const i of inhibitionRows) if (i.condition.kind === 'alert_firing') alertFiring.set(i.id, await alertIsFiring(tx, i.condition.labels, now))
    const verdict = decidePermit(ask, { budgets: budgetRows, inhibitions: inhibitionRows, fleet, live, alertFiring })
    if (!verdict.granted) {
      if (verdict.budgetId) {
        await tx.update(budgets).set({ refusedTotal: sql`${budgets.refusedTotal} + 1`, lastRefusedAt: now }).where(eq(budgets.id, verdict.budgetId))
      }
      if (verdict.inhibitionId) {
        await tx.update(inhibitions).set({ refusedTotal: sql`${inhibitions.refusedTotal} + 1`, lastRefusedAt: now }).where(eq(inhibitions.id, verdict.inhibitionId))
      }
      return verdict
    }
    const leaseId = newId('lse')
    const expiresAt = new Date(now.getTime() + input.ttlMs)
    const names = verdict.budgets.map((b) => b.name)
    await tx.insert(leases).values({ id: leaseId, hostId: input.hostId, rule: input.rule, action: input.action, target: input.target, grantedAt: now, expiresAt, budgetNames: names })
    if (verdict.budgets.length > 0) {
      await tx
        .update(budgets)
        .set({ grantedTotal: sql`${budgets.grantedTotal} + 1` })
        .where(inArray(budgets.id, verdict.budgets.map((b) => b.id)))
    }
    return { granted: true, leaseId, expiresAt, budgets: names }
  })
}

/** Is an Alertmanager alert carrying all these labels firing now (any host's)? An expired one is not (alertmanager/expiry.ts). */
export async function alertIsFiring(db: Db, labels: Record<string, string>, now = new Date()): Promise<boolean> {
  return matchingAlertFiring(db, labels, now, await firingExpiresAfterMs(db))
}

/** The agent's action returned. Only the host's own lease: an agent speaks only for its own host. */
export async function releaseLease(db: Db, hostId: string, leaseId: string, now = new Date()): Promise<boolean> {
  const rows = await db
    .update(leases)
    .set({ releasedAt: now, releaseReason: 'released' })
    .where(and(eq(leases.id, leaseId), eq(leases.hostId, hostId), isNull(leases.releasedAt)))
    .returning({ id: leases.id })
  return rows.length > 0
}

/** Unreleased and unexpired leases with their host's labels (what budgets count). */
export async function liveLeases(db: Db, now = new Date()): Promise<LiveLease[]> {
  const rows = await db
    .select({
      id: leases.id,
      hostId: leases.hostId,
      labels: hosts.labels,
      rule: leases.rule,
      action: leases.action,
      target: leases.target,
      grantedAt: leases.grantedAt,
      expiresAt: leases.expiresAt,
    })
    .from(leases)
    .innerJoin(hosts, eq(hosts.id, leases.hostId))
    .where(and(isNull(leases.releasedAt), gt(leases.expiresAt, now)))
    .orderBy(leases.grantedAt)
  return rows
}

/** Every host not decommissioned, with README.md's "healthy": online and no failed verification in the window. */
export async function fleetHealth(db: Db, now = new Date()): Promise<FleetHost[]> {
  const since = now.getTime() - FAILED_VERIFICATION_WINDOW_MS
  const res = await db.execute(sql`
    select h.id, h.labels, (h.connection_state = 'online' and not exists (
      select 1 from actions a
       where a.host_id = h.id and a.verified = false
         and coalesce(a.verification->>'outcome', 'holding') <> 'unknown'
         and (a.verification->>'checked_at')::double precision >= ${since}
    )) as healthy
      from hosts h
     where h.decommissioned_at is null`)
  return rowsOf<{ id: string; labels: Record<string, string>; healthy: boolean }>(res).map((r) => ({ id: r.id, labels: r.labels, healthy: r.healthy === true || (r.healthy as unknown) === 't' }))
}
