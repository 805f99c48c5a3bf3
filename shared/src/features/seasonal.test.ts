import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { defaultCalibrationSpec } from './calibration'
import { HostFeatures } from './pipeline'
import { defaultFeatureSpec, type FeatureSpec } from './spec'

const HOUR = 3_600_000
const STEP = 300_000 // 5-minute samples
const seasonal: FeatureSpec = { ...defaultFeatureSpec, warmup: 3, seasonal: { bucketSeconds: 3600, buckets: 24, alpha: 0.02, minSamples: 24, weight: 1 } }

/** A metric with a strong daily wave (peak at noon) and a little deterministic noise. */
const daily = (i: number) => 50 + 30 * Math.sin((2 * Math.PI * ((i * STEP) % (24 * HOUR))) / (24 * HOUR)) + Math.sin(i * 12.9898)

function levels(spec: FeatureSpec, n: number, value: (i: number) => number, ts: (i: number) => number = (i) => i * STEP) {
  const hf = new HostFeatures(spec, defaultCalibrationSpec, ['m'])
  const out: number[] = []
  for (let i = 0; i < n; i++) out.push(hf.step({ m: value(i) }, ts(i)).features[0] ?? 0)
  return { hf, out }
}

describe('seasonal baseline', () => {
  it('learns a daily wave: a dip that the level baseline cannot tell from the wave stands out against the seasonal one', () => {
    const n = (6 * 24 * HOUR) / STEP
    // Level feature of a normal last day, then of a 20-unit dip below the wave at the next sample.
    const contrast = (spec: FeatureSpec) => {
      const { hf, out } = levels(spec, n, daily)
      const normal = Math.max(...out.slice(-(24 * HOUR) / STEP).map(Math.abs))
      const dip = Math.abs(hf.step({ m: daily(n) - 20 }, n * STEP).features[0]!)
      return dip / normal
    }
    expect(contrast({ ...seasonal, seasonal: undefined })).toBeLessThan(1)
    expect(contrast(seasonal)).toBeGreaterThan(2)
  })

  it('without timestamps behaves exactly like the spec without seasonality', () => {
    const a = levels(seasonal, 2000, daily, () => Number.NaN).out
    const b = levels({ ...seasonal, seasonal: undefined }, 2000, daily).out
    expect(a).toEqual(b)
  })

  it('is causal with timestamps: appending samples never changes earlier features', () => {
    const value = fc.oneof(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.constant(Number.NaN))
    const spec: FeatureSpec = { ...seasonal, seasonal: { ...seasonal.seasonal!, bucketSeconds: 60, buckets: 4, minSamples: 2 } }
    const run = (xs: number[]) => levels(spec, xs.length, (i) => xs[i]!, (i) => i * 30_000).out
    fc.assert(
      fc.property(fc.array(value, { minLength: 1, maxLength: 80 }), fc.array(value, { maxLength: 30 }), (prefix, suffix) => {
        expect(run([...prefix, ...suffix]).slice(0, prefix.length)).toEqual(run(prefix))
      }),
      { numRuns: 100 },
    )
  })

  it('carries the seasonal offsets through a JSON round trip', () => {
    const { hf } = levels(seasonal, 1000, daily)
    const copy = new HostFeatures(seasonal, defaultCalibrationSpec, ['m'])
    copy.importState(JSON.parse(JSON.stringify(hf.exportState())))
    const t = 1000 * STEP
    expect(Array.from(copy.step({ m: 90 }, t).features)).toEqual(Array.from(hf.step({ m: 90 }, t).features))
  })
})

describe('seasonal baseline: deseasonalized fast statistics and the gate', () => {
  const day = (24 * HOUR) / STEP
  const fixed: FeatureSpec = { ...seasonal, seasonal: { ...seasonal.seasonal!, deseasonalizeFast: true } }
  const gated: FeatureSpec = { ...seasonal, seasonal: { ...seasonal.seasonal!, deseasonalizeFast: true, gate: 0.7 } }
  const shifts = (spec: FeatureSpec, value: (i: number) => number) => {
    const hf = new HostFeatures(spec, defaultCalibrationSpec, ['m'])
    const out: number[] = []
    for (let i = 0; i < 6 * day; i++) out.push(hf.step({ m: value(i) }, i * STEP).features[1] ?? 0)
    return Math.max(...out.slice(-day).map(Math.abs))
  }

  it('reads a known wave\'s own slope as a shift less than half as much once the fast mean is deseasonalized', () => {
    // The raw fast mean lags the wave, so against the bucket's expectation it reads as a shift;
    // what is left deseasonalized is the hourly buckets' own step (the wave moves within an hour).
    expect(shifts(seasonal, daily)).toBeGreaterThan(2 * shifts(fixed, daily))
  })

  it('with a gate, a metric without a daily pattern scores exactly as without seasonality', () => {
    let a = 7
    const noise = () => {
      a = (a * 1103515245 + 12345) % 2147483648
      return 50 + (10 * a) / 2147483648
    }
    const xs = Array.from({ length: 4000 }, noise)
    expect(levels(gated, xs.length, (i) => xs[i]!).out).toEqual(levels({ ...seasonal, seasonal: undefined }, xs.length, (i) => xs[i]!).out)
  })

  it('with a gate, still learns a daily wave: the dip stands out', () => {
    const n = 6 * day
    const { hf, out } = levels(gated, n, daily)
    const normal = Math.max(...out.slice(-day).map(Math.abs))
    expect(Math.abs(hf.step({ m: daily(n) - 20 }, n * STEP).features[0]!) / normal).toBeGreaterThan(2)
  })

  it('carries the gate\'s residual scales through a JSON round trip', () => {
    const { hf } = levels(gated, 3 * day, daily)
    const saved = JSON.parse(JSON.stringify(hf.exportState())) as { metrics: Record<string, { seasonDev?: number; plainDev?: number }> }
    expect(saved.metrics.m!.seasonDev).toBeGreaterThan(0)
    expect(saved.metrics.m!.plainDev).toBeGreaterThan(saved.metrics.m!.seasonDev!)
    const copy = new HostFeatures(gated, defaultCalibrationSpec, ['m'])
    copy.importState(saved)
    const t = 3 * day * STEP
    expect(Array.from(copy.step({ m: 90 }, t).features)).toEqual(Array.from(hf.step({ m: 90 }, t).features))
  })
})
