/**
 * Tuning bench for the default model's parameters: the same feature pipeline and calibration as
 * the agent, with the graph's arithmetic replicated in TypeScript (float64 instead of float32 —
 * the shipped figures always come from `pnpm bench:detector`, through ONNX). Prints NAB (all
 * series and realAWSCloudwatch, standard profile, corpus-optimal threshold), SMD and ASD event F1
 * for each candidate, so a sweep over a few dozen settings takes seconds, not minutes.
 *
 *   pnpm tsx agent/src/detect/eval/tune.ts [data dir] [--only name,name]
 */
import { join } from 'node:path'
import { HostFeatures } from '@smartcloudops/shared/features/pipeline'
import { defaultCalibrationSpec, type CalibrationSpec } from '@smartcloudops/shared/features/calibration'
import { defaultFeatureSpec, FEATURE_COUNT, type FeatureSpec } from '@smartcloudops/shared/features/spec'
import { defaultGraphParams } from '../model-params'
import type { GraphParams } from '../build-graph'
import { MIN_HISTORY } from '../detector'
import { loadNabCorpus, type NabSeries } from './nab-data'
import { evaluateNab } from './nab-eval'
import { loadLabeledSet, type LabeledMultivariate } from './multivariate-data'
import { strictMetrics } from './multivariate-metrics'
import { columnNames } from './score-series'
import { sharedDataDir } from './shared-data'

export interface Candidate {
  name: string
  features?: Partial<FeatureSpec>
  calibration?: Partial<CalibrationSpec>
  graph?: Partial<GraphParams>
}

function rawScore(g: GraphParams, f: Float32Array, rows: number): number {
  let mx = 0
  let sum = 0
  for (let r = 0; r < rows; r++) {
    let s = 0
    for (let k = 0; k < FEATURE_COUNT; k++) {
      const v = g.weights[k]! * Math.max(0, Math.abs(f[r * FEATURE_COUNT + k]!) - g.deadzones[k]!)
      if (v > s) s = v
    }
    if (s > mx) mx = s
    sum += s
  }
  return mx + g.spread * (rows > 0 ? sum / rows : 0)
}

/** Mirrors OnnxDetector.scoreDetailed: 0 while warming up. */
function scoreRows(c: Candidate, names: string[], rows: readonly ArrayLike<number>[]): Float64Array {
  const fs = { ...defaultFeatureSpec, ...c.features }
  const cs = { ...defaultCalibrationSpec, ...c.calibration }
  const g = { ...defaultGraphParams, ...c.graph }
  const hf = new HostFeatures(fs, cs, names)
  const out = new Float64Array(rows.length)
  const sample: Record<string, number> = {}
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!
    for (let d = 0; d < names.length; d++) sample[names[d]!] = row[d]!
    const st = hf.step(sample)
    if (st.rows === 0) continue
    const { score, history } = hf.calibrate(rawScore(g, st.features, st.rows))
    out[i] = history < MIN_HISTORY ? 0 : score
  }
  return out
}

export async function evaluateCandidate(c: Candidate, nab: NabSeries[], sets: Record<'smd' | 'asd', LabeledMultivariate[]>) {
  const scores = new Map<string, Float64Array>()
  for (const s of nab) scores.set(s.name, scoreRows(c, ['value'], s.values.map((v) => [v])))
  const ev = evaluateNab(c.name, nab, scores)
  const std = ev.profiles.find((p) => p.profile === 'standard')!
  const lowFp = ev.profiles.find((p) => p.profile === 'reward_low_FP_rate')!
  const lowFn = ev.profiles.find((p) => p.profile === 'reward_low_FN_rate')!
  const mv: Record<string, number> = {}
  for (const set of ['smd', 'asd'] as const) {
    const series = sets[set].map((s) => {
      const names = columnNames(s.train[0]!.length)
      const all = scoreRows(c, names, [...s.train, ...s.test])
      return { name: s.name, trainScores: all.subarray(0, s.train.length), testScores: all.subarray(s.train.length), labels: s.labels, stepSeconds: set === 'smd' ? 60 : 300 }
    })
    mv[set] = strictMetrics(series).eventF1
  }
  return { std: std.corpus, aws: std.byCategory.realAWSCloudwatch ?? NaN, lowFp: lowFp.corpus, lowFn: lowFn.corpus, smd: mv.smd!, asd: mv.asd!, threshold: std.threshold }
}

async function main() {
  const args = process.argv.slice(2).filter((a) => a !== '--')
  const onlyIdx = args.indexOf('--only')
  const dataDir = args.find((a, i) => !a.startsWith('--') && i !== onlyIdx + 1) ?? sharedDataDir
  const only = onlyIdx >= 0 ? new Set((args[onlyIdx + 1] ?? '').split(',')) : null
  const nab = await loadNabCorpus(join(dataDir, 'nab'))
  const sets = { smd: await loadLabeledSet(join(dataDir, 'smd')), asd: await loadLabeledSet(join(dataDir, 'asd')) }
  const { candidates } = await import('./tune-candidates')
  process.stdout.write('| candidate | NAB std all | NAB std AWS | low FP | low FN | SMD event F1 | ASD event F1 | std threshold |\n')
  for (const c of candidates) {
    if (only && !only.has(c.name)) continue
    const r = await evaluateCandidate(c, nab, sets)
    const f = (v: number, d = 1) => v.toFixed(d)
    process.stdout.write(`| ${c.name} | ${f(r.std)} | ${f(r.aws)} | ${f(r.lowFp)} | ${f(r.lowFn)} | ${f(r.smd, 3)} | ${f(r.asd, 3)} | ${f(r.threshold, 5)} |\n`)
  }
}

if (process.argv[1]?.endsWith('tune.ts')) {
  main().catch((err) => {
    console.error(err)
    process.exit(1)
  })
}
