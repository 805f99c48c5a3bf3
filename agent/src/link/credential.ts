import type { Logger } from 'pino'
import Type, { type Static } from 'typebox'
import { Compile } from 'typebox/compile'
import { StateStoreError, type StateStore } from '../state/store'

/**
 * The agent's own credential, obtained once by enrollment and kept in the StateStore (key
 * `credential`: credential.json, mode 0600, in the state directory). The enrollment token is used only when there is no credential (or it was revoked).
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

/** The stored credential, if it was issued by one of `controlPlaneUrls` (replicas share one database). */
export function loadCredential(store: StateStore, controlPlaneUrls: readonly string[], log: Logger): StoredCredential | null {
  let value: unknown
  try {
    value = store.read('credential')
  } catch (err) {
    if (!(err instanceof StateStoreError)) throw err
    log.warn({ err: err.message }, 'stored credential unreadable; enrolling again')
    return null
  }
  if (value === undefined) return null
  if (!check.Check(value)) {
    log.warn('stored credential is malformed; enrolling again')
    return null
  }
  if (!controlPlaneUrls.includes(value.control_plane_url)) {
    log.warn({ stored: value.control_plane_url }, 'stored credential belongs to another control plane; enrolling again')
    return null
  }
  return value
}
