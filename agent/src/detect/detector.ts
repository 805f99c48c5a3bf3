import { isDeepStrictEqual } from 'node:util'
import { HostFeatures, FeatureStateError } from '@smartcloudops/shared/features/pipeline'
import { FEATURE_COUNT } from '@smartcloudops/shared/features/spec'
import { ModelError, sha256Hex } from '@smartcloudops/shared/model/model-artifact'
import type { ModelMeta } from '@smartcloudops/shared/model/model-meta'
import { openSession, type OpenSessionOptions, type ScoringSession } from '@smartcloudops/shared/model/session'
import type { ScoreDriver } from '@smartcloudops/shared/protocol/agent-messages'
import { defaultModelMetrics, readDefaultModel } from './default-model'
import { scoreDrivers } from './explain'

/**
 * `ml_anomaly_score`: the share of this host's own recent raw scores that were lower than this
 * one (0.99 = more unusual than 99% of its normal behaviour). `ml_confidence`: how much to trust
 * it — grows with the calibration history (full after CONFIDENT_HISTORY samples) and with the
 * share of the model's metrics that were present and warmed up in this sample.
 */
export interface ScoreResult {
  ml_anomaly_score: number
  ml_confidence: number
  /** The metrics that drove the score, largest contribution first (at most 3; none when nothing stood out). */
  explanation: ScoreDriver[]
}

export interface Detector {
  readonly modelVersion: string
  /** Metadata of the active model (thresholds per NAB profile, feature spec, calibration). */
  readonly modelMeta: ModelMeta
  /**
   * One host sample (metric name → value; missing metrics absent). Updates the per-host baseline.
   * Returns null while warming up: until some metric has `features.warmup` samples and the
   * calibration has MIN_HISTORY scores — and for a sample with none of the model's metrics.
   */
  score(metrics: Record<string, number>, ts: number): Promise<ScoreResult | null>
  /** Like score, plus the per-metric raw scores (which metric looks unusual) and the raw host score. */
  scoreDetailed(metrics: Record<string, number>, ts: number): Promise<DetailedScore | null>
  /** Verify sha256, load, test-score; on failure keep the current model and return an error with a code. */
  swapModel(bytes: Uint8Array, sha256: string, version: string): Promise<{ ok: true } | { ok: false; error: { code: string; message: string } }>
  /** JSON-serializable per-host baseline, persisted by the agent. */
  exportState(): unknown
  /** Validated; bad state → start fresh (and report it through `onEvent`), never crash. */
  importState(state: unknown): void
  close(): Promise<void>
}

export interface DetailedScore extends ScoreResult {
  raw: number
  perMetric: Record<string, number>
  /** Per metric, its largest |feature| (the tie-break of the explanation among metrics at the graph's cap). */
  featureMagnitude: Record<string, number>
}

export type DetectorEvent =
  | { type: 'state_rejected'; code: string; message: string }
  | { type: 'model_fallback'; from: string; to: string; code: string; message: string }
  | { type: 'baseline_reset'; reason: string }

export interface DetectorOptions {
  /** ONNX model bytes; default: the committed model. */
  modelBytes?: Uint8Array
  /** Which host metrics feed the model; default: `defaultModelMetrics`. */
  metrics?: string[]
  /** Notified of things the agent should log; the detector itself never throws for them. */
  onEvent?: (e: DetectorEvent) => void
  /** Scoring engine (shared/src/model/session.ts); default 'auto': the built-in evaluator, ONNX Runtime for a graph it refuses. */
  modelRuntime?: OpenSessionOptions['runtime']
}

/** Calibration scores needed before a score is returned. */
export const MIN_HISTORY = 20
/** Calibration history at which confidence stops growing. */
export const CONFIDENT_HISTORY = 500

const STATE_KIND = 'scops.detector-state'

class OnnxDetector implements Detector {
  private previous: ScoringSession | null = null
  private features: HostFeatures

  constructor(
    private current: ScoringSession,
    private readonly metricNames: readonly string[],
    private readonly onEvent: (e: DetectorEvent) => void,
  ) {
    this.features = this.newFeatures(current.meta)
  }

  get modelVersion(): string {
    return this.current.meta.version
  }

  get modelMeta(): ModelMeta {
    return this.current.meta
  }

  private newFeatures(meta: ModelMeta): HostFeatures {
    return new HostFeatures(meta.features, meta.calibration, this.metricNames)
  }

  async score(metrics: Record<string, number>, ts: number): Promise<ScoreResult | null> {
    const d = await this.scoreDetailed(metrics, ts)
    return d && { ml_anomaly_score: d.ml_anomaly_score, ml_confidence: d.ml_confidence, explanation: d.explanation }
  }

  async scoreDetailed(metrics: Record<string, number>, ts: number): Promise<DetailedScore | null> {
    const step = this.features.step(metrics, ts)
    if (step.rows === 0) return null
    const { raw, perMetric } = await this.runWithFallback(step.features, step.rows)
    const { score, history } = this.features.calibrate(raw)
    if (history < MIN_HISTORY) return null
    const confidence = Math.min(1, history / CONFIDENT_HISTORY) * (step.rows / this.metricNames.length)
    const per: Record<string, number> = {}
    const magnitude: Record<string, number> = {}
    step.metrics.forEach((m, i) => {
      per[m] = perMetric[i] ?? 0
      let mx = 0
      for (let k = i * FEATURE_COUNT; k < (i + 1) * FEATURE_COUNT; k++) mx = Math.max(mx, Math.abs(step.features[k]!))
      magnitude[m] = mx
    })
    return { ml_anomaly_score: score, ml_confidence: confidence, explanation: scoreDrivers(per, magnitude), raw, perMetric: per, featureMagnitude: magnitude }
  }

  /** A model that fails to score is replaced by the last good one, and the sample is re-scored. */
  private async runWithFallback(features: Float32Array, rows: number) {
    try {
      return await this.current.run(features, rows)
    } catch (err) {
      const prev = this.previous
      if (!prev) throw err
      const failed = this.current
      this.current = prev
      this.previous = null
      const code = err instanceof ModelError ? err.code : 'MODEL_RUN_FAILED'
      this.onEvent({ type: 'model_fallback', from: failed.meta.version, to: prev.meta.version, code, message: (err as Error).message })
      await failed.close().catch(() => undefined)
      return this.current.run(features, rows)
    }
  }

  async swapModel(bytes: Uint8Array, sha256: string, version: string) {
    const actual = sha256Hex(bytes)
    if (actual !== sha256.toLowerCase()) {
      return fail('MODEL_SHA256_MISMATCH', `model bytes hash to ${actual}, expected ${sha256}`)
    }
    let next: ScoringSession
    try {
      next = await openSession(bytes)
    } catch (err) {
      if (err instanceof ModelError) return fail(err.code, err.message)
      return fail('MODEL_LOAD_FAILED', (err as Error).message)
    }
    if (next.meta.version !== version) {
      await next.close()
      return fail('MODEL_VERSION_MISMATCH', `model metadata says version "${next.meta.version}", expected "${version}"`)
    }
    const sameFeatures =
      isDeepStrictEqual(next.meta.features, this.current.meta.features) && isDeepStrictEqual(next.meta.calibration, this.current.meta.calibration)
    if (!sameFeatures) {
      // Another feature spec means the learned baseline no longer describes what the model reads.
      this.features = this.newFeatures(next.meta)
      this.onEvent({ type: 'baseline_reset', reason: `model ${version} uses a different feature or calibration spec` })
    }
    const old = this.previous
    this.previous = this.current
    this.current = next
    if (old) await old.close().catch(() => undefined)
    return { ok: true as const }
  }

  exportState(): unknown {
    return { kind: STATE_KIND, modelVersion: this.modelVersion, host: this.features.exportState() }
  }

  importState(state: unknown): void {
    const fresh = this.newFeatures(this.current.meta)
    try {
      if (typeof state !== 'object' || state === null || (state as { kind?: unknown }).kind !== STATE_KIND) {
        throw new FeatureStateError(`detector state must be an object with kind "${STATE_KIND}"`)
      }
      fresh.importState((state as { host?: unknown }).host)
    } catch (err) {
      const code = err instanceof FeatureStateError ? err.code : 'FEATURE_STATE_INVALID'
      this.onEvent({ type: 'state_rejected', code, message: (err as Error).message })
    }
    this.features = fresh
  }

  async close(): Promise<void> {
    await this.current.close()
    if (this.previous) await this.previous.close()
    this.previous = null
  }
}

function fail(code: string, message: string) {
  return { ok: false as const, error: { code, message } }
}

export async function createDetector(opts: DetectorOptions = {}): Promise<Detector> {
  const bytes = opts.modelBytes ?? (await readDefaultModel())
  const metrics = opts.metrics ?? [...defaultModelMetrics]
  if (metrics.length === 0) throw new ModelError('MODEL_SHAPE_MISMATCH', 'detector needs at least one metric to feed the model')
  const session = await openSession(bytes, { runtime: opts.modelRuntime ?? 'auto' })
  return new OnnxDetector(session, [...new Set(metrics)], opts.onEvent ?? (() => undefined))
}
