import { join } from 'node:path'
import type { Logger } from 'pino'
import Type, { type Static } from 'typebox'
import { Compile } from 'typebox/compile'
import { readJson, writeJsonAtomic } from './json-file'

/**
 * The agent's own credential, obtained once by enrollment and kept in the state directory with
 * mode 0600. The enrollment token is used only when there is no credential (or it was revoked).
 */
export const StoredCredential = Type.Object({
  host_id: Type.String({ minLength: 1 }),
  credential: Type.String({ minLength: 1 }),
  control_plane_url: Type.String(),
  enrolled_at: Type.Integer(),
})
export type StoredCredential = Static<typeof StoredCredential>
const check = Compile(StoredCredential)

export class LinkError extends Error {
  constructor(
    readonly code: 'enrollment_required' | 'enrollment_refused' | 'enrollment_failed' | 'unauthorized',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options)
  }
}

export function credentialPath(stateDir: string): string {
  return join(stateDir, 'credential.json')
}

export function loadCredential(stateDir: string, controlPlaneUrl: string, log: Logger): StoredCredential | null {
  const r = readJson(credentialPath(stateDir))
  if (!r.ok) return null
  if (!check.Check(r.value)) {
    log.warn('stored credential is malformed; enrolling again')
    return null
  }
  if (r.value.control_plane_url !== controlPlaneUrl) {
    log.warn({ stored: r.value.control_plane_url }, 'stored credential belongs to another control plane; enrolling again')
    return null
  }
  return r.value
}

export interface EnrollRequest {
  controlPlaneUrl: string
  token: string
  hostname: string
  labels: Record<string, string>
  agentVersion: string
}

/** POST /api/v1/agents/enroll; stores and returns the credential. */
export async function enroll(stateDir: string, req: EnrollRequest, signal?: AbortSignal): Promise<StoredCredential> {
  let res: Response
  try {
    res = await fetch(`${req.controlPlaneUrl}/api/v1/agents/enroll`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: req.token, hostname: req.hostname, labels: req.labels, agent_version: req.agentVersion }),
      signal: signal ?? AbortSignal.timeout(15_000),
    })
  } catch (err) {
    throw new LinkError('enrollment_failed', `cannot reach ${req.controlPlaneUrl}: ${(err as Error).message}`, { cause: err })
  }
  const body = (await res.json().catch(() => null)) as { data?: { host_id?: unknown; credential?: unknown }; error?: { code?: string; message?: string } } | null
  if (res.status === 401 || res.status === 400 || res.status === 403) {
    // The token is wrong, expired or used up: retrying will not help; the operator must act.
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
  writeJsonAtomic(credentialPath(stateDir), stored, 0o600)
  return stored
}
