import { describe, expect, it } from 'vitest'
import { newBaseline, observe } from './baseline'
import { defaultFeatureSpec, featureNames, FEATURE_COUNT, type FeatureSpec } from './spec'

const RECORD = featureNames.indexOf('record_z')

/** record_z of each value fed in order to one metric's baseline. */
function records(values: readonly number[], spec: FeatureSpec): number[] {
  const b = newBaseline()
  const out = new Float32Array(FEATURE_COUNT)
  return values.map((x) => {
    observe(b, x, spec, out, 0)
    return out[RECORD]!
  })
}

/** 0..9 over and over: a metric with a fixed range. */
const sawtooth = (n: number) => Array.from({ length: n }, (_, i) => i % 10)

describe('record feature', () => {
  const spec: FeatureSpec = { ...defaultFeatureSpec, recordWarmup: 50, recordDecay: 0.001 }

  it('is 0 until the envelope has seen recordWarmup samples, and ~0 inside the range the metric has shown', () => {
    const r = records([...sawtooth(40), 100, ...sawtooth(200), 99], spec)
    expect(r.slice(0, 41).every((v) => v === 0)).toBe(true) // 100 went past the range, but only 40 samples were seen
    // Inside the range: the top value coming back after the envelope sank a little is a record by
    // a hair (decay × samples since it was last seen), far from the 1 scale where the gate is full.
    expect(Math.max(...r.slice(41))).toBeLessThan(0.05)
    expect(r.at(-1)).toBe(0) // 99: still under the 100 seen 200 samples ago
  })

  it('measures how far a value goes past the extremes, up or down, in scale units', () => {
    const r = records([...sawtooth(300), 12, 30, 30, -20], spec)
    expect(r[300]).toBeGreaterThan(0)
    expect(r[301]).toBeGreaterThan(r[300]! * 5) // 21 above the old top of 9, against 3
    expect(r[302]).toBe(0) // the same value again is no longer a record
    expect(r[303]).toBeGreaterThan(r[300]!) // below the bottom counts as well
  })

  it('lets a new extreme become usual again: the envelope sinks back by recordDecay scales per sample', () => {
    const fast = records([...sawtooth(300), 40, ...sawtooth(3000), 30], { ...spec, recordDecay: 0.01 })
    const never = records([...sawtooth(300), 40, ...sawtooth(3000), 30], { ...spec, recordDecay: 0 })
    expect(fast.at(-1)).toBeGreaterThan(0) // long after 40, a 30 is a record again
    expect(never.at(-1)).toBe(0) // without decay, 40 stays the top
  })
})
