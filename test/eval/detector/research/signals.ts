import type { MetricObserver } from '@smartcloudops/shared/features/pipeline'
import { MetricNovelty, type NoveltySpec } from './novelty'
import { MetricDiscord, type DiscordSpec } from './discord'
import { MetricForecast, type ForecastSpec } from './forecast'
import { newBurstiness, observeBurst, type BurstinessSpec, type BurstinessState } from './burstiness'

/** Which research signals to compute; each absent one costs nothing. */
export interface ResearchSpec {
  novelty?: NoveltySpec
  discord?: DiscordSpec
  forecast?: ForecastSpec
  burstiness?: BurstinessSpec
}

/**
 * The per-metric research signals (never shipped, so not in the agent's pipeline) beside a
 * HostFeatures' rows: pass `observe` as its MetricObserver, then after each `step` read the
 * first `rows` values of each array — row r belongs to FeatureRows.metrics[r]. Every metric
 * present in a sample feeds its detectors, cold ones too, in the pipeline's order; what a cold
 * metric produces is dropped, as the pipeline drops its features. Values are stored as float32
 * (what FeatureRows carried when these signals were pipeline options). Nothing is persisted.
 */
export class ResearchSignals {
  /** Sequence-novelty surprise (−ln p) of each row (with `novelty`). */
  readonly novelty: Float32Array | null
  /** Discord surprise (−ln p, discord.ts) of each row (with `discord`). */
  readonly discord: Float32Array | null
  /** Likelihood surprise of each row's discord surprise (with `discord.likelihood`). */
  readonly discordLikelihood: Float32Array | null
  /** Surprise (−ln p) of each row's residual against the analogue forecast (with `forecast`). */
  readonly forecast: Float32Array | null
  /** Each row's residual against the analogue forecast, in baseline scales (with `forecast`). */
  readonly forecastResidual: Float32Array | null
  /** 1 for a row whose metric behaves in bursts, 0 for a level-like one (with `burstiness`). */
  readonly bursty: Float32Array | null
  private readonly novelties = new Map<string, MetricNovelty>()
  private readonly discords = new Map<string, MetricDiscord>()
  private readonly forecasts = new Map<string, MetricForecast>()
  private readonly bursts = new Map<string, BurstinessState>()
  private readonly spare: number

  constructor(
    readonly spec: ResearchSpec,
    metrics: number,
  ) {
    this.spare = metrics
    const rows = () => new Float32Array(metrics + 1)
    this.novelty = spec.novelty ? rows() : null
    this.discord = spec.discord ? rows() : null
    this.discordLikelihood = spec.discord?.likelihood ? rows() : null
    this.forecast = spec.forecast ? rows() : null
    this.forecastResidual = spec.forecast ? rows() : null
    this.bursty = spec.burstiness ? rows() : null
  }

  /** The MetricObserver to hand to HostFeatures. */
  readonly observe: MetricObserver = (metric, x, scale, level, row) => {
    // A cold metric's detectors learn; its values go to the spare last slot, never read.
    const r = row >= 0 ? row : this.spare
    const { novelty, discord, forecast, burstiness } = this.spec
    if (novelty && this.novelty) {
      let nv = this.novelties.get(metric)
      if (nv === undefined) this.novelties.set(metric, (nv = new MetricNovelty(novelty)))
      this.novelty[r] = nv.step(x)
    }
    if (discord && this.discord) {
      let dc = this.discords.get(metric)
      if (dc === undefined) this.discords.set(metric, (dc = new MetricDiscord(discord)))
      this.discord[r] = dc.step(x, scale)
      if (this.discordLikelihood) this.discordLikelihood[r] = dc.lastLikelihood
    }
    if (forecast && this.forecast && this.forecastResidual) {
      let fc = this.forecasts.get(metric)
      if (fc === undefined) this.forecasts.set(metric, (fc = new MetricForecast(forecast)))
      this.forecast[r] = fc.step(x, scale)
      this.forecastResidual[r] = fc.lastResidual
    }
    if (burstiness && this.bursty) {
      let bs = this.bursts.get(metric)
      if (bs === undefined) this.bursts.set(metric, (bs = newBurstiness()))
      // This sample's level feature: the class uses samples ≤ t.
      this.bursty[r] = observeBurst(burstiness, bs, level) ? 1 : 0
    }
  }
}
