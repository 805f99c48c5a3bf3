import { and, desc, eq, gt, gte, inArray, isNotNull, isNull, lte, or, sql, type SQL } from 'drizzle-orm'
import { alertState, expiresAfterMs, expiresAt, type ExternalAlertState } from '../../alertmanager/expiry'
import { generateToken, hashToken, newId, tokenMatches } from '../../auth/tokens'
import type { Db } from '../client'
import { externalAlerts, hosts, intakeTokens } from '../schema'
import { getSetting } from './settings'

export async function createIntakeToken(db: Db, input: { name: string; createdBy: string }): Promise<{ id: string; token: string }> {
  const token = generateToken('intake')
  const id = newId('ait')
  await db.insert(intakeTokens).values({ id, name: input.name, tokenHash: hashToken(token), createdBy: input.createdBy })
  return { id, token }
}

export async function findIntakeToken(db: Db, token: string): Promise<{ id: string; name: string } | undefined> {
  const hash = hashToken(token)
  const [row] = await db
    .select()
    .from(intakeTokens)
    .where(and(eq(intakeTokens.tokenHash, hash), isNull(intakeTokens.revokedAt)))
    .limit(1)
  return row && tokenMatches(token, row.tokenHash) ? { id: row.id, name: row.name } : undefined
}

export async function listIntakeTokens(db: Db) {
  const rows = await db.select().from(intakeTokens).orderBy(intakeTokens.createdAt)
  return rows.map(({ tokenHash: _h, ...rest }) => rest)
}

export async function revokeIntakeToken(db: Db, id: string): Promise<boolean> {
  const rows = await db
    .update(intakeTokens)
    .set({ revokedAt: new Date() })
    .where(and(eq(intakeTokens.id, id), isNull(intakeTokens.revokedAt)))
    .returning({ id: intakeTokens.id })
  return rows.length > 0
}

/** Live hosts whose hostname or id is one of `values`, or (with `labelKey`) whose label has one of them. */
export async function hostsMatching(db: Db, values: string[], labelKey?: string): Promise<{ id: string; hostname: string; labels: Record<string, string> }[]> {
  if (values.length === 0) return []
  return db
    .select({ id: hosts.id, hostname: hosts.hostname, labels: hosts.labels })
    .from(hosts)
    .where(
      and(
        isNull(hosts.decommissionedAt),
        or(inArray(hosts.hostname, values), inArray(hosts.id, values), labelKey ? inArray(sql<string>`${hosts.labels} ->> ${labelKey}`, values) : undefined),
      ),
    )
}

export interface ExternalAlertInput {
  fingerprint: string
  hostId: string
  name: string
  status: 'firing' | 'resolved'
  labels: Record<string, string>
  annotations: Record<string, string>
  startsAt: Date
  endsAt: Date | null
}

/** The `alert_intake.firing_expires_after` setting in milliseconds (alertmanager/expiry.ts). */
export async function firingExpiresAfterMs(db: Db): Promise<number> {
  return expiresAfterMs((await getSetting(db, 'alert_intake')).firing_expires_after)
}

/**
 * SQL: the alert is firing and not expired at `now` (its endsAt, when the sender gave one, is
 * still ahead; otherwise it was seen within `afterMs`). The same rule as `alertState`.
 */
export function firingAt(now: Date, afterMs: number): SQL {
  // Through the operators, so the times go out as the columns encode them (postgres.js would not take a bare Date).
  return sql`(${eq(externalAlerts.status, 'firing')} and case when ${isNotNull(externalAlerts.endsAt)} then ${gt(externalAlerts.endsAt, now)} else ${gt(externalAlerts.lastSeenAt, new Date(now.getTime() - afterMs))} end)`
}

/** One row per fingerprint (the newest incarnation, the last one given on a tie): one notification may name an alert twice. */
function newestPerFingerprint(rows: ExternalAlertInput[]): ExternalAlertInput[] {
  const out = new Map<string, ExternalAlertInput>()
  for (const r of rows) {
    const seen = out.get(r.fingerprint)
    if (!seen || r.startsAt.getTime() >= seen.startsAt.getTime()) out.set(r.fingerprint, r)
  }
  return [...out.values()]
}

/**
 * Stores alerts and returns the hosts whose inputs changed. A notification about an older
 * incarnation (earlier startsAt) of a stored alert is ignored. Every other notification marks the
 * alert seen (`last_seen_at`, what keeps a firing alert from expiring); it changes a host's inputs
 * only when the alert moves host or its state (firing / expired / resolved) changes, so a repeat of
 * a firing alert changes nothing but a re-sent alert that had expired fires again.
 */
export async function upsertExternalAlerts(db: Db, input: ExternalAlertInput[], now: Date, afterMs: number): Promise<string[]> {
  if (input.length === 0) return []
  const rows = newestPerFingerprint(input)
  return db.transaction(async (tx) => {
    // Locked, so two notifications about the same alert at once see each other's outcome.
    const stored = await tx
      .select({ fingerprint: externalAlerts.fingerprint, hostId: externalAlerts.hostId, status: externalAlerts.status, startsAt: externalAlerts.startsAt, endsAt: externalAlerts.endsAt, lastSeenAt: externalAlerts.lastSeenAt, updatedAt: externalAlerts.updatedAt })
      .from(externalAlerts)
      .where(inArray(externalAlerts.fingerprint, rows.map((r) => r.fingerprint)))
      .for('update')
    const before = new Map(stored.map((r) => [r.fingerprint, r]))
    const changedHosts = new Set<string>()
    const writes = []
    for (const r of rows) {
      const old = before.get(r.fingerprint)
      if (old && r.startsAt.getTime() < old.startsAt.getTime()) continue
      const moved = !old || old.hostId !== r.hostId || old.status !== r.status || alertState(old, now, afterMs) !== alertState({ ...r, lastSeenAt: now }, now, afterMs)
      if (moved) {
        changedHosts.add(r.hostId)
        if (old) changedHosts.add(old.hostId)
      }
      writes.push({ ...r, lastSeenAt: now, updatedAt: moved || !old ? now : old.updatedAt })
    }
    if (writes.length === 0) return []
    await tx
      .insert(externalAlerts)
      .values(writes)
      .onConflictDoUpdate({
        target: externalAlerts.fingerprint,
        set: {
          hostId: sql`excluded.host_id`,
          name: sql`excluded.name`,
          status: sql`excluded.status`,
          labels: sql`excluded.labels`,
          annotations: sql`excluded.annotations`,
          startsAt: sql`excluded.starts_at`,
          endsAt: sql`excluded.ends_at`,
          updatedAt: sql`excluded.updated_at`,
          lastSeenAt: sql`excluded.last_seen_at`,
        },
        setWhere: sql`excluded.starts_at >= ${externalAlerts.startsAt}`,
      })
    return [...changedHosts]
  })
}

/**
 * A host's Alertmanager alerts for the agent: firing ones (an expired one as not firing), and
 * ones resolved in the last day.
 */
export async function hostAlertInputs(db: Db, hostId: string, now: Date, afterMs: number): Promise<{ name: string; firing: boolean; since: number }[]> {
  const rows = await db
    .select({ name: externalAlerts.name, firing: sql<boolean>`${firingAt(now, afterMs)}`, updatedAt: externalAlerts.updatedAt })
    .from(externalAlerts)
    .where(and(eq(externalAlerts.hostId, hostId), or(eq(externalAlerts.status, 'firing'), gt(externalAlerts.updatedAt, new Date(now.getTime() - 86_400_000)))))
    .orderBy(desc(externalAlerts.updatedAt))
    .limit(256)
  return rows.map((r) => ({ name: r.name, firing: r.firing === true, since: r.updatedAt.getTime() }))
}

/** Is an alert carrying all these labels (any host's) firing and not expired at `now`? */
export async function matchingAlertFiring(db: Db, labels: Record<string, string>, now: Date, afterMs: number): Promise<boolean> {
  const [hit] = await db
    .select({ one: sql<number>`1` })
    .from(externalAlerts)
    .where(and(firingAt(now, afterMs), sql`${externalAlerts.labels} @> ${JSON.stringify(labels)}::jsonb`))
    .limit(1)
  return hit !== undefined
}

/** Hosts with a firing alert that expired in [from, to] (both ends: a host sent twice gets the same inputs twice): their agents need their inputs again. */
export async function hostsWithAlertsExpiredBetween(db: Db, from: Date, to: Date, afterMs: number): Promise<string[]> {
  const seenFrom = new Date(from.getTime() - afterMs)
  const seenTo = new Date(to.getTime() - afterMs)
  const rows = await db
    .selectDistinct({ hostId: externalAlerts.hostId })
    .from(externalAlerts)
    .where(
      and(
        eq(externalAlerts.status, 'firing'),
        or(
          and(isNotNull(externalAlerts.endsAt), gte(externalAlerts.endsAt, from), lte(externalAlerts.endsAt, to)),
          and(isNull(externalAlerts.endsAt), gte(externalAlerts.lastSeenAt, seenFrom), lte(externalAlerts.lastSeenAt, seenTo)),
        ),
      ),
    )
  return rows.map((r) => r.hostId)
}

export interface ExternalAlertFilter {
  hostId?: string
  state?: ExternalAlertState
}

/** Stored Alertmanager alerts, most recently seen first, with each one's state at `now`. */
export async function listExternalAlerts(db: Db, filter: ExternalAlertFilter, now: Date, afterMs: number, limit: number, offset: number) {
  const firing = firingAt(now, afterMs)
  const byState = {
    firing,
    expired: sql`(${externalAlerts.status} = 'firing' and not ${firing})`,
    resolved: eq(externalAlerts.status, 'resolved'),
  }
  const where = and(filter.hostId ? eq(externalAlerts.hostId, filter.hostId) : undefined, filter.state ? byState[filter.state] : undefined)
  const [rows, [count]] = await Promise.all([
    db
      .select({ alert: externalAlerts, hostname: hosts.hostname })
      .from(externalAlerts)
      .innerJoin(hosts, eq(hosts.id, externalAlerts.hostId))
      .where(where)
      .orderBy(desc(externalAlerts.lastSeenAt), externalAlerts.fingerprint)
      .limit(limit)
      .offset(offset),
    db.select({ total: sql<number>`count(*)::int` }).from(externalAlerts).where(where),
  ])
  return {
    total: count?.total ?? 0,
    rows: rows.map(({ alert, hostname }) => ({ ...alert, hostname, state: alertState(alert, now, afterMs), expiresAt: expiresAt(alert, afterMs) })),
  }
}
