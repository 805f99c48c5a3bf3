import { join } from 'node:path'
import type { Logger } from 'pino'
import Type, { type Static } from 'typebox'
import { Compile } from 'typebox/compile'
import { readJson } from './json-file'

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
    readonly code: 'enrollment_required' | 'enrollment_refused' | 'enrollment_failed' | 'unauthorized' | 'host_decommissioned',
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
