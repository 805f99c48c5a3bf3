import Type, { type Static } from 'typebox'
import { Compile } from 'typebox/compile'
import { observe, newBaseline, type MetricBaseline } from './baseline'
import { AlarmState, newAlarm, shape } from './alarm'
import { calibrate, surpriseOf, newCalibration, onset, remember, type CalibrationSpec, type CalibrationState } from './calibration'
import { FEATURE_COUNT, type FeatureSpec } from './spec'
import { MetricNovelty, NoveltyState } from './novelty'
import { MetricDiscord, DiscordState } from './discord'
import { MetricForecast, ForecastState } from './forecast'
import { BurstinessState, newBurstiness, observeBurst } from './burstiness'

/** One step's model input: a row of FEATURE_COUNT features per warmed-up metric present now. */
export interface FeatureRows {
  /** Number of rows (metrics) in `features`; 0 while every metric is still warming up. */
  readonly rows: number
  /** Row-major [rows × FEATURE_COUNT]; a view valid until the next `step`. */
  readonly features: Float32Array
  /** Metric name of each row. */
  readonly metrics: readonly string[]
  /** With a novelty spec: each row's sequence-novelty surprise (−ln p); a view valid until the next `step`. */
  readonly novelty?: Float32Array
  /** With a discord spec: each row's discord surprise (−ln p, discord.ts); a view valid until the next `step`. */
  readonly discord?: Float32Array
  /** With a discord likelihood spec: each row's likelihood surprise of its discord surprise; a view valid until the next `step`. */
  readonly discordLikelihood?: Float32Array
  /** With a forecast spec: each row's surprise (−ln p) of its residual against the analogue forecast; a view valid until the next `step`. */
  readonly forecast?: Float32Array
  /** With a forecast spec: each row's residual against the analogue forecast, in baseline scales; a view valid until the next `step`. */
  readonly forecastResidual?: Float32Array
  /** With a burstiness spec: 1 for a row whose metric behaves in bursts, 0 for a level-like one; a view valid until the next `step`. */
  readonly bursty?: Float32Array
}

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
  /** Sequence-novelty memory (specs with `novelty` only; state that does not fit the spec is refused). */
  novelty: Type.Optional(NoveltyState),
  /** Discord memory (specs with `discord` only; state that does not fit the spec is refused). */
  discord: Type.Optional(DiscordState),
  /** Analogue-forecast memory (specs with `forecast` only; state that does not fit the spec is refused). */
  forecast: Type.Optional(ForecastState),
  /** Burst share (specs with `burstiness` only; absent = the metric is classed afresh). */
  burstiness: Type.Optional(BurstinessState),
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

/** A baseline's own fields, copied (saved novelty memory, if any, is restored separately). */
function copyBaseline(b: MetricBaseline & { novelty?: unknown; discord?: unknown; forecast?: unknown; burstiness?: unknown }): MetricBaseline {
  const { season, seasonN, ...rest } = b
  delete rest.burstiness
  delete rest.novelty
  delete rest.discord
  delete rest.forecast
  return season && seasonN && season.length === seasonN.length ? { ...rest, season: [...season], seasonN: [...seasonN] } : rest
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
  private readonly novelties = new Map<string, MetricNovelty>()
  private readonly noveltyRows: Float32Array | null
  private readonly discords = new Map<string, MetricDiscord>()
  private readonly discordRows: Float32Array | null
  private readonly discordLikelihoodRows: Float32Array | null
  private readonly forecasts = new Map<string, MetricForecast>()
  private readonly forecastRows: Float32Array | null
  private readonly forecastResidualRows: Float32Array | null
  private readonly bursts = new Map<string, BurstinessState>()
  private readonly burstyRows: Float32Array | null
  private calibration: CalibrationState
  private alarm: AlarmState | null
  private buffer: Float32Array
  private readonly rowMetrics: string[] = []

  constructor(
    readonly spec: FeatureSpec,
    readonly calibrationSpec: CalibrationSpec,
    /** Metrics that feed the model, in a fixed order. Others in a sample are ignored. */
    readonly metrics: readonly string[],
  ) {
    this.calibration = newCalibration(calibrationSpec)
    this.alarm = calibrationSpec.alarm ? newAlarm(calibrationSpec.alarm) : null
    this.buffer = new Float32Array(Math.max(1, metrics.length) * FEATURE_COUNT)
    this.noveltyRows = spec.novelty ? new Float32Array(Math.max(1, metrics.length)) : null
    this.discordRows = spec.discord ? new Float32Array(Math.max(1, metrics.length)) : null
    this.discordLikelihoodRows = spec.discord?.likelihood ? new Float32Array(Math.max(1, metrics.length)) : null
    this.forecastRows = spec.forecast ? new Float32Array(Math.max(1, metrics.length)) : null
    this.forecastResidualRows = spec.forecast ? new Float32Array(Math.max(1, metrics.length)) : null
    this.burstyRows = spec.burstiness ? new Float32Array(Math.max(1, metrics.length)) : null
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
      if (this.noveltyRows && this.spec.novelty) {
        let nv = this.novelties.get(name)
        if (nv === undefined) {
          nv = new MetricNovelty(this.spec.novelty)
          this.novelties.set(name, nv)
        }
        this.noveltyRows[rows] = nv.step(x)
      }
      if (this.discordRows && this.spec.discord) {
        let dc = this.discords.get(name)
        if (dc === undefined) {
          dc = new MetricDiscord(this.spec.discord)
          this.discords.set(name, dc)
        }
        // The baseline's scale as observe() computes it, floors included (so it is > 0).
        this.discordRows[rows] = dc.step(x, b.dev + this.spec.relativeFloor * b.magnitude + this.spec.absoluteFloor)
        if (this.discordLikelihoodRows) this.discordLikelihoodRows[rows] = dc.lastLikelihood
      }
      if (this.forecastRows && this.forecastResidualRows && this.spec.forecast) {
        let fc = this.forecasts.get(name)
        if (fc === undefined) {
          fc = new MetricForecast(this.spec.forecast)
          this.forecasts.set(name, fc)
        }
        this.forecastRows[rows] = fc.step(x, b.dev + this.spec.relativeFloor * b.magnitude + this.spec.absoluteFloor)
        this.forecastResidualRows[rows] = fc.lastResidual
      }
      if (this.burstyRows && this.spec.burstiness) {
        let bs = this.bursts.get(name)
        if (bs === undefined) {
          bs = newBurstiness()
          this.bursts.set(name, bs)
        }
        // This sample's level feature, just written by observe(): the class uses samples ≤ t.
        this.burstyRows[rows] = observeBurst(this.spec.burstiness, bs, this.buffer[rows * FEATURE_COUNT]!) ? 1 : 0
      }
      if (warm) {
        this.rowMetrics.push(name)
        rows++
      }
    }
    const features = this.buffer.subarray(0, rows * FEATURE_COUNT)
    return {
      rows,
      features,
      metrics: this.rowMetrics,
      ...(this.noveltyRows ? { novelty: this.noveltyRows.subarray(0, rows) } : {}),
      ...(this.discordRows ? { discord: this.discordRows.subarray(0, rows) } : {}),
      ...(this.discordLikelihoodRows ? { discordLikelihood: this.discordLikelihoodRows.subarray(0, rows) } : {}),
      ...(this.forecastRows && this.forecastResidualRows
        ? { forecast: this.forecastRows.subarray(0, rows), forecastResidual: this.forecastResidualRows.subarray(0, rows) }
        : {}),
      ...(this.burstyRows ? { bursty: this.burstyRows.subarray(0, rows) } : {}),
    }
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
    for (const [k, b] of this.baselines) {
      const nv = this.novelties.get(k)
      const dc = this.discords.get(k)
      const fc = this.forecasts.get(k)
      metrics[k] = {
        ...copyBaseline(b),
        ...(nv ? { novelty: nv.exportState() } : {}),
        ...(dc ? { discord: dc.exportState() } : {}),
        ...(fc ? { forecast: fc.exportState() } : {}),
        ...(this.bursts.has(k) ? { burstiness: { ...this.bursts.get(k)! } } : {}),
      }
    }
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
    const novelties = new Map<string, MetricNovelty>()
    const ns = this.spec.novelty
    if (ns) {
      for (const [k, b] of Object.entries(state.metrics)) {
        if (!b.novelty) continue
        try {
          novelties.set(k, MetricNovelty.fromState(ns, b.novelty))
        } catch (err) {
          throw new FeatureStateError(`host baseline novelty state of "${k}" does not fit the model: ${(err as Error).message}`)
        }
      }
    }
    const discords = new Map<string, MetricDiscord>()
    const ds = this.spec.discord
    if (ds) {
      for (const [k, b] of Object.entries(state.metrics)) {
        if (!b.discord) continue
        try {
          discords.set(k, MetricDiscord.fromState(ds, b.discord))
        } catch (err) {
          throw new FeatureStateError(`host baseline discord state of "${k}" does not fit the model: ${(err as Error).message}`)
        }
      }
    }
    const forecasts = new Map<string, MetricForecast>()
    const fs = this.spec.forecast
    if (fs) {
      for (const [k, b] of Object.entries(state.metrics)) {
        if (!b.forecast) continue
        try {
          forecasts.set(k, MetricForecast.fromState(fs, b.forecast))
        } catch (err) {
          throw new FeatureStateError(`host baseline forecast state of "${k}" does not fit the model: ${(err as Error).message}`)
        }
      }
    }
    this.baselines.clear()
    for (const [k, b] of Object.entries(state.metrics)) this.baselines.set(k, copyBaseline(b))
    this.forecasts.clear()
    for (const [k, fc] of forecasts) this.forecasts.set(k, fc)
    // Without a burstiness spec a saved share is dropped; a metric without one is classed afresh.
    this.bursts.clear()
    if (this.spec.burstiness) for (const [k, b] of Object.entries(state.metrics)) if (b.burstiness) this.bursts.set(k, { ...b.burstiness })
    this.discords.clear()
    for (const [k, dc] of discords) this.discords.set(k, dc)
    // Without a novelty spec any saved novelty memory is dropped; a metric without one starts it fresh.
    this.novelties.clear()
    for (const [k, nv] of novelties) this.novelties.set(k, nv)
    // State from a model without shaping starts the shaping fresh; the baselines still count.
    this.alarm = spec ? (state.alarm ? { ...state.alarm, recent: [...state.alarm.recent] } : newAlarm(spec)) : null
    this.calibration = { counts: [...state.calibration.counts], total: state.calibration.total, recent: state.calibration.recent }
  }
}
