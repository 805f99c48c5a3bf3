/**
 * The plans running beside the loop. The execute stage hands each plan here and the cycle goes
 * on: sampling, scoring and other rules continue while a 10 s restart runs (before, the cycle
 * awaited it and the loop was blind for as long). Shutdown waits for them, bounded: after
 * `graceMs` the rest are aborted (executors honour the signal) and their outcome recorded.
 */
export class RunningActions {
  private readonly running = new Set<Promise<void>>()
  private controller = new AbortController()

  /** What every running action is cancelled by at shutdown. */
  get signal(): AbortSignal {
    return this.controller.signal
  }

  get count(): number {
    return this.running.size
  }

  /** Runs `plan` in the background; the returned promise settles when it did (never rejects). */
  launch(plan: () => Promise<void>, onError: (err: unknown) => void): Promise<void> {
    const job: Promise<void> = Promise.resolve()
      .then(plan)
      .catch(onError)
      .finally(() => this.running.delete(job))
    this.running.add(job)
    return job
  }

  /** Resolves when nothing runs (actions started meanwhile included). */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running])
  }

  /**
   * Waits up to `graceMs` for the running actions, then aborts what is left and waits for it to
   * record its outcome. Returns how many had to be aborted. Later launches get a fresh signal.
   */
  async drain(graceMs: number): Promise<number> {
    if (this.running.size === 0) return 0
    let timer: NodeJS.Timeout | undefined
    const graceOver = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), graceMs)))
    const outcome = await Promise.race([this.idle().then(() => 'idle' as const), graceOver])
    clearTimeout(timer)
    if (outcome === 'idle') return 0
    const aborted = this.running.size
    this.controller.abort(new DOMException('the agent is stopping', 'AbortError'))
    await this.idle()
    this.controller = new AbortController()
    return aborted
  }
}
