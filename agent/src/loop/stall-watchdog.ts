/**
 * Catches a cycle that never finishes. Every stage bounds its own waits (collectors by the cycle's
 * timeout, a permit by its wait, actions run beside the loop), so a cycle still running `limitMs`
 * after it began is a bug: an await that never settles. Cycles never overlap, so every cycle after
 * it is stuck too — no sample, no decision, no verification — while the process and its WebSocket
 * look alive. The watchdog names the stage the cycle is stuck in and hands over to `onStall`; the
 * agent then exits and its service manager starts it again (agent/src/cli/run-until-exit.ts).
 *
 * A blocked event loop is not caught here (no timer fires then); the control plane sees that host
 * go silent, and a scrape of /metrics fails.
 */
export interface StallReport {
  /** The stage the cycle was in when the limit passed (`Stage.name`). */
  stage: string
  /** How long the cycle had been running, in ms. */
  runningMs: number
}

export const DEFAULT_STALL_TIMEOUT_MS = 120_000

export class StallWatchdog {
  private timer: NodeJS.Timeout | null = null
  private fired = false

  constructor(
    private readonly limitMs: number,
    private readonly onStall: (report: StallReport) => void,
  ) {}

  /** A cycle began; `stage` tells, when asked, where it is now. */
  begin(stage: () => string): void {
    this.end()
    const started = performance.now()
    this.timer = setTimeout(() => {
      this.timer = null
      // Once: the agent is on its way out, and a stalled cycle never lets the next one begin anyway.
      if (this.fired) return
      this.fired = true
      this.onStall({ stage: stage(), runningMs: Math.round(performance.now() - started) })
    }, this.limitMs)
  }

  /** The cycle finished (or failed): nothing to watch until the next one begins. */
  end(): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
  }
}
