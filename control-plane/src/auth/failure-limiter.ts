/**
 * Failed authentications, counted per client address in memory, so that a flood of made-up
 * tokens is refused with 429 *before* each one costs a database lookup. Fixed one-minute windows:
 * cheap (one map entry per address, swept when full), and a legitimate client that mistyped its
 * token a few times is never locked out for long.
 *
 * A second, fleet-wide budget (`globalPerMinute`) bounds the lookups of unknown credentials from
 * all addresses together, so many addresses cannot add up to a database flood either.
 */
export interface FailureLimiterOptions {
  perAddressPerMinute: number
  /** Default: 20 × the per-address budget. */
  globalPerMinute?: number
  /** Addresses tracked at once; beyond, the map is swept (expired windows) or cleared. */
  maxAddresses?: number
}

export interface AuthCounters {
  /** Lookups of a credential in the database (cache misses). */
  lookups_total: number
  /** Credentials refused after a lookup (unknown / revoked) or missing. */
  failures_total: number
  /** Refused with 429 without a lookup. */
  limited_total: number
}

const windowMs = 60_000

export class FailureLimiter {
  private readonly byAddress = new Map<string, { start: number; n: number }>()
  private global = { start: 0, n: 0 }
  private readonly globalMax: number
  private readonly maxAddresses: number
  readonly counters: AuthCounters = { lookups_total: 0, failures_total: 0, limited_total: 0 }

  constructor(private readonly opts: FailureLimiterOptions) {
    this.globalMax = opts.globalPerMinute ?? opts.perAddressPerMinute * 20
    this.maxAddresses = opts.maxAddresses ?? 50_000
  }

  /** Seconds until `address` may try again, or 0 when it may try now. */
  retryAfterS(address: string, now = Date.now()): number {
    const e = this.byAddress.get(address)
    if (e && now - e.start < windowMs && e.n >= this.opts.perAddressPerMinute) return Math.ceil((e.start + windowMs - now) / 1000)
    if (now - this.global.start < windowMs && this.global.n >= this.globalMax) return Math.ceil((this.global.start + windowMs - now) / 1000)
    return 0
  }

  fail(address: string, now = Date.now()): void {
    this.counters.failures_total++
    if (now - this.global.start >= windowMs) this.global = { start: now, n: 0 }
    this.global.n++
    const e = this.byAddress.get(address)
    if (e && now - e.start < windowMs) {
      e.n++
      return
    }
    if (!e && this.byAddress.size >= this.maxAddresses) this.sweep(now)
    this.byAddress.set(address, { start: now, n: 1 })
  }

  private sweep(now: number): void {
    for (const [k, e] of this.byAddress) if (now - e.start >= windowMs) this.byAddress.delete(k)
    if (this.byAddress.size >= this.maxAddresses) this.byAddress.clear()
  }
}
