import { describe, expect, it } from 'vitest'
import { LIKELIHOOD_WARMUP, SurpriseLikelihood, type LikelihoodSpec } from './surprise-likelihood'

const spec: LikelihoodSpec = { window: 16, longAlpha: 0.002, clamp: 5 }

/** Deterministic exponential(1) surprises, −ln p of a uniform p: what a detector says where nothing is new. */
function nullSurprises(n: number, seed = 7): number[] {
  let x = seed
  return Array.from({ length: n }, () => {
    x = (x * 1103515245 + 12345) % 2147483648
    return -Math.log((x + 1) / 2147483649)
  })
}

describe('anomaly likelihood of a surprise signal', () => {
  it('single extreme rows barely register; a run of moderately surprising rows scores far past them', () => {
    const l = new SurpriseLikelihood(spec)
    const calm = nullSurprises(3000)
    const calmOut = calm.map((s) => l.step(s))
    const lone = l.step(6.9)
    // 30 rows in a row at p ≈ 2%: none extreme on its own.
    const run = Array.from({ length: 30 }, () => l.step(4))
    expect(Math.max(...calmOut.slice(LIKELIHOOD_WARMUP + spec.window))).toBeLessThan(Math.max(...run))
    expect(lone).toBeLessThan(Math.max(...run) / 2)
    expect(Math.max(...run)).toBeGreaterThan(10)
  })

  it('is silent while warming up', () => {
    const l = new SurpriseLikelihood(spec)
    const out = Array.from({ length: spec.window + LIKELIHOOD_WARMUP - 1 }, () => l.step(10))
    expect(out.every((v) => v === 0)).toBe(true)
  })

  it('continues exactly after export and import, and refuses a window that does not fit', () => {
    const xs = nullSurprises(800, 3)
    const straight = new SurpriseLikelihood(spec)
    const expected = xs.map((s) => straight.step(s)).slice(400)
    const first = new SurpriseLikelihood(spec)
    xs.slice(0, 400).forEach((s) => first.step(s))
    const saved = JSON.parse(JSON.stringify(first.exportState()))
    const restored = SurpriseLikelihood.fromState(spec, saved)
    expect(xs.slice(400).map((s) => restored.step(s))).toEqual(expected)
    expect(() => SurpriseLikelihood.fromState({ ...spec, window: 8 }, saved)).toThrow(/window of 16 surprises, the spec uses 8/)
  })
})
