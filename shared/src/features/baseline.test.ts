import { describe, expect, it } from 'vitest'
import { modelFeatureSpec } from '../model/model-params'
import { newBaseline, observe } from './baseline'
import { FEATURE_COUNT } from './spec'

/** The shift feature (fast mean vs baseline, in scales) after each value of `xs`. */
function shifts(xs: number[], spec = modelFeatureSpec): number[] {
  const b = newBaseline()
  const out = new Float32Array(FEATURE_COUNT)
  return xs.map((x, i) => (observe(b, x, spec, out, 0, i * 60_000), out[1]!))
}

describe('baseline: the scale floor at a share of the range (rangeFloor)', () => {
  // A metric that is 0 for long stretches with a blip of 0.5 now and then (a counter of rare events).
  const still = [...Array<number>(500).fill(0), 0.5, ...Array<number>(300).fill(0), 0.5, ...Array<number>(20).fill(0)]

  it('measures the next blip of a still metric in a share of its range, not in a scale sunk towards 0', () => {
    const plain = shifts(still)
    const floored = shifts(still, { ...modelFeatureSpec, rangeFloor: 0.01 })
    // Without it, the shift sits at the feature limit for the whole stretch after the blip.
    expect(plain.at(-1)).toBe(modelFeatureSpec.featureLimit)
    // With it, 1% of the 0.5 range: the blip reads as ~10 scales and fades within the stretch.
    expect(floored[801]).toBeGreaterThan(5)
    expect(floored[801]).toBeLessThan(20)
    expect(floored.at(-1)!).toBeLessThan(2)
  })

  it('leaves a metric whose own spread is far above the floor as it was', () => {
    let x = 11
    const noisy = Array.from({ length: 2000 }, () => ((x = (x * 48271) % 2147483647) / 2147483647) * 10)
    const a = shifts(noisy)
    const b = shifts(noisy, { ...modelFeatureSpec, rangeFloor: 0.001 })
    for (let i = 1000; i < 2000; i += 97) expect(b[i]!).toBeCloseTo(a[i]!, 1)
  })
})
