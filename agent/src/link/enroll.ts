import type { StateStore } from '../state/store'
import { LinkError, type StoredCredential } from './credential'

/**
 * Enrollment: trade the one-time enrollment token for the host's own credential
 * (POST /api/v1/agents/enroll) and keep it in the StateStore (`credential`). Runs only when there is
 * no stored credential, or the control plane refused the stored one and a token is configured.
 */

export interface EnrollRequest {
  controlPlaneUrl: string
  /** null: not configured; enrolling is then impossible and says so (enrollment_required). */
  token: string | null
  hostname: string
  labels: Record<string, string>
  agentVersion: string
}

/** Enrolls, stores and returns the credential; a LinkError with a stable code when it cannot. */
export async function enroll(store: StateStore, req: EnrollRequest, signal?: AbortSignal): Promise<StoredCredential> {
  if (!req.token) throw new LinkError('enrollment_required', 'no stored credential and no enrollment_token configured: cannot enroll')
  let res: Response
  try {
    res = await fetch(`${req.controlPlaneUrl}/api/v1/agents/enroll`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: req.token, hostname: req.hostname, labels: req.labels, agent_version: req.agentVersion }),
      signal: signal ? AbortSignal.any([signal, AbortSignal.timeout(15_000)]) : AbortSignal.timeout(15_000),
    })
  } catch (err) {
    throw new LinkError('enrollment_failed', `cannot reach ${req.controlPlaneUrl}: ${(err as Error).message}`, { cause: err })
  }
  const body = (await res.json().catch(() => null)) as { data?: { host_id?: unknown; credential?: unknown }; error?: { code?: string; message?: string } } | null
  if (res.status === 401 || res.status === 400 || res.status === 403 || res.status === 409 || res.status === 410) {
    // The token is wrong, expired or used up, or the host may not come back: retrying will not
    // help; the operator must act.
    throw new LinkError('enrollment_refused', `enrollment refused (HTTP ${res.status}): ${body?.error?.message ?? 'no detail'}`)
  }
  if (!res.ok || typeof body?.data?.host_id !== 'string' || typeof body.data.credential !== 'string') {
    throw new LinkError('enrollment_failed', `enrollment failed (HTTP ${res.status})`)
  }
  const stored: StoredCredential = {
    host_id: body.data.host_id,
    credential: body.data.credential,
    control_plane_url: req.controlPlaneUrl,
    enrolled_at: Date.now(),
  }
  store.write('credential', stored)
  return stored
}
