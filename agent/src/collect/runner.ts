import type { Logger } from 'pino'
import { CollectError, type CollectResult, type Collector } from './types'

function errorCode(err: unknown, signal: AbortSignal): string {
  if (signal.aborted) return (signal.reason as Error)?.name === 'TimeoutError' ? 'timeout' : 'aborted'
  if (err instanceof CollectError) return err.code
  const code = (err as { code?: unknown })?.code
  return typeof code === 'string' && /^[A-Za-z0-9_]+$/.test(code) ? code.toLowerCase() : 'collector_error'
}

/**
 * Runs every collector concurrently, each under its own timeout. A collector that fails or is too
 * slow loses only its own metrics (reported missing with its error code); the others are kept.
 * Values that are not finite numbers are dropped and reported missing, never passed on.
 */
export async function runCollectors(
  list: readonly Collector[],
  opts: { timeoutMs: number; signal?: AbortSignal; log?: Logger },
): Promise<CollectResult> {
  const result: CollectResult = { metrics: {}, missing: {}, health: {} }
  await Promise.all(
    list.map(async (c) => {
      const timeout = AbortSignal.timeout(Math.max(opts.timeoutMs, c.timeoutMs ?? 0))
      const signal = opts.signal ? AbortSignal.any([timeout, opts.signal]) : timeout
      const started = performance.now()
      let onAbort: (() => void) | undefined
      try {
        // Race the signal too, so a collector that ignores it cannot hold up the sample.
        const aborted = new Promise<never>((_, reject) => {
          onAbort = () => reject(signal.reason)
          if (signal.aborted) onAbort()
          else signal.addEventListener('abort', onAbort, { once: true })
        })
        const values = await Promise.race([c.collect(signal), aborted])
        const durationMs = performance.now() - started
        if (c.lastMissing) Object.assign(result.missing, c.lastMissing())
        for (const [key, v] of Object.entries(values)) {
          if (typeof v === 'number' && Number.isFinite(v)) result.metrics[key] = v
          else result.missing[key] = 'not_a_number'
        }
        result.health[c.name] = { ok: true, durationMs }
        opts.log?.debug({ collector: c.name, durationMs }, 'collected')
      } catch (err) {
        const durationMs = performance.now() - started
        const code = errorCode(err, signal)
        result.health[c.name] = { ok: false, durationMs, error: code }
        result.missing[c.name] = code
        for (const m of c.provides) result.missing[m] = code
        opts.log?.warn({ collector: c.name, durationMs, code, err: (err as Error)?.message }, 'collector failed')
      } finally {
        if (onAbort) signal.removeEventListener('abort', onAbort)
      }
    }),
  )
  return result
}

/** Closes every collector that keeps something open in the background; never throws. */
export async function closeCollectors(list: readonly Collector[]): Promise<void> {
  await Promise.all(list.map((c) => c.close?.().catch(() => undefined)))
}
