import type { Db } from '../db/client'
import { enrollHost, latestHostByHostname } from '../db/queries/hosts'
import { consumeEnrollmentToken, issueAgentCredential, peekEnrollmentToken } from '../db/queries/tokens'
import type { HostRow } from '../db/schema'
import { ApiError, conflict } from '../http/errors'

export interface EnrollRequest {
  token: string
  hostname: string
  /** What the agent proposes: stored as `reported_labels`, never used for groups. */
  labels?: Record<string, string>
  agentVersion?: string
}

export interface Enrolled {
  host: HostRow
  credential: string
  /** An existing host was taken over (its earlier credential revoked) or a decommissioned one re-admitted. */
  reprovisioned: { previous_host_id: string; was: 'enrolled' | 'decommissioned' } | null
}

const reprovisionHint = 'to re-provision it, enroll with an enrollment token created with "reprovision": true (POST /api/v1/enrollment-tokens)'

/**
 * Enrollment decides who a host is, so the host does not: labels come from the enrollment token
 * (the agent's are kept as reported), an enrolled hostname is not taken over, and a decommissioned
 * one is not silently brought back — both only with a token the operator created to re-provision.
 * A refused enrollment spends no use of the token.
 */
export async function enroll(db: Db, req: EnrollRequest): Promise<Enrolled> {
  const invalid = () => new ApiError(401, 'invalid_enrollment_token', 'the enrollment token is unknown, revoked, expired or used up')
  const grant = await peekEnrollmentToken(db, req.token)
  if (!grant) throw invalid()
  const existing = await latestHostByHostname(db, req.hostname)
  if (existing && !grant.reprovision) {
    if (existing.decommissionedAt === null) {
      throw conflict(
        'host_already_enrolled',
        `hostname ${JSON.stringify(req.hostname)} is already enrolled as ${existing.id} and keeps its credential; ${reprovisionHint}`,
      )
    }
    throw conflict(
      'host_decommissioned',
      `hostname ${JSON.stringify(req.hostname)} (${existing.id}) was decommissioned at ${existing.decommissionedAt.toISOString()}; ${reprovisionHint}`,
    )
  }
  if (!(await consumeEnrollmentToken(db, req.token))) throw invalid()
  const live = existing && existing.decommissionedAt === null ? existing : undefined
  const host = await enrollHost(db, {
    hostname: req.hostname,
    // Re-provisioning keeps what the operator set through the API; the token's labels win.
    labels: { ...(live?.labels ?? {}), ...grant.labels },
    reportedLabels: req.labels ?? {},
    agentVersion: req.agentVersion,
    existingId: live?.id,
  })
  const credential = await issueAgentCredential(db, host.id)
  return {
    host,
    credential,
    reprovisioned: existing ? { previous_host_id: existing.id, was: existing.decommissionedAt === null ? 'enrolled' : 'decommissioned' } : null,
  }
}
