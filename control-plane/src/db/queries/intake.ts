import { and, desc, eq, gt, inArray, isNull, or, sql } from 'drizzle-orm'
import { generateToken, hashToken, newId, tokenMatches } from '../../auth/tokens'
import type { Db } from '../client'
import { externalAlerts, hosts, intakeTokens } from '../schema'

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

/**
 * Stores alerts idempotently and returns the hosts whose inputs changed. A notification about an
 * older incarnation (earlier startsAt) of a stored alert is ignored; a repeat changes nothing.
 */
export async function upsertExternalAlerts(db: Db, rows: ExternalAlertInput[], now: Date): Promise<string[]> {
  if (rows.length === 0) return []
  const changed = await db
    .insert(externalAlerts)
    .values(rows.map((r) => ({ ...r, updatedAt: now })))
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
      },
      setWhere: sql`excluded.starts_at >= ${externalAlerts.startsAt} and (excluded.status <> ${externalAlerts.status} or excluded.host_id <> ${externalAlerts.hostId})`,
    })
    .returning({ hostId: externalAlerts.hostId })
  return [...new Set(changed.map((r) => r.hostId))]
}

/** A host's Alertmanager alerts for the agent: firing ones, and ones resolved in the last day. */
export async function hostAlertInputs(db: Db, hostId: string, now: Date): Promise<{ name: string; firing: boolean; since: number }[]> {
  const rows = await db
    .select({ name: externalAlerts.name, status: externalAlerts.status, updatedAt: externalAlerts.updatedAt })
    .from(externalAlerts)
    .where(and(eq(externalAlerts.hostId, hostId), or(eq(externalAlerts.status, 'firing'), gt(externalAlerts.updatedAt, new Date(now.getTime() - 86_400_000)))))
    .orderBy(desc(externalAlerts.updatedAt))
    .limit(256)
  return rows.map((r) => ({ name: r.name, firing: r.status === 'firing', since: r.updatedAt.getTime() }))
}
