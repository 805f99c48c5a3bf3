import { eq } from 'drizzle-orm'
import { hashToken, tokenMatches } from '../../auth/tokens'
import type { Db } from '../client'
import { agentCredentials, hosts } from '../schema'

export type CredentialCheck =
  | { status: 'valid'; hostId: string }
  /** The credential was this host's when it was decommissioned: the agent should stop, not retry. */
  | { status: 'decommissioned'; hostId: string }
  /** Unknown, or revoked while its host lives on (re-enrolled under a new credential). */
  | { status: 'invalid' }

/**
 * What an agent credential stands for, in one query (every agent connection asks). A decommissioned
 * host's credential is told apart from an unknown or revoked one so the upgrade can answer 410.
 */
export async function checkAgentCredential(db: Db, credential: string): Promise<CredentialCheck> {
  const [row] = await db
    .select({ hostId: agentCredentials.hostId, tokenHash: agentCredentials.tokenHash, revokedAt: agentCredentials.revokedAt, decommissionedAt: hosts.decommissionedAt })
    .from(agentCredentials)
    .innerJoin(hosts, eq(hosts.id, agentCredentials.hostId))
    .where(eq(agentCredentials.tokenHash, hashToken(credential)))
    .limit(1)
  if (!row || !tokenMatches(credential, row.tokenHash)) return { status: 'invalid' }
  if (row.decommissionedAt) return { status: 'decommissioned', hostId: row.hostId }
  if (row.revokedAt) return { status: 'invalid' }
  return { status: 'valid', hostId: row.hostId }
}
