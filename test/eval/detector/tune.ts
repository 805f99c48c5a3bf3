/**
 * HISTORY ONLY since 2026-12-01: model selection is by cross-validation (cv.ts, the protocol in
 * agent/src/detect/README.md). This sweep prints the old split's held-out columns beside the
 * tuning ones — the practice that leaked — and is kept so the README's older tables can be
 * reproduced; cv.ts reuses its replica of the graph (`scoreRows`, `rawScore`).
 *
 * Tuning bench for the default model's parameters: the same feature pipeline and calibration as
 * the agent, with the graph's arithmetic replicated in TypeScript (float64 instead of float32 —
 * the shipped figures always come from `pnpm bench:detector`, through ONNX). For each candidate
 * it prints, under the fixed split of split.ts:
 *   - TUNE columns (choose by these): NAB standard profile on the 34 tuning series at their
 *     corpus-optimal threshold, SMD event F1, ASD omi-1..3 event F1;
 *   - HELD-OUT columns (report, never choose by them): realAWSCloudwatch at the threshold chosen on
 *     the tuning series, ASD omi-4..6 event F1;
 *   - in-sample totals as before: NAB all 51 at their own optimal threshold, ASD omi-1..6 pooled.
 *
 *   pnpm tsx test/eval/detector/tune.ts [data dir] [--only name,name]
 */
import { join } from 'node:path'
import { HostFeatures } from '@smartcloudops/shared/features/pipeline'
import { defaultCalibrationSpec, newCalibration, remember, surpriseOf, type CalibrationSpec, type CalibrationState } from '@smartcloudops/shared/features/calibration'
import { defaultFeatureSpec, FEATURE_COUNT, featureNames, type FeatureSpec } from '@smartcloudops/shared/features/spec'
import { defaultGraphParams } from '@smartcloudops/shared/model/model-params'
import type { GraphParams } from '@smartcloudops/shared/model/build-graph'
import { MIN_HISTORY } from '@smartcloudops/agent/detect/detector'
import type { NoveltySpec } from './research/novelty'
import type { DiscordSpec } from './research/discord'
import type { ForecastSpec } from './research/forecast'
import type { BurstinessSpec } from './research/burstiness'
import { ResearchSignals } from './research/signals'
import { loadNabCorpus, type NabSeries } from './nab-data'
import { evaluateNab, evaluateNabSplit } from './nab-eval'
import { loadLabeledSet, type LabeledMultivariate } from './multivariate-data'
import { strictMetrics } from './multivariate-metrics'
import { columnNames } from './score-series'
import { sharedDataDir } from './shared-data'
import { multivariatePart, nabPart } from './split'
import { MetricSequenceMemory, type SequenceMemorySpec } from './research/sequence-memory'
import { HostStructure, type HostStructureSpec } from './research/host-structure'

const RECORD_COLUMN = featureNames.indexOf('record_z')

export interface Candidate {
  name: string
  features?: Partial<FeatureSpec>
  calibration?: Partial<CalibrationSpec>
  graph?: Partial<GraphParams>
  /** Sequence novelty (research/novelty.ts) as one more feature of each metric: weight × max(0, surprise − deadzone). */
  novelty?: { spec: NoveltySpec; weight: number; deadzone?: number }
  /** Discord surprise (research/discord.ts) of each metric, combined with its score as `combine` says. */
  discord?: DiscordUse & { spec: DiscordSpec }
  /** Analogue forecast (research/forecast.ts) of each metric, combined with its score as `combine` says. */
  forecast?: ForecastUse & { spec: ForecastSpec }
  /**
   * Per-series choice between bursty and level behaviour (research/burstiness.ts): a
   * row whose metric is bursty scores its level feature at `levelWeight` × the usual weight and
   * its record gate at `recordGate` × the usual gate (an ordinary burst counts less, a burst past
   * all its usual bursts as much as before); level-like rows score as the base.
   */
  burst?: { spec: BurstinessSpec; levelWeight: number; recordGate: number }
  /** Learned sequence memory (research/sequence-memory.ts) of each metric's level feature, as a gate: see SequenceUse. */
  sequence?: SequenceUse & { spec: SequenceMemorySpec }
  /**
   * The host's joint structure (research/host-structure.ts, online PCA of the level features): its
   * residual RMS × `weight` joins the per-metric scores' maximum, as one more row would (not
   * their mean); `calibrated`: it is calibrated on its own (the host's decayed history of it, as
   * the raw score is) and its surprise, less ln 2 for looking at two detectors, × `weight`
   * raises the output surprise like `extraSurprise`. Hosts of 3 metrics or more only; a single
   * series scores as the base.
   */
  structure?: { spec: HostStructureSpec; weight: number; combine?: 'row' | 'calibrated' }
  /**
   * Hosts (≥ 2 metrics): each metric's score is first calibrated against that metric's own
   * decayed history (the host calibration's method, one history per metric), and the host's raw
   * score is the graph's max + spread · mean over those surprises instead of over the scores —
   * a metric whose score sits at the cap on ordinary rows (a near-constant, quantized metric)
   * then counts as ordinary, and the host ranks rows by what is unusual for each metric.
   */
  perMetricCalibration?: boolean
}

/**
 * How a metric's sequence memory joins its score s: s · (floor + (1 − floor) · unpredicted), before
 * the record gate — a deviation the metric's own learned sequence foretold counts `floor` of
 * itself, one it did not counts whole. `univariateOnly`: hosts (≥ 2 metrics) score as the base.
 */
export interface SequenceUse {
  floor: number
  univariateOnly: boolean
}

/**
 * How a metric's forecast joins its score s. `max` and `gate` use the residual's surprise f
 * (e = max(0, f − deadzone)) as DiscordUse does; `explain`: the level feature counts only as far
 * as the forecast missed the value, |level_z| → min(|level_z|, weight · residual in scales) —
 * a spike the metric's own sequence predicted (a regular burst) stops looking unusual.
 */
export interface ForecastUse {
  combine: 'max' | 'gate' | 'explain'
  weight: number
  deadzone: number
}

/**
 * How a metric's discord surprise d joins its score s (e = max(0, d − deadzone)):
 * `max`: s = max(s, min(cap, weight · e)), one more feature; `gate`: s · (1 + weight · min(1, e)),
 * a multiplier like the record gate — a new shape raises a metric that already deviates, and adds
 * nothing to one that does not (so the null tail of −ln p cannot add false peaks on its own).
 * `univariateWeight` replaces `weight` for a single series (absent = the same).
 */
export interface DiscordUse {
  /** `likelihood`: the output surprise is raised to weight · (max over metrics of the likelihood surprise − ln rows); the graph is untouched. */
  combine: 'max' | 'gate' | 'likelihood'
  weight: number
  univariateWeight?: number
  deadzone: number
}

/** The graph's arithmetic; `novelty` (one value per row) joins the features at `noveltyWeight` when given. */
export function rawScore(
  g: GraphParams,
  f: Float32Array,
  rows: number,
  novelty?: ArrayLike<number>,
  noveltyWeight = 0,
  discord?: { values: ArrayLike<number>; use: DiscordUse },
  forecast?: { surprise: ArrayLike<number>; residual: ArrayLike<number>; use: ForecastUse },
  burst?: { bursty: ArrayLike<number>; levelWeight: number; recordGate: number },
  sequence?: { unpredicted: ArrayLike<number>; floor: number },
  structureScore = 0,
  rowScores?: Float64Array,
): number {
  let mx = structureScore
  let sum = 0
  const weights = rows === 1 && g.univariateWeights ? g.univariateWeights : g.weights
  const cap = (rows === 1 ? g.univariateCap : undefined) ?? g.cap ?? Infinity
  const gate = (rows === 1 ? g.univariateRecordGate : undefined) ?? g.recordGate ?? 0
  for (let r = 0; r < rows; r++) {
    let s = 0
    const explain = forecast?.use.combine === 'explain'
    const bursty = burst !== undefined && burst.bursty[r] === 1
    for (let k = 0; k < FEATURE_COUNT; k++) {
      let x = Math.abs(f[r * FEATURE_COUNT + k]!)
      if (explain && k === 0) x = Math.min(x, forecast.use.weight * forecast.residual[r]!)
      // Candidates from before the record feature list four weights: the missing fifth counts as 0.
      const w = (weights[k] ?? 0) * (bursty && k === 0 ? burst.levelWeight : 1)
      const v = Math.min(cap, w * Math.max(0, x - (g.deadzones[k] ?? 0)))
      if (v > s) s = v
    }
    if (forecast && !explain) {
      const e = Math.max(0, forecast.surprise[r]! - forecast.use.deadzone)
      if (forecast.use.combine === 'max') s = Math.max(s, Math.min(cap, forecast.use.weight * e))
      else s *= 1 + forecast.use.weight * Math.min(1, e)
    }
    if (novelty) s = Math.max(s, Math.min(cap, noveltyWeight * novelty[r]!))
    if (discord) {
      const u = discord.use
      const w = (rows === 1 ? u.univariateWeight : undefined) ?? u.weight
      const e = Math.max(0, discord.values[r]! - u.deadzone)
      if (u.combine === 'max') s = Math.max(s, Math.min(cap, w * e))
      else if (u.combine === 'gate') s *= 1 + w * Math.min(1, e)
    }
    if (sequence) s *= sequence.floor + (1 - sequence.floor) * sequence.unpredicted[r]!
    s *= 1 + gate * (bursty ? burst.recordGate : 1) * Math.min(1, Math.abs(f[r * FEATURE_COUNT + RECORD_COLUMN]!))
    if (rowScores) rowScores[r] = s
    if (s > mx) mx = s
    sum += s
  }
  return mx + g.spread * (rows > 0 ? sum / rows : 0)
}

/** The `likelihood` combination's extra surprise: the most surprising metric's, less ln(rows) for having looked at that many. */
export function likelihoodSurprise(use: DiscordUse | undefined, values: ArrayLike<number> | undefined, rows: number): number {
  if (!use || use.combine !== 'likelihood' || !values || rows === 0) return 0
  let mx = 0
  for (let r = 0; r < rows; r++) if (values[r]! > mx) mx = values[r]!
  const w = (rows === 1 ? use.univariateWeight : undefined) ?? use.weight
  return w * Math.max(0, mx - Math.log(rows))
}

/** Mirrors OnnxDetector.scoreDetailed: 0 while warming up. */
export function scoreRows(c: Candidate, names: string[], rows: readonly ArrayLike<number>[], ts: (i: number) => number): Float64Array {
  const fs = { ...defaultFeatureSpec, ...c.features }
  const cs = { ...defaultCalibrationSpec, ...c.calibration }
  const g = { ...defaultGraphParams, ...c.graph }
  // The research signals, computed beside the pipeline's rows through its MetricObserver hook.
  const research =
    c.novelty || c.discord || c.forecast || c.burst
      ? new ResearchSignals(
          {
            ...(c.novelty ? { novelty: c.novelty.spec } : {}),
            ...(c.discord ? { discord: c.discord.spec } : {}),
            ...(c.forecast ? { forecast: c.forecast.spec } : {}),
            ...(c.burst ? { burstiness: c.burst.spec } : {}),
          },
          names.length,
        )
      : null
  const hf = new HostFeatures(fs, cs, names, research?.observe)
  const novRows = new Float64Array(names.length)
  const useSequence = c.sequence !== undefined && !(c.sequence.univariateOnly && names.length > 1)
  const memories = new Map<string, MetricSequenceMemory>()
  const unpredicted = new Float64Array(names.length)
  const structure = c.structure && names.length >= 3 ? new HostStructure(names.length, c.structure.spec) : null
  const column = new Map(names.map((n, i) => [n, i]))
  const levels = new Float64Array(names.length)
  const structureCalibration = structure ? newCalibration(cs) : null
  const metricCalibrations = new Map<string, CalibrationState>()
  const rowScores = c.perMetricCalibration && names.length >= 2 ? new Float64Array(names.length) : undefined
  const out = new Float64Array(rows.length)
  const sample: Record<string, number> = {}
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!
    for (let d = 0; d < names.length; d++) sample[names[d]!] = row[d]!
    const st = hf.step(sample, ts(i))
    if (st.rows === 0) continue
    const rowsOf = (a: Float32Array | null | undefined) => a?.subarray(0, st.rows)
    const nov = rowsOf(research?.novelty)
    if (nov) for (let r = 0; r < st.rows; r++) novRows[r] = Math.max(0, nov[r]! - (c.novelty?.deadzone ?? 0))
    const discordRows = rowsOf(research?.discord)
    const dis = discordRows && c.discord ? { values: discordRows, use: c.discord } : undefined
    const forecastRows = rowsOf(research?.forecast)
    const residualRows = rowsOf(research?.forecastResidual)
    const fc = forecastRows && residualRows && c.forecast ? { surprise: forecastRows, residual: residualRows, use: c.forecast } : undefined
    const burstyRows = rowsOf(research?.bursty)
    const bu = burstyRows && c.burst ? { bursty: burstyRows, levelWeight: c.burst.levelWeight, recordGate: c.burst.recordGate } : undefined
    if (useSequence) {
      for (let r = 0; r < st.rows; r++) {
        const m = st.metrics[r]!
        let mem = memories.get(m)
        if (!mem) memories.set(m, (mem = new MetricSequenceMemory(c.sequence!.spec)))
        unpredicted[r] = mem.observe(st.features[r * FEATURE_COUNT]!)
      }
    }
    const sq = useSequence ? { unpredicted, floor: c.sequence!.floor } : undefined
    let structureScore = 0
    let structureSurprise = 0
    if (structure) {
      levels.fill(0)
      for (let r = 0; r < st.rows; r++) levels[column.get(st.metrics[r]!)!] = st.features[r * FEATURE_COUNT]!
      const t = structure.step(levels)
      if (structureCalibration) {
        // Its own calibration, as HostFeatures.calibrate does for the raw score.
        if (structureCalibration.total >= MIN_HISTORY) structureSurprise = c.structure!.weight * Math.max(0, surpriseOf(cs, structureCalibration, t) - Math.LN2)
        remember(cs, structureCalibration, t)
      }
      if (c.structure!.combine !== 'calibrated') structureScore = c.structure!.weight * t
    }
    let raw = rawScore(g, st.features, st.rows, nov ? novRows : undefined, c.novelty?.weight, dis, fc, bu, sq, structureScore, rowScores)
    if (rowScores) raw = perMetricRaw(g, cs, metricCalibrations, st.metrics, rowScores, st.rows)
    const { score, history } = hf.calibrate(raw, Math.max(structureSurprise, likelihoodSurprise(c.discord, rowsOf(research?.discordLikelihood), st.rows)))
    out[i] = history < MIN_HISTORY ? 0 : score
  }
  return out
}

/** The host raw score over per-metric calibrated surprises (Candidate.perMetricCalibration). */
function perMetricRaw(g: GraphParams, cs: CalibrationSpec, states: Map<string, CalibrationState>, metrics: readonly string[], rowScores: Float64Array, rows: number): number {
  let mx = 0
  let sum = 0
  for (let r = 0; r < rows; r++) {
    let st = states.get(metrics[r]!)
    if (!st) states.set(metrics[r]!, (st = newCalibration(cs)))
    const u = st.total >= MIN_HISTORY ? surpriseOf(cs, st, rowScores[r]!) : 0
    remember(cs, st, rowScores[r]!)
    if (u > mx) mx = u
    sum += u
  }
  return mx + g.spread * (rows > 0 ? sum / rows : 0)
}

export async function evaluateCandidate(c: Candidate, nab: NabSeries[], sets: Record<'smd' | 'asd', LabeledMultivariate[]>) {
  const scores = new Map<string, Float64Array>()
  for (const s of nab) scores.set(s.name, scoreRows(c, ['value'], s.values.map((v) => [v]), (i) => s.timestamps[i]!))
  const ev = evaluateNab(c.name, nab, scores)
  const std = ev.profiles.find((p) => p.profile === 'standard')!
  const split = evaluateNabSplit(c.name, nab, scores, nabPart)!
  const tuneStd = split.tune.profiles.find((p) => p.profile === 'standard')!
  const heldStd = split.heldOut.profiles.find((p) => p.profile === 'standard')!
  const mv: Record<string, { all: number; tune: number; heldOut: number }> = {}
  for (const set of ['smd', 'asd'] as const) {
    const step = set === 'smd' ? 60 : 300
    const series = sets[set].map((s) => {
      const names = columnNames(s.train[0]!.length)
      const all = scoreRows(c, names, [...s.train, ...s.test], (i) => i * step * 1000)
      return { name: s.name, trainScores: all.subarray(0, s.train.length), testScores: all.subarray(s.train.length), labels: s.labels, stepSeconds: step }
    })
    const f1 = (keep: 'tune' | 'heldOut') => {
      const xs = series.filter((x) => multivariatePart(set, x.name) === keep)
      return xs.length > 0 ? strictMetrics(xs).eventF1 : NaN
    }
    mv[set] = { all: strictMetrics(series).eventF1, tune: f1('tune'), heldOut: f1('heldOut') }
  }
  return {
    tuneNab: tuneStd.corpus,
    tuneThreshold: tuneStd.threshold,
    smd: mv.smd!.tune,
    asdTune: mv.asd!.tune,
    awsHeldOut: heldStd.corpus,
    asdHeldOut: mv.asd!.heldOut,
    all: std.corpus,
    awsOwnThreshold: std.byCategory.realAWSCloudwatch ?? NaN,
    asdAll: mv.asd!.all,
  }
}

async function main() {
  const args = process.argv.slice(2).filter((a) => a !== '--')
  const onlyIdx = args.indexOf('--only')
  const dataDir = args.find((a, i) => !a.startsWith('--') && i !== onlyIdx + 1) ?? sharedDataDir
  const only = onlyIdx >= 0 ? new Set((args[onlyIdx + 1] ?? '').split(',')) : null
  const nab = await loadNabCorpus(join(dataDir, 'nab'))
  const sets = { smd: await loadLabeledSet(join(dataDir, 'smd')), asd: await loadLabeledSet(join(dataDir, 'asd')) }
  const { candidates } = await import('./tune-candidates')
  process.stdout.write(
    '| candidate | TUNE: NAB std 34 | threshold | SMD ev F1 | ASD 1-3 ev F1 | HELD OUT: NAB std AWS | ASD 4-6 ev F1 | in-sample: NAB std all 51 | AWS @ all-51 thr. | ASD 1-6 ev F1 |\n',
  )
  for (const c of candidates) {
    if (only && !only.has(c.name)) continue
    const r = await evaluateCandidate(c, nab, sets)
    const f = (v: number, d = 1) => v.toFixed(d)
    process.stdout.write(
      `| ${c.name} | ${f(r.tuneNab)} | ${f(r.tuneThreshold, 5)} | ${f(r.smd, 3)} | ${f(r.asdTune, 3)} | ${f(r.awsHeldOut)} | ${f(r.asdHeldOut, 3)} | ${f(r.all)} | ${f(r.awsOwnThreshold)} | ${f(r.asdAll, 3)} |\n`,
    )
  }
}

if (process.argv[1]?.endsWith('tune.ts')) {
  main().catch((err) => {
    console.error(err)
    process.exit(1)
  })
}
