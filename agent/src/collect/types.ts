import type { MetricName, MetricValues } from '@smartcloudops/shared'

/**
 * One source of metrics. `collect` resolves with `name` or `name:qualifier` → number and rejects
 * when it cannot collect; the runner then reports its metrics missing. It never invents values.
 */
export interface Collector {
  name: string
  defaultEnabled: boolean
  /** Base metric names this collector produces: reported missing when it fails. */
  provides: readonly MetricName[]
  /** Overrides the runner's timeout when a collector legitimately needs longer (HTTP probes). */
  timeoutMs?: number
  collect(signal: AbortSignal): Promise<Record<string, number>>
  /**
   * Metric → error code for what the last `collect` knows it could not provide (a container's
   * stale stats), beside the values it did return. Read by the runner right after `collect`.
   */
  lastMissing?(): Record<string, string>
  /** Releases what the collector keeps open in the background (streams, timers). */
  close?(): Promise<void>
}

export interface CollectorHealth {
  ok: boolean
  durationMs: number
  error?: string
}

export interface CollectResult {
  metrics: MetricValues
  /** Metric (or collector) → error code, for what could not be collected this time. */
  missing: Record<string, string>
  health: Record<string, CollectorHealth>
}

/** A collection failure with a stable code (e.g. docker_unreachable, proc_unreadable). */
export class CollectError extends Error {
  constructor(
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options)
    this.name = 'CollectError'
  }
}

/** Resolves after `ms`, or rejects when `signal` aborts first. */
export function delay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason)
    const t = setTimeout(() => {
      signal.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    const onAbort = () => {
      clearTimeout(t)
      reject(signal.reason)
    }
    signal.addEventListener('abort', onAbort, { once: true })
  })
}
