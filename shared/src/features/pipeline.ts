import Type, { type Static } from 'typebox'
import { Compile } from 'typebox/compile'
import { observe, newBaseline, rangeFloorOf, type MetricBaseline } from './baseline'
import { AlarmState, newAlarm, shape } from './alarm'
import { calibrate, surpriseOf, newCalibration, onset, remember, type CalibrationSpec, type CalibrationState } from './calibration'
import { FEATURE_COUNT, type FeatureSpec } from './spec'

/** One step's model input: a row of FEATURE_COUNT features per warmed-up metric present now. */
export interface FeatureRows {
  /** Number of rows (metrics) in `features`; 0 while every metric is still warming up. */
  readonly rows: number
  /** Row-major [rows × FEATURE_COUNT]; a view valid until the next `step`. */
  readonly features: Float32Array
  /** Metric name of each row. */
  readonly metrics: readonly string[]
}

/**
 * Called by `step` for every metric present in the sample, warm or still warming up, in the
 * model's metric order, right after the metric's baseline folded `x` in: `scale` is the
 * baseline's scale as observe() computes it (dev + relativeFloor · magnitude + absoluteFloor,
 * so > 0), `level` the level feature just written (for a cold metric too), `row` the metric's
 * row in this step's FeatureRows, or -1 while it is cold. For the research signals of the
 * evaluation harness (test/eval/detector/research); the agent never sets one.
 */
export type MetricObserver = (metric: string, x: number, scale: number, level: number, row: number) => void

const Num = Type.Number()
const BaselineState = Type.Object({
  n: Type.Integer({ minimum: 0 }),
  last: Num,
  mean: Num,
  dev: Type.Number({ minimum: 0 }),
  fastMean: Num,
  fastDev: Type.Number({ minimum: 0 }),
  stepDev: Type.Number({ minimum: 0 }),
  magnitude: Type.Number({ minimum: 0 }),
  high: Num,
  low: Num,
  /** Seasonal offsets and per-bucket counts (seasonal models only; a layout that does not fit the spec is relearned). */
  season: Type.Optional(Type.Array(Num, { maxItems: 1008 })),
  seasonN: Type.Optional(Type.Array(Type.Number({ minimum: 0 }), { maxItems: 1008 })),
  /** Seasonal gate's residual scales (seasonal specs with a gate only). */
  seasonDev: Type.Optional(Type.Number({ minimum: 0 })),
  plainDev: Type.Optional(Type.Number({ minimum: 0 })),
})

/** What the agent persists so a restart does not forget the host. */
export const HostBaselineState = Type.Object({
  kind: Type.Literal('scops.host-baseline'),
  featureVersion: Type.Integer(),
  /** Calibration histogram layout; a different layout cannot be reused. */
  calibrationBins: Type.Integer({ minimum: 1 }),
  metrics: Type.Record(Type.String({ minLength: 1, maxLength: 200 }), BaselineState),
  calibration: Type.Object({
    counts: Type.Array(Type.Number({ minimum: 0 })),
    total: Type.Number({ minimum: 0 }),
    recent: Type.Number({ minimum: 0 }),
  }),
  /** Alarm shaping state; absent in state saved by models without shaping. */
  alarm: Type.Optional(AlarmState),
})
export type HostBaselineState = Static<typeof HostBaselineState>
const checkState = Compile(HostBaselineState)

/**
 * A baseline's own fields, copied. Only the known ones: state saved by an older agent may carry
 * fields the schema lets through (the research memories `novelty`, `discord`, `forecast`,
 * `burstiness` before they left the runtime), and those are dropped rather than carried along.
 */
function copyBaseline(b: MetricBaseline): MetricBaseline {
  const { n, last, mean, dev, fastMean, fastDev, stepDev, magnitude, high, low, season, seasonN, seasonDev, plainDev } = b
  const out: MetricBaseline = { n, last, mean, dev, fastMean, fastDev, stepDev, magnitude, high, low }
  if (season && seasonN && season.length === seasonN.length) {
    out.season = [...season]
    out.seasonN = [...seasonN]
  }
  if (seasonDev !== undefined) out.seasonDev = seasonDev
  if (plainDev !== undefined) out.plainDev = plainDev
  return out
}

export class FeatureStateError extends Error {
  readonly code = 'FEATURE_STATE_INVALID'
  constructor(message: string) {
    super(message)
    this.name = 'FeatureStateError'
  }
}

/**
 * The streaming, causal feature pipeline of one host: per-metric running baselines plus the
 * calibration history of the host's raw scores. Pure computation, no I/O, no clocks: the same
 * samples in the same order give the same features on the agent and in the evaluation harness.
 */
export class HostFeatures {
  private readonly baselines = new Map<string, MetricBaseline>()
  private calibration: CalibrationState
  private alarm: AlarmState | null
  private buffer: Float32Array
  private readonly rowMetrics: string[] = []

  constructor(
    readonly spec: FeatureSpec,
    readonly calibrationSpec: CalibrationSpec,
    /** Metrics that feed the model, in a fixed order. Others in a sample are ignored. */
    readonly metrics: readonly string[],
    /** Research hook (MetricObserver); absent on the agent. */
    private readonly observer?: MetricObserver,
  ) {
    this.calibration = newCalibration(calibrationSpec)
    this.alarm = calibrationSpec.alarm ? newAlarm(calibrationSpec.alarm) : null
    this.buffer = new Float32Array(Math.max(1, metrics.length) * FEATURE_COUNT)
  }

  /**
   * Folds one sample in and returns its features. Non-finite values count as missing. `ts` is the
   * sample's time in ms since the epoch (what the agent stamps it with); only a seasonal feature
   * spec reads it, and a non-finite `ts` just skips the seasonal part for that sample.
   */
  step(sample: Readonly<Record<string, number>>, ts = Number.NaN): FeatureRows {
    let rows = 0
    this.rowMetrics.length = 0
    for (const name of this.metrics) {
      const x = sample[name]
      if (x === undefined || !Number.isFinite(x)) continue
      let b = this.baselines.get(name)
      if (b === undefined) {
        b = newBaseline()
        this.baselines.set(name, b)
      }
      const warm = b.n >= this.spec.warmup
      // Cold metrics still learn; their features are written past the used rows and dropped.
      observe(b, x, this.spec, this.buffer, rows * FEATURE_COUNT, ts)
      if (this.observer) {
        // Summed in this order since before rangeFloor, so the research signals' scores stay bit for bit.
        const scale = b.dev + this.spec.relativeFloor * b.magnitude + this.spec.absoluteFloor + rangeFloorOf(this.spec, b)
        this.observer(name, x, scale, this.buffer[rows * FEATURE_COUNT]!, warm ? rows : -1)
      }
      if (warm) {
        this.rowMetrics.push(name)
        rows++
      }
    }
    const features = this.buffer.subarray(0, rows * FEATURE_COUNT)
    return { rows, features, metrics: this.rowMetrics }
  }

  /**
   * Calibrated score of a raw model output against this host's history, then remembers it.
   * `extraSurprise` (surprise units, from a signal outside the graph) raises the shaped score to
   * at least it, under the same hold-off; models without alarm shaping ignore it.
   */
  calibrate(raw: number, extraSurprise = 0): { score: number; history: number } {
    const eff = onset(this.calibrationSpec, this.calibration, raw)
    const alarm = this.calibrationSpec.alarm
    const score =
      alarm && this.alarm
        ? shape(alarm, this.alarm, surpriseOf(this.calibrationSpec, this.calibration, eff), extraSurprise)
        : calibrate(this.calibrationSpec, this.calibration, eff)
    remember(this.calibrationSpec, this.calibration, eff)
    return { score, history: this.calibration.total }
  }

  /** Samples seen by the least-trained metric currently known (0 when none). */
  samplesSeen(metric: string): number {
    return this.baselines.get(metric)?.n ?? 0
  }

  exportState(): HostBaselineState {
    const metrics: HostBaselineState['metrics'] = {}
    for (const [k, b] of this.baselines) metrics[k] = copyBaseline(b)
    return {
      kind: 'scops.host-baseline',
      featureVersion: this.spec.version,
      calibrationBins: this.calibrationSpec.bins,
      metrics,
      calibration: { counts: [...this.calibration.counts], total: this.calibration.total, recent: this.calibration.recent },
      ...(this.alarm ? { alarm: { ...this.alarm, recent: [...this.alarm.recent] } } : {}),
    }
  }

  /** Replaces the state; throws FeatureStateError (and changes nothing) when it does not fit. */
  importState(state: unknown): void {
    // The version first: state from another feature version has another layout, and saying so is clearer than its first schema error.
    const version = (state as { featureVersion?: unknown } | null)?.featureVersion
    if (typeof version === 'number' && version !== this.spec.version) {
      throw new FeatureStateError(`host baseline is for feature version ${version}, model uses ${this.spec.version}`)
    }
    if (!checkState.Check(state)) {
      const first = [...checkState.Errors(state)][0]
      throw new FeatureStateError(`host baseline state is invalid${first ? `: ${first.instancePath || '/'} ${first.message}` : ''}`)
    }
    if (state.calibrationBins !== this.calibrationSpec.bins || state.calibration.counts.length !== this.calibrationSpec.bins) {
      throw new FeatureStateError(`host baseline has ${state.calibration.counts.length} calibration bins, model uses ${this.calibrationSpec.bins}`)
    }
    const spec = this.calibrationSpec.alarm
    if (spec && state.alarm && state.alarm.recent.length !== spec.shortWindow) {
      throw new FeatureStateError(`host baseline has an alarm window of ${state.alarm.recent.length} samples, model uses ${spec.shortWindow}`)
    }
    if (spec && state.alarm && state.alarm.head >= spec.shortWindow) {
      throw new FeatureStateError(`host baseline alarm window position ${state.alarm.head} is outside its ${spec.shortWindow} samples`)
    }
    this.baselines.clear()
    for (const [k, b] of Object.entries(state.metrics)) this.baselines.set(k, copyBaseline(b))
    // State from a model without shaping starts the shaping fresh; the baselines still count.
    this.alarm = spec ? (state.alarm ? { ...state.alarm, recent: [...state.alarm.recent] } : newAlarm(spec)) : null
    this.calibration = { counts: [...state.calibration.counts], total: state.calibration.total, recent: state.calibration.recent }
  }
}
