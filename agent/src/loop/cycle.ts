import type { Logger } from 'pino'
import type { DesiredState, MetricSample } from '@smartcloudops/shared'
import type { EngineState, Firing, RuleEvaluation } from '@smartcloudops/shared/rules/engine'
import type { AgentGateContext, Gate } from '../gates'
import type { StateStore } from '../state/store'
import type { RuntimeParts } from './parts'
import type { TargetLocks } from '../remediate/target-locks'
import type { Recorder } from './recorder'
import type { RunningActions } from './running-actions'
import type { PendingVerification } from './verify'

/** What a cycle answers to `trigger` (and what the loop's tests read). */
export interface CycleReport {
  sample_ts: number
  metrics: number
  missing: number
  scored: boolean
  /** Time spent scoring the sample, when the detector ran; and the score it gave. */
  score_ms?: number
  anomaly_score?: number
  decisions: Array<{ rule: string; outcome: string; suppressed_by: string; decision_id: string }>
  actions: Array<{ type: string; ok: boolean; action_id: string }>
}

/** Fixed for the runtime's life: the host-facing parts and where events and state go. */
export interface LoopDeps {
  parts: RuntimeParts
  recorder: Recorder
  store: StateStore
  log: Logger
  now: () => number
  labels: Record<string, string>
  gates: readonly Gate<AgentGateContext>[]
  /** Plans running beside the loop, and the per-target locks they hold. */
  actions: RunningActions
  locks: TargetLocks
}

/** What lasts from one cycle to the next (owned by the runtime, changed only by stages). */
export interface LoopState {
  desired: DesiredState | null
  engine: EngineState
  /** The engine state as last written, to write only when it changed. */
  engineWritten: string | null
  verifications: PendingVerification[]
  /** Per rule: the last suppression recorded and when, so repeats are recorded once a minute. */
  lastSuppression: Map<string, { key: string; at: number }>
  buffer: MetricSample[]
  lastHealth: Record<string, { ok: boolean; error?: string }>
  lastDetectorSave: number
  warnedNoState: boolean
  /** The newest sample the gate stage saw: a firing granted after waiting in a budget queue re-checks its conditions on it. */
  latestSample?: { ts: number; metrics: Record<string, number> }
}

/** A decision that passed every gate, waiting for the execute stage. */
export interface Planned {
  firing: Firing
  evaluation: RuleEvaluation
  decisionId: string
  release: () => Promise<void>
}

/** One sample on its way through the stages; each stage reads what the ones before it wrote. */
export interface Cycle {
  reason: 'timer' | 'trigger'
  ts: number
  /** The stage running now (runPipeline sets it): what the stall watchdog names. */
  stage: string
  signal: AbortSignal
  collectTimeoutMs: number
  /** Samples per metrics batch (local pin, else desired state, else the default). */
  bufferSize: number
  /** The desired state when the cycle started: a snapshot applied mid-cycle waits for the next one. */
  desired: DesiredState | null
  metrics: Record<string, number>
  missing: Record<string, string>
  modelVersion: string | undefined
  /** The metrics that drove this cycle's score (absent when unscored or nothing stood out). */
  explanation?: MetricSample['explanation']
  firings: Firing[]
  planned: Planned[]
  /** The plans this cycle launched (they run beside the loop): `trigger` waits for them. */
  launched: Promise<void>[]
  report: CycleReport
}

export interface Stage {
  readonly name: string
  run(cycle: Cycle, loop: LoopState, deps: LoopDeps): void | Promise<void>
}
