/**
 * How long to wait before the next connection attempt, by how the last one ended:
 *   - `closed`      a session that got as far as the welcome ended (a control-plane restart, a
 *                   network blip): try again within `firstMs` (default 1 s), jittered over the
 *                   whole range so a fleet does not arrive in one burst;
 *   - `unreachable` nothing answered (connection refused or timed out: the control plane is
 *                   restarting or the network is down): keep trying soon, growing only to
 *                   `unreachableCapMs` (default 5 s), so a restart costs seconds, not half a minute;
 *   - `refused`     the control plane answered and said no (an HTTP error at the upgrade, a
 *                   session closed before its welcome, an enrollment it turned down): exponential
 *                   up to `refusedCapMs` (default 30 s), because asking again at once will not help.
 * Full jitter (uniform in [0, ceiling]) for every wait, from an injectable random source.
 */

export type AttemptOutcome = 'closed' | 'unreachable' | 'refused'

export interface ReconnectBackoffOptions {
  firstMs?: number
  unreachableCapMs?: number
  refusedCapMs?: number
  random?: () => number
}

export class ReconnectBackoff {
  private failures = 0
  private readonly firstMs: number
  private readonly unreachableCapMs: number
  private readonly refusedCapMs: number
  private readonly random: () => number

  constructor(opts: ReconnectBackoffOptions = {}) {
    this.firstMs = opts.firstMs ?? 1000
    this.unreachableCapMs = opts.unreachableCapMs ?? 5000
    this.refusedCapMs = opts.refusedCapMs ?? 30_000
    this.random = opts.random ?? Math.random
  }

  /** The wait (ms) before the next attempt, after an attempt that ended this way. */
  next(outcome: AttemptOutcome): number {
    if (outcome === 'closed') {
      this.failures = 0
      return this.random() * this.firstMs
    }
    this.failures++
    const cap = outcome === 'unreachable' ? this.unreachableCapMs : this.refusedCapMs
    const ceiling = Math.min(cap, this.firstMs * 2 ** Math.min(this.failures - 1, 20))
    return this.random() * ceiling
  }
}
