/**
 * Exploration bench for single-series signals the shipped model does NOT use (2026-11-27). Each
 * variant scores NAB with the shipped pipeline (features, calibration, alarm shaping of
 * scops-anomaly-1.3.0) plus one change, and prints NAB standard-profile figures under the fixed
 * split: the 34 tuning series at their corpus-optimal threshold, realAWSCloudwatch held out at
 * that threshold. One gained: the record break, which became 1.4.0's record feature and gate
 * (then tuned in the real pipeline with tune.ts); the figures are in agent/src/detect/README.md
 * ("Signals tried in 1.3.0's place", "The record gate").
 *
 *   npx tsx test/eval/detector/explore-signals.ts [--only name,...]
 */
import { join } from 'node:path'
import { HostFeatures } from '@smartcloudops/shared/features/pipeline'
import { newCalibration, surpriseOf, remember } from '@smartcloudops/shared/features/calibration'
import { newAlarm, shape } from '@smartcloudops/shared/features/alarm'
import { FEATURE_COUNT, featureNames } from '@smartcloudops/shared/features/spec'
import { defaultGraphParams, modelCalibrationSpec, modelFeatureSpec } from '@smartcloudops/shared/model/model-params'
import { MIN_HISTORY } from '@smartcloudops/agent/detect/detector'
import { loadNabCorpus } from './nab-data'
import { evaluateNabSplit } from './nab-eval'
import { nabPart } from './split'
import { sharedDataDir } from './shared-data'

/** The shipped single-series raw score (graph arithmetic of build-graph.ts for one row). */
function shippedRaw(f: Float32Array): number {
  const g = defaultGraphParams
  let s = 0
  for (let k = 0; k < FEATURE_COUNT; k++) s = Math.max(s, Math.min(g.univariateCap!, g.univariateWeights![k]! * Math.abs(f[k]!)))
  return s * (1 + g.spread)
}

/** The shipped 1.4.0 single-series raw score: 1.3.0's times the record gate. */
function shipped14Raw(f: Float32Array): number {
  return shippedRaw(f) * (1 + defaultGraphParams.univariateRecordGate! * Math.min(1, Math.abs(f[RECORD]!)))
}
const RECORD = featureNames.indexOf('record_z')

/** Signed log2 level of a z-score, clamped to ±L, shifted to 0..2L: a coarse symbol for the value. */
function symbol(z: number, L: number): number {
  const q = Math.round(Math.sign(z) * Math.log2(1 + Math.abs(z)))
  return Math.max(-L, Math.min(L, q)) + L
}

/** Context novelty (CAD OSE's idea, simplified): how rarely the last k symbols have been seen together. */
function contextNovelty(k: number, L: number) {
  const base = 2 * L + 1
  const recent: number[] = []
  const counts = new Map<number, number>()
  return (z: number): number => {
    recent.push(symbol(z, L))
    if (recent.length > k) recent.shift()
    if (recent.length < k) return 0
    const code = recent.reduce((c, s) => c * base + s, 0)
    const c = counts.get(code) ?? 0
    counts.set(code, c + 1)
    return 1 / (1 + c)
  }
}

/**
 * Sequence surprise (a Markov chain over value symbols): −log P(symbol now | the k before it),
 * Laplace-smoothed counts, so a value that is common but unexpected after this context scores.
 */
function sequenceSurprise(k: number, L: number) {
  const base = 2 * L + 1
  const recent: number[] = []
  const contexts = new Map<number, number>()
  const pairs = new Map<number, number>()
  return (z: number): number => {
    const sym = symbol(z, L)
    let out = 0
    if (recent.length === k) {
      const ctx = recent.reduce((c, s) => c * base + s, 0)
      const pair = ctx * base + sym
      const nc = contexts.get(ctx) ?? 0
      const np = pairs.get(pair) ?? 0
      out = -Math.log((np + 1) / (nc + base))
      contexts.set(ctx, nc + 1)
      pairs.set(pair, np + 1)
    }
    recent.push(sym)
    if (recent.length > k) recent.shift()
    return out
  }
}

/** Relative entropy (Wang et al.): KL divergence of the recent symbol histogram from the long-run one. */
function relativeEntropy(L: number, shortAlpha: number, longAlpha: number) {
  const nb = 2 * L + 1
  const longH = new Float64Array(nb).fill(1 / nb)
  const shortH = new Float64Array(nb).fill(1 / nb)
  let seen = 0
  return (z: number): number => {
    const b = symbol(z, L)
    for (let j = 0; j < nb; j++) shortH[j] = shortH[j]! * (1 - shortAlpha) + (j === b ? shortAlpha : 0)
    let kl = 0
    for (let j = 0; j < nb; j++) if (shortH[j]! > 1e-9) kl += shortH[j]! * Math.log(shortH[j]! / (longH[j]! + 1e-3))
    const a = Math.max(longAlpha, 1 / (seen + 2))
    for (let j = 0; j < nb; j++) longH[j] = longH[j]! * (1 - a) + (j === b ? a : 0)
    seen++
    return Math.max(0, kl)
  }
}

/**
 * Level/shift/spread against a streaming median and MAD (stochastic approximation: each sample
 * moves the estimate a step of α·scale towards it) instead of the winsorized EW mean/MAD.
 */
function medianBaselineRaw(alpha: number) {
  let med = 0, mad = 0, n = 0, fast = 0, fastDev = 0, magnitude = 0
  return (x: number): number => {
    if (n === 0) [med, fast, magnitude] = [x, x, Math.abs(x)]
    const floor = 0.002 * magnitude + 1e-9
    const scale = 1.4826 * mad + floor
    const a = Math.max(alpha, 1 / (n + 1))
    const fa = Math.max(modelFeatureSpec.fastAlpha, 1 / (n + 1))
    fast += fa * (x - fast)
    fastDev += fa * (Math.abs(x - fast) - fastDev)
    const raw = n === 0 ? 0 : 3 * Math.min(1000, Math.max(Math.abs(x - med) / scale, Math.abs(fast - med) / scale, 0.5 * Math.abs(Math.log((1.4826 * fastDev + floor) / scale))))
    const warm = n < 50 ? 1 : 0 // first samples: move by the whole distance, so the estimate starts near the data
    const step = a * (scale + Math.abs(x - med) * warm)
    med += x > med ? Math.min(step, x - med) : -Math.min(step, med - x)
    const dev = Math.abs(x - med)
    const devStep = a * (mad + dev * warm + floor)
    mad += dev > mad ? Math.min(devStep, dev - mad) : -Math.min(devStep, mad - dev)
    magnitude += a * (Math.abs(x) - magnitude)
    n++
    return raw
  }
}

/**
 * Shift against the usual shift: a medium-window mean's distance from the slow mean, in units of
 * its own usual distance (not the single-sample spread). A bursty series' averages vary far less
 * than its samples, so a change in burst rate shows here when it hides under the burst spread.
 */
function selfScaledShift(mediumAlpha: number, slowAlpha: number) {
  let n = 0, slow = 0, medium = 0, usual = 0, magnitude = 0
  return (x: number): number => {
    if (n === 0) [slow, medium, magnitude] = [x, x, Math.abs(x)]
    const a = Math.max(slowAlpha, 1 / (n + 1))
    medium += Math.max(mediumAlpha, 1 / (n + 1)) * (x - medium)
    const floor = 0.002 * magnitude + 1e-9
    const d = Math.abs(medium - slow)
    const z = n < 20 ? 0 : d / (usual + floor)
    usual += a * (Math.min(d, 4 * (usual + floor)) - usual)
    slow += a * (x - slow)
    magnitude += a * (Math.abs(x) - magnitude)
    n++
    return z
  }
}

/**
 * Record breaking: how far a value goes past the series' recent extremes (an upper and a lower
 * envelope that jump to a new extreme and then sink back by `decay` scales per sample), in scales.
 * In a series that spikes often, a spike higher than the usual spikes.
 */
function recordBreak(decay: number, slowAlpha: number) {
  let n = 0, hi = 0, lo = 0, mean = 0, dev = 0, magnitude = 0
  return (x: number): number => {
    if (n === 0) [hi, lo, mean, magnitude] = [x, x, x, Math.abs(x)]
    const scale = dev + 0.002 * magnitude + 1e-9
    const z = n < 20 ? 0 : Math.max(0, x - hi, lo - x) / scale
    hi = Math.max(x, hi - decay * scale)
    lo = Math.min(x, lo + decay * scale)
    const a = Math.max(slowAlpha, 1 / (n + 1))
    const xc = Math.min(Math.max(x, mean - 4 * scale), mean + 4 * scale)
    mean += a * (xc - mean)
    dev += a * (Math.abs(xc - mean) - dev)
    magnitude += a * (Math.abs(x) - magnitude)
    n++
    return z
  }
}

type Scorer = (values: readonly number[], timestamps: readonly number[]) => Float64Array

/** Shipped pipeline with the raw score replaced by `raw(x, features)`; optional post-hoc surprise factor. */
function withRaw(make: () => (x: number, f: Float32Array) => number, shrink?: (history: number) => number): Scorer {
  return (values, timestamps) => {
    const hf = new HostFeatures(modelFeatureSpec, modelCalibrationSpec, ['value'])
    const raw = make()
    const out = new Float64Array(values.length)
    for (let i = 0; i < values.length; i++) {
      const st = hf.step({ value: values[i]! }, timestamps[i]!)
      if (st.rows === 0) continue
      const { score, history } = hf.calibrate(raw(values[i]!, st.features))
      let s = score
      if (shrink) s = 1 - Math.exp(Math.log(1 - Math.min(s, 1 - 1e-8)) * shrink(history))
      out[i] = history < MIN_HISTORY ? 0 : s
    }
    return out
  }
}

/** Each signal calibrated into a surprise on its own, then weighted and combined by max, then shaped. */
function calibrateThenCombine(weights: readonly number[]): Scorer {
  const cs = modelCalibrationSpec
  return (values, timestamps) => {
    const hf = new HostFeatures(modelFeatureSpec, cs, ['value'])
    const cals = weights.map(() => newCalibration(cs))
    const alarm = newAlarm(cs.alarm!)
    const out = new Float64Array(values.length)
    for (let i = 0; i < values.length; i++) {
      const st = hf.step({ value: values[i]! }, timestamps[i]!)
      if (st.rows === 0) continue
      const f = st.features
      const signals = [Math.abs(f[0]!), Math.abs(f[1]!), Math.abs(f[3]!)]
      let s = 0
      weights.forEach((w, k) => {
        s = Math.max(s, w * surpriseOf(cs, cals[k]!, signals[k]!))
        remember(cs, cals[k]!, signals[k]!)
      })
      const score = shape(cs.alarm!, alarm, s)
      out[i] = cals[0]!.total < MIN_HISTORY ? 0 : score
    }
    return out
  }
}

const variants: { name: string; score: Scorer }[] = [
  { name: '1.3.0 (no record gate)', score: withRaw(() => (_x, f) => shippedRaw(f)) },
  ...[[2, 2, 2], [2, 3, 2], [3, 4, 5], [4, 2, 2], [6, 3, 10]].map(([k, L, w]) => ({
    name: `+ context novelty k=${k} L=${L} ×${w}`,
    score: withRaw(() => {
      const nov = contextNovelty(k!, L!)
      return (_x, f) => shippedRaw(f) + w! * nov(f[0]!)
    }),
  })),
  ...[[1, 2, 1], [2, 2, 1], [2, 3, 1], [3, 2, 1], [2, 2, 3], [2, 2, 0.3]].map(([k, L, w]) => ({
    name: `+ sequence surprise k=${k} L=${L} ×${w}`,
    score: withRaw(() => {
      const seq = sequenceSurprise(k!, L!)
      return (_x, f) => shippedRaw(f) + w! * seq(f[0]!)
    }),
  })),
  ...[[0.1, 1], [0.1, 0.5], [0.03, 1], [0.03, 0.5], [0.03, 0.25], [0.01, 0.5]].map(([m, w]) => ({
    name: `+ self-scaled shift (medium α ${m}) ×${w}`,
    score: withRaw(() => {
      const sh = selfScaledShift(m!, modelFeatureSpec.slowAlpha)
      return (x, f) => Math.max(shippedRaw(f), 3 * Math.min(1000, w! * sh(x)))
    }),
  })),
  ...[[0.01, 1], [0.01, 3], [0.003, 1], [0.003, 3], [0.03, 1], [0.01, 10], [0.001, 3], [0.002, 3], [0.005, 3], [0.003, 5], [0.003, 10], [0.001, 10], [0.0003, 3], [0.001, 30], [0.001, 100], [0.0003, 10], [0.0003, 30], [0.0001, 10], [0, 10], [0.002, 10], [0.002, 30]].map(([d, w]) => ({
    name: `+ record break (decay ${d}) ×${w}`,
    score: withRaw(() => {
      const rb = recordBreak(d!, modelFeatureSpec.slowAlpha)
      return (x, f) => shippedRaw(f) * (1 + w! * Math.min(1, rb(x)))
    }),
  })),
  ...[0, 0.3, 3].map((k) => ({
    name: `+ record break (decay 0.0003) ×10 gate ${k === 0 ? 'any break' : `full at ${k} scales`}`,
    score: withRaw(() => {
      const rb = recordBreak(0.0003, modelFeatureSpec.slowAlpha)
      return (x, f) => {
        const r = rb(x)
        return shippedRaw(f) * (1 + 10 * (k === 0 ? (r > 0 ? 1 : 0) : Math.min(1, r / k)))
      }
    }),
  })),
  { name: 'shipped 1.4.0', score: withRaw(() => (_x, f) => shipped14Raw(f)) },
  ...[[0.1, 3], [0.1, 10], [0.03, 3], [0.03, 10], [0.3, 3], [0.3, 1], [0.3, 2], [0.3, 5], [0.5, 3], [0.2, 3]].map(([a, w]) => ({
    name: `1.4.0 + record break of the recent mean (α ${a}) ×${w}`,
    score: withRaw(() => {
      const rb = recordBreak(0.0003, modelFeatureSpec.slowAlpha)
      let m = Number.NaN
      return (x, f) => {
        m = Number.isNaN(m) ? x : m + a! * (x - m)
        return shipped14Raw(f) * (1 + w! * Math.min(1, rb(m)))
      }
    }),
  })),
  ...[0.3, 0.5].map((a) => ({
    name: `1.4.0 with record = max of value record and recent-mean record α ${a}`,
    score: withRaw(() => {
      const rb = recordBreak(0.0003, modelFeatureSpec.slowAlpha)
      let m = Number.NaN
      return (x, f) => {
        m = Number.isNaN(m) ? x : m + a * (x - m)
        const r = Math.max(Math.abs(f[RECORD]!), rb(m))
        return shippedRaw(f) * (1 + defaultGraphParams.univariateRecordGate! * Math.min(1, r))
      }
    }),
  })),
  ...[[1, 0.05], [1, 0.1], [5, 0.1], [20, 0.05]].map(([w, a]) => ({
    name: `+ relative entropy ×${w} (short α ${a})`,
    score: withRaw(() => {
      const re = relativeEntropy(4, a!, 0.002)
      return (_x, f) => shippedRaw(f) + w! * re(f[0]!)
    }),
  })),
  { name: 'calibrate-then-combine: level, shift, spread', score: calibrateThenCombine([1, 1, 1]) },
  { name: 'calibrate-then-combine: level, shift', score: calibrateThenCombine([1, 1]) },
  { name: 'calibrate-then-combine: level only', score: calibrateThenCombine([1]) },
  ...[0.0015, 0.005].map((a) => ({ name: `streaming median/MAD baseline α ${a}`, score: withRaw(() => medianBaselineRaw(a)) })),
  ...[500, 1000].map((h) => ({
    name: `surprise × √min(1, history/${h}) (doubt a young calibration)`,
    score: withRaw(() => (_x, f) => shippedRaw(f), (history) => Math.sqrt(Math.min(1, history / h))),
  })),
]

async function main() {
  const args = process.argv.slice(2)
  const onlyIdx = args.indexOf('--only')
  const only = onlyIdx >= 0 ? new Set((args[onlyIdx + 1] ?? '').split(',')) : null
  const nab = await loadNabCorpus(join(sharedDataDir, 'nab'))
  process.stdout.write('| variant | TUNE: NAB std 34 | threshold | HELD OUT: NAB std AWS |\n|---|---|---|---|\n')
  for (const v of variants) {
    if (only && !only.has(v.name)) continue
    const scores = new Map(nab.map((s) => [s.name, v.score(s.values, s.timestamps)]))
    const split = evaluateNabSplit(v.name, nab, scores, nabPart)!
    const tune = split.tune.profiles.find((p) => p.profile === 'standard')!
    const held = split.heldOut.profiles.find((p) => p.profile === 'standard')!
    process.stdout.write(`| ${v.name} | ${tune.corpus.toFixed(1)} | ${tune.threshold.toFixed(5)} | ${held.corpus.toFixed(1)} |\n`)
  }
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
