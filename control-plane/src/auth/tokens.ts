import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto'

/**
 * Secrets handed out by the control plane. A recognisable prefix makes a leaked token easy to find
 * in a scanner and tells the reader what it grants; the 32 random bytes are what protects it.
 */
export const tokenPrefixes = {
  admin: 'scops_adm_',
  operator: 'scops_opr_',
  viewer: 'scops_vwr_',
  enrollment: 'scops_enr_',
  agent: 'scops_agt_',
  intake: 'scops_ait_',
} as const
export type TokenKind = keyof typeof tokenPrefixes

export function generateToken(kind: TokenKind): string {
  return tokenPrefixes[kind] + randomBytes(32).toString('base64url')
}

/** What is stored: sha256 (hex). Tokens carry 256 bits of entropy, so a plain hash is enough. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex')
}

/** Constant-time comparison of a presented token with a stored hash. */
export function tokenMatches(token: string, storedHash: string): boolean {
  const a = Buffer.from(hashToken(token), 'hex')
  const b = Buffer.from(storedHash, 'hex')
  return a.length === b.length && timingSafeEqual(a, b)
}

/** The Bearer credential of an Authorization header, or undefined. */
export function bearer(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header
  if (!value) return undefined
  const m = /^Bearer\s+(\S+)\s*$/i.exec(value)
  return m?.[1]
}

/** Short random ids for rows; prefixed so a reader can tell what an id names. */
export function newId(prefix: string): string {
  return `${prefix}_${randomUUID().replace(/-/g, '')}`
}
