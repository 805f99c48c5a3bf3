/**
 * Admission of agent connections during a reconnect storm (a control-plane restart: the whole
 * fleet at once). At most `maxInFlight` connections are between their upgrade request and their
 * welcome (credential lookup, upgrade, hello stored); past that an upgrade is answered at once
 * with 503 and a Retry-After, instead of being queued until the agent's handshake times out and
 * it retries anyway (which costs the same work again, and a storm feeds itself).
 *
 * The Retry-After spreads the refused agents over the time this replica needs for them: the
 * refusals of the last second divided by the welcomes of the last second (its measured
 * throughput), at least 1 s and at most `maxRetryAfterS`. Agents jitter within it
 * (agent/src/link/upgrade-refusal.ts).
 */
export class Admission {
  private inFlight = 0
  private window = { startedAt: 0, welcomed: 0, refused: 0 }
  private last = { welcomed: 0, refused: 0 }

  constructor(
    readonly maxInFlight: number,
    private readonly maxRetryAfterS = 60,
    private readonly now: () => number = Date.now,
  ) {}

  get pending(): number {
    return this.inFlight
  }

  /** A slot for one connection, or the seconds to come back after. `release` is idempotent. */
  enter(): { release: (welcomed: boolean) => void } | { retryAfterS: number } {
    this.roll()
    if (this.inFlight >= this.maxInFlight) {
      this.window.refused++
      return { retryAfterS: this.retryAfterS() }
    }
    this.inFlight++
    let released = false
    return {
      release: (welcomed) => {
        if (released) return
        released = true
        this.inFlight--
        if (welcomed) {
          this.roll()
          this.window.welcomed++
        }
      },
    }
  }

  private retryAfterS(): number {
    // Until a second of throughput has been measured, assume the slots turn over once a second.
    const served = Math.max(this.last.welcomed, this.window.welcomed, 1)
    const demand = Math.max(this.last.refused, this.window.refused) + this.inFlight
    return Math.min(this.maxRetryAfterS, Math.max(1, Math.ceil(demand / served)))
  }

  /** One-second windows: `last` is the previous full second. */
  private roll(): void {
    const t = this.now()
    if (t - this.window.startedAt < 1000) return
    const stale = t - this.window.startedAt >= 2000
    this.last = stale ? { welcomed: 0, refused: 0 } : { welcomed: this.window.welcomed, refused: this.window.refused }
    this.window = { startedAt: t, welcomed: 0, refused: 0 }
  }
}
