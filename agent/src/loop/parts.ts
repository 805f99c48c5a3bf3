import type { ActionSpec, MetricValues } from '@smartcloudops/shared'
import type { Detector } from '../detect/detector'
import type { PolicyCheck, LocalPolicy } from '../remediate/policy'
import type { ExecResult } from '../remediate/types'

/**
 * What the loop needs from the host-facing parts. main.ts builds it from the real collectors,
 * detector, local policy and executors; the loop's unit tests build it around fixed samples.
 */
export interface CollectOutcome {
  metrics: MetricValues
  /** Metric or collector → error code, for metrics a collector failed to provide. */
  missing: Record<string, string>
  health: Record<string, { ok: boolean; durationMs: number; error?: string }>
}

export interface RuntimeParts {
  collectorNames: string[]
  collect(opts: { timeoutMs: number; signal: AbortSignal }): Promise<CollectOutcome>
  detector: Detector | null
  policy: LocalPolicy
  checkPolicy(policy: LocalPolicy, spec: ActionSpec): PolicyCheck
  runAction(spec: ActionSpec, opts: { timeoutMs: number; signal: AbortSignal }): Promise<ExecResult>
}
