import { and, eq, gt, isNull, lt, or, sql } from 'drizzle-orm'
import { generateToken, hashToken, newId, tokenMatches } from '../../auth/tokens'
import type { Db } from '../client'
import { agentCredentials, apiTokens, enrollmentTokens, hosts, type ApiTokenRow, type Role } from '../schema'

export interface ApiPrincipal {
  tokenId: string
  name: string
  role: Role
}

export async function createApiToken(
  db: Db,
  input: { name: string; role: Role; createdBy: string; token?: string },
): Promise<{ id: string; token: string }> {
  const token = input.token ?? generateToken(input.role)
  const id = newId('tok')
  await db.insert(apiTokens).values({ id, name: input.name, role: input.role, tokenHash: hashToken(token), createdBy: input.createdBy })
  return { id, token }
}

/**
 * The active token with this secret, its use recorded in `last_used_at` (what an operator reads
 * before revoking a token nobody uses). One statement, lookup and record together; the auth
 * plugin caches the principal (PrincipalCache), so this runs — and writes — at most once per
 * cache TTL per token and replica, and `last_used_at` is exact to that TTL.
 */
export async function findApiToken(db: Db, token: string): Promise<ApiPrincipal | undefined> {
  const hash = hashToken(token)
  const [row] = await db
    .update(apiTokens)
    .set({ lastUsedAt: sql`now()` })
    .where(and(eq(apiTokens.tokenHash, hash), isNull(apiTokens.revokedAt)))
    .returning({ id: apiTokens.id, name: apiTokens.name, role: apiTokens.role, tokenHash: apiTokens.tokenHash })
  if (!row || !tokenMatches(token, row.tokenHash)) return undefined
  return { tokenId: row.id, name: row.name, role: row.role }
}

export async function countActiveApiTokens(db: Db, role?: Role): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(apiTokens)
    .where(and(isNull(apiTokens.revokedAt), role ? eq(apiTokens.role, role) : undefined))
  return row?.n ?? 0
}

export async function listApiTokens(db: Db): Promise<Omit<ApiTokenRow, 'tokenHash'>[]> {
  const rows = await db.select().from(apiTokens).orderBy(apiTokens.createdAt)
  return rows.map(({ tokenHash: _h, ...rest }) => rest)
}

/** The id of the API token with this secret (revoked or not). */
export async function apiTokenIdOf(db: Db, token: string): Promise<string | undefined> {
  const [row] = await db.select({ id: apiTokens.id }).from(apiTokens).where(eq(apiTokens.tokenHash, hashToken(token))).limit(1)
  return row?.id
}

export async function revokeApiToken(db: Db, id: string): Promise<boolean> {
  const rows = await db
    .update(apiTokens)
    .set({ revokedAt: new Date() })
    .where(and(eq(apiTokens.id, id), isNull(apiTokens.revokedAt)))
    .returning({ id: apiTokens.id })
  return rows.length > 0
}

/**
 * First start: make sure someone can log in. Returns the token when one was created here (to be
 * printed once), undefined when an admin token already existed or the configured one was adopted.
 */
export async function ensureAdminToken(db: Db, configured?: string): Promise<{ created?: string }> {
  if (configured) {
    // The configuration is the operator's word: a configured token revoked through the API (an
    // older version allowed it) is live again rather than a unique-key crash at every start.
    const [row] = await db.select({ id: apiTokens.id, revokedAt: apiTokens.revokedAt }).from(apiTokens).where(eq(apiTokens.tokenHash, hashToken(configured))).limit(1)
    if (!row) await createApiToken(db, { name: 'configured admin', role: 'admin', createdBy: 'config', token: configured })
    else if (row.revokedAt) await db.update(apiTokens).set({ revokedAt: null, role: 'admin' }).where(eq(apiTokens.id, row.id))
    return {}
  }
  if ((await countActiveApiTokens(db, 'admin')) > 0) return {}
  const { token } = await createApiToken(db, { name: 'initial admin', role: 'admin', createdBy: 'first-start' })
  return { created: token }
}

// ---- enrollment tokens ----

export async function createEnrollmentToken(
  db: Db,
  input: { name: string; expiresAt?: Date; maxUses?: number; labels?: Record<string, string>; reprovision?: boolean; createdBy: string },
) {
  const token = generateToken('enrollment')
  const id = newId('enr')
  const [row] = await db
    .insert(enrollmentTokens)
    .values({
      id,
      name: input.name,
      tokenHash: hashToken(token),
      expiresAt: input.expiresAt ?? null,
      maxUses: input.maxUses ?? null,
      labels: input.labels ?? {},
      reprovision: input.reprovision ?? false,
      createdBy: input.createdBy,
    })
    .returning()
  return { token, row: publicEnrollmentToken(row!) }
}

export function publicEnrollmentToken(row: typeof enrollmentTokens.$inferSelect) {
  const now = Date.now()
  const state = row.revokedAt
    ? 'revoked'
    : row.expiresAt && row.expiresAt.getTime() <= now
      ? 'expired'
      : row.maxUses !== null && row.uses >= row.maxUses
        ? 'used_up'
        : 'active'
  return {
    id: row.id,
    name: row.name,
    state,
    expires_at: row.expiresAt?.toISOString() ?? null,
    max_uses: row.maxUses,
    uses: row.uses,
    labels: row.labels,
    reprovision: row.reprovision,
    revoked_at: row.revokedAt?.toISOString() ?? null,
    created_by: row.createdBy,
    created_at: row.createdAt.toISOString(),
  }
}

export async function listEnrollmentTokens(db: Db) {
  const rows = await db.select().from(enrollmentTokens).orderBy(enrollmentTokens.createdAt)
  return rows.map(publicEnrollmentToken)
}

export async function revokeEnrollmentToken(db: Db, id: string) {
  const [row] = await db.update(enrollmentTokens).set({ revokedAt: new Date() }).where(eq(enrollmentTokens.id, id)).returning()
  return row ? publicEnrollmentToken(row) : undefined
}

/** The token, not revoked, not expired, not used up. */
function usableEnrollmentToken(token: string, now = new Date()) {
  return and(
    eq(enrollmentTokens.tokenHash, hashToken(token)),
    isNull(enrollmentTokens.revokedAt),
    or(isNull(enrollmentTokens.expiresAt), gt(enrollmentTokens.expiresAt, now)),
    or(isNull(enrollmentTokens.maxUses), lt(enrollmentTokens.uses, enrollmentTokens.maxUses)),
  )
}

export interface EnrollmentGrant {
  id: string
  labels: Record<string, string>
  reprovision: boolean
}

/** What a usable enrollment token grants, without spending a use (a refused enrollment costs none). */
export async function peekEnrollmentToken(db: Db, token: string): Promise<EnrollmentGrant | undefined> {
  const [row] = await db
    .select({ id: enrollmentTokens.id, labels: enrollmentTokens.labels, reprovision: enrollmentTokens.reprovision, tokenHash: enrollmentTokens.tokenHash })
    .from(enrollmentTokens)
    .where(usableEnrollmentToken(token))
    .limit(1)
  if (!row || !tokenMatches(token, row.tokenHash)) return undefined
  return { id: row.id, labels: row.labels, reprovision: row.reprovision }
}

/**
 * Spends one use of an enrollment token, atomically (two agents racing for the last use cannot both
 * win). Returns the token's labels, or undefined when the token is unknown, revoked, expired or used up.
 */
export async function consumeEnrollmentToken(db: Db, token: string): Promise<{ labels: Record<string, string> } | undefined> {
  const [row] = await db
    .update(enrollmentTokens)
    .set({ uses: sql`${enrollmentTokens.uses} + 1` })
    .where(usableEnrollmentToken(token))
    .returning({ labels: enrollmentTokens.labels, tokenHash: enrollmentTokens.tokenHash })
  if (!row || !tokenMatches(token, row.tokenHash)) return undefined
  return { labels: row.labels }
}

// ---- agent credentials ----

/** Issues a new credential for a host and revokes every earlier one. */
export async function issueAgentCredential(db: Db, hostId: string): Promise<string> {
  const credential = generateToken('agent')
  await db.transaction(async (tx) => {
    await tx
      .update(agentCredentials)
      .set({ revokedAt: new Date() })
      .where(and(eq(agentCredentials.hostId, hostId), isNull(agentCredentials.revokedAt)))
    await tx.insert(agentCredentials).values({ id: newId('cred'), hostId, tokenHash: hashToken(credential) })
  })
  return credential
}

/** The host an agent credential belongs to, if the credential is live and the host not decommissioned (one query: every agent connection asks). */
export async function findHostIdByCredential(db: Db, credential: string): Promise<string | undefined> {
  const [row] = await db
    .select({ hostId: agentCredentials.hostId, tokenHash: agentCredentials.tokenHash })
    .from(agentCredentials)
    .innerJoin(hosts, eq(hosts.id, agentCredentials.hostId))
    .where(and(eq(agentCredentials.tokenHash, hashToken(credential)), isNull(agentCredentials.revokedAt), isNull(hosts.decommissionedAt)))
    .limit(1)
  if (!row || !tokenMatches(credential, row.tokenHash)) return undefined
  return row.hostId
}

export async function revokeHostCredentials(db: Db, hostId: string): Promise<void> {
  await db
    .update(agentCredentials)
    .set({ revokedAt: new Date() })
    .where(and(eq(agentCredentials.hostId, hostId), isNull(agentCredentials.revokedAt)))
}
