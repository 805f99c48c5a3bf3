import type { ApiPrincipal } from '../db/queries/tokens'

/**
 * A short-lived cache of token → principal, keyed by the token's hash, so a busy client does not
 * cost a database round-trip per request. Revocation on this replica clears it at once; other
 * replicas notice within the TTL.
 */
export class PrincipalCache {
  private readonly entries = new Map<string, { principal: ApiPrincipal; until: number }>()
  constructor(
    private readonly ttlMs = 5_000,
    private readonly max = 10_000,
  ) {}

  get(hash: string, now = Date.now()): ApiPrincipal | undefined {
    const e = this.entries.get(hash)
    if (!e) return undefined
    if (e.until <= now) {
      this.entries.delete(hash)
      return undefined
    }
    return e.principal
  }

  set(hash: string, principal: ApiPrincipal, now = Date.now()): void {
    if (this.entries.size >= this.max) this.entries.clear()
    this.entries.set(hash, { principal, until: now + this.ttlMs })
  }

  clear(): void {
    this.entries.clear()
  }
}
