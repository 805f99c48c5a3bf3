import type { ActionSpec, MetricValues } from '@smartcloudops/shared'
import type { Detector } from '../detect/detector'
import type { PolicyCheck } from '../remediate/policy'
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
  collect(opts: { timeoutMs: number; signal: AbortSignal }): Promise<CollectOutcome>
  detector: Detector | null
  /** Local policy for one action on this host (remediate/allowed-by.ts): asked by the policy gate. */
  allowedBy(spec: ActionSpec, signal: AbortSignal): Promise<PolicyCheck>
  /** Runs one action (remediate/run-action.ts); policy was already checked by the gate. */
  runAction(spec: ActionSpec, opts: { timeoutMs: number; signal: AbortSignal; origin?: { rule: string; decision_id: string } }): Promise<ExecResult>
  /** An action's lock keys (remediate/target-locks.ts, targetKeys over the containers the host runs). */
  targetsOf?(spec: ActionSpec): string[]
  /** Inputs from outside the host (Alertmanager's `alert:<name>`), merged after scoring. */
  externalInputs?(): Record<string, number>
}
