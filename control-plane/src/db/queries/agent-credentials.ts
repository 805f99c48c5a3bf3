import { eq, sql } from 'drizzle-orm'
import { hashToken, tokenMatches } from '../../auth/tokens'
import { pgArrayLiteral } from '../array-literal'
import type { Db } from '../client'
import { agentCredentials, hosts } from '../schema'

export type CredentialCheck =
  | { status: 'valid'; hostId: string }
  /** The credential was this host's when it was decommissioned: the agent should stop, not retry. */
  | { status: 'decommissioned'; hostId: string }
  /** Unknown, or revoked while its host lives on (re-enrolled under a new credential). */
  | { status: 'invalid' }

const columns = { hostId: agentCredentials.hostId, tokenHash: agentCredentials.tokenHash, revokedAt: agentCredentials.revokedAt, decommissionedAt: hosts.decommissionedAt }

function verdict(credential: string, row: { hostId: string; tokenHash: string; revokedAt: Date | null; decommissionedAt: Date | null } | undefined): CredentialCheck {
  if (!row || !tokenMatches(credential, row.tokenHash)) return { status: 'invalid' }
  if (row.decommissionedAt) return { status: 'decommissioned', hostId: row.hostId }
  if (row.revokedAt) return { status: 'invalid' }
  return { status: 'valid', hostId: row.hostId }
}

/**
 * What each agent credential stands for, answered in the order given, in one query however many
 * (every agent connection asks; a reconnect storm asks thousands at once: gateway/batches.ts).
 * A decommissioned host's credential is told apart from an unknown or revoked one so the upgrade
 * can answer 410. Only hashes travel to the database.
 */
export async function checkAgentCredentials(db: Db, credentials: readonly string[]): Promise<CredentialCheck[]> {
  if (credentials.length === 0) return []
  const hashes = credentials.map(hashToken)
  const rows = await db
    .select(columns)
    .from(agentCredentials)
    .innerJoin(hosts, eq(hosts.id, agentCredentials.hostId))
    .where(sql`${agentCredentials.tokenHash} in (select unnest(${pgArrayLiteral([...new Set(hashes)])}::text::text[]))`)
  const byHash = new Map(rows.map((r) => [r.tokenHash, r]))
  return credentials.map((c, i) => verdict(c, byHash.get(hashes[i]!)))
}
