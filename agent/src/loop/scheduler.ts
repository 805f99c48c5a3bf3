import type { Logger } from 'pino'

/**
 * The loop's timer. Cycles never overlap: every run — timer, `trigger`, `test` — goes through
 * one chain, so a slow cycle delays the next instead of racing it. The next timer cycle starts
 * one interval after the previous one started (or at once when it took longer).
 */
export class Scheduler {
  private chain: Promise<unknown> = Promise.resolve()
  private timer: NodeJS.Timeout | null = null
  private running = false

  constructor(
    private readonly opts: {
      intervalMs: () => number
      /** false = monitoring stopped: the timer keeps ticking, no cycle runs. */
      active: () => boolean
      cycle: () => Promise<unknown>
      now: () => number
      log: Logger
    },
  ) {}

  get isRunning(): boolean {
    return this.running
  }

  get hasTimer(): boolean {
    return this.timer !== null
  }

  start(): void {
    this.running = true
    this.schedule(0)
  }

  /** Runs `fn` after every cycle queued before it, and before any queued after it. */
  exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const p = this.chain.then(fn)
    this.chain = p.catch(() => undefined)
    return p
  }

  /** Stops the timer and waits for the cycle in progress (if any). */
  async stop(): Promise<void> {
    this.running = false
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    await this.chain
  }

  schedule(delayMs: number): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    if (!this.running) return
    this.timer = setTimeout(() => {
      this.timer = null
      if (!this.running) return
      const started = this.opts.now()
      const run = this.opts.active() ? this.exclusive(this.opts.cycle) : Promise.resolve(null)
      void run
        .catch((err) => this.opts.log.error({ err }, 'cycle failed'))
        .finally(() => {
          if (!this.running || this.timer) return
          this.schedule(Math.max(0, started + this.opts.intervalMs() - this.opts.now()))
        })
    }, delayMs)
  }
}
