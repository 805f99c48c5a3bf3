import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { defaultAlarmSpec } from './alarm'
import { defaultCalibrationSpec, type CalibrationSpec } from './calibration'
import { HostFeatures } from './pipeline'
import { defaultFeatureSpec } from './spec'

const metrics = ['a', 'b', 'c']
const value = fc.oneof(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.constant(Number.NaN))
const sampleArb = fc.record({ a: value, b: value, c: value }, { requiredKeys: [] })

/** Calibration with every alarm-shaping step on (short windows so the property tests reach them). */
const shaped: CalibrationSpec = {
  ...defaultCalibrationSpec,
  alarm: { ...defaultAlarmSpec, shortWindow: 4, likelihoodWeight: 0.6, holdoffLevel: 0.99, holdoffSamples: 5, holdoffCap: 0.9 },
}

/** Features and calibrated score of every step, as plain arrays. */
function run(samples: Record<string, number>[], calibration: CalibrationSpec = defaultCalibrationSpec) {
  const hf = new HostFeatures({ ...defaultFeatureSpec, warmup: 3 }, calibration, metrics)
  return samples.map((s) => {
    const st = hf.step(s)
    let raw = 0
    for (const v of st.features) raw = Math.max(raw, Math.abs(v))
    return { features: Array.from(st.features), metrics: [...st.metrics], score: hf.calibrate(raw).score }
  })
}

describe('feature pipeline', () => {
  it('is causal: the output at t does not change when rows are appended after t', () => {
    fc.assert(
      fc.property(fc.array(sampleArb, { minLength: 1, maxLength: 60 }), fc.array(sampleArb, { maxLength: 30 }), (prefix, suffix) => {
        for (const spec of [defaultCalibrationSpec, shaped]) {
          const short = run(prefix, spec)
          const long = run([...prefix, ...suffix], spec)
          expect(long.slice(0, prefix.length)).toEqual(short)
        }
      }),
      { numRuns: 200 },
    )
  })

  it('never emits non-finite features or scores outside [0,1], whatever the input', () => {
    fc.assert(
      fc.property(fc.array(sampleArb, { maxLength: 80 }), (samples) => {
        for (const r of [...run(samples), ...run(samples, shaped)]) {
          expect(r.features.every(Number.isFinite)).toBe(true)
          expect(r.score).toBeGreaterThanOrEqual(0)
          expect(r.score).toBeLessThanOrEqual(1)
        }
      }),
      { numRuns: 200 },
    )
  })

  it('leaves a metric out until it has warmed up, and missing values out of the row', () => {
    const hf = new HostFeatures({ ...defaultFeatureSpec, warmup: 2 }, defaultCalibrationSpec, metrics)
    expect(hf.step({ a: 1, b: 1 }).rows).toBe(0)
    expect(hf.step({ a: 1, b: 1 }).rows).toBe(0)
    const st = hf.step({ a: 1, c: 5 })
    expect(st.metrics).toEqual(['a'])
  })

  it('state survives a JSON round trip and rejects a mismatched layout', () => {
    const hf = new HostFeatures(defaultFeatureSpec, defaultCalibrationSpec, metrics)
    for (let i = 0; i < 50; i++) hf.calibrate(Math.abs(hf.step({ a: i % 7, b: i }).features[0] ?? 0))
    const copy = new HostFeatures(defaultFeatureSpec, defaultCalibrationSpec, metrics)
    copy.importState(JSON.parse(JSON.stringify(hf.exportState())))
    expect(Array.from(copy.step({ a: 100, b: 3 }).features)).toEqual(Array.from(hf.step({ a: 100, b: 3 }).features))
    const other = new HostFeatures(defaultFeatureSpec, { ...defaultCalibrationSpec, bins: 64 }, metrics)
    expect(() => other.importState(hf.exportState())).toThrow(/calibration bins/)
  })

  it('loads state saved with the research memories the runtime no longer has (novelty, discord, forecast, burstiness), dropping them', () => {
    const hf = new HostFeatures(defaultFeatureSpec, defaultCalibrationSpec, metrics)
    for (let i = 0; i < 50; i++) hf.calibrate(Math.abs(hf.step({ a: i % 7, b: i }).features[0] ?? 0))
    const saved = JSON.parse(JSON.stringify(hf.exportState()))
    // As an agent that ran a research spec saved it (shapes of the removed states, abridged).
    const old = JSON.parse(JSON.stringify(saved))
    old.metrics.a.novelty = { lags: 4, values: [1, 2], contexts: [], scores: [], n: 2 }
    old.metrics.a.discord = { length: 8, values: [], memory: [], distances: [], n: 0 }
    old.metrics.b.forecast = { lags: 4, values: [], memory: [], residuals: [], forecast: null, n: 0 }
    old.metrics.b.burstiness = { n: 10, share: 0, beyond: false }
    const copy = new HostFeatures(defaultFeatureSpec, defaultCalibrationSpec, metrics)
    copy.importState(old)
    expect(copy.exportState()).toEqual(saved)
    expect(Array.from(copy.step({ a: 100, b: 3 }).features)).toEqual(Array.from(hf.step({ a: 100, b: 3 }).features))
  })

  it('carries the alarm-shaping state through a round trip, and starts shaping fresh from state saved without it', () => {
    const hf = new HostFeatures(defaultFeatureSpec, shaped, metrics)
    for (let i = 0; i < 300; i++) hf.calibrate(Math.abs(hf.step({ a: (i * 7) % 11, b: i }).features[0] ?? 0) + (i === 250 ? 40 : 0))
    const copy = new HostFeatures(defaultFeatureSpec, shaped, metrics)
    copy.importState(JSON.parse(JSON.stringify(hf.exportState())))
    for (let i = 0; i < 20; i++) expect(copy.calibrate(i % 5)).toEqual(hf.calibrate(i % 5))
    const plain = new HostFeatures(defaultFeatureSpec, defaultCalibrationSpec, metrics)
    plain.step({ a: 1, b: 2 })
    const upgraded = new HostFeatures(defaultFeatureSpec, shaped, metrics)
    upgraded.importState(plain.exportState())
    expect(upgraded.exportState().alarm?.recent).toHaveLength(4)
    const otherWindow = new HostFeatures(defaultFeatureSpec, { ...shaped, alarm: { ...shaped.alarm!, shortWindow: 8 } }, metrics)
    expect(() => otherWindow.importState(hf.exportState())).toThrow(/alarm window of 4 samples, model uses 8/)
  })
})
