export interface WaitForOptions {
  /** Give up after this long (default 10 s). */
  timeoutMs?: number
  /** Time between two checks (default 50 ms). */
  intervalMs?: number
  /** Names the condition in the timeout error. */
  description?: string
}

/**
 * Polls a real condition until it holds and returns its truthy value. For tests that wait on
 * external state (a container becoming healthy, a row appearing); a predicate that throws counts
 * as "not yet", and its last error is reported on timeout.
 */
export async function waitFor<T>(
  predicate: () => T | Promise<T>,
  { timeoutMs = 10_000, intervalMs = 50, description = 'condition' }: WaitForOptions = {},
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs
  let lastError: unknown
  for (;;) {
    try {
      const value = await predicate()
      if (value) return value as NonNullable<T>
      lastError = undefined
    } catch (error) {
      lastError = error
    }
    if (Date.now() >= deadline) {
      const cause = lastError instanceof Error ? `: last error: ${lastError.message}` : ''
      throw new Error(`waitFor: ${description} did not hold within ${timeoutMs} ms${cause}`, { cause: lastError })
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs))
  }
}
