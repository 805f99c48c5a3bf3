import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { MetricNovelty, type NoveltySpec } from './novelty'

const spec: NoveltySpec = { lags: 8, memory: 64, stride: 2, k: 3, history: 256 }

/** A daily-like wave with a little deterministic noise. */
const wave = (i: number) => 10 * Math.sin((2 * Math.PI * i) / 48) + 0.3 * Math.sin(i * 12.9898)

function run(values: readonly number[], s: NoveltySpec = spec): number[] {
  const n = new MetricNovelty(s)
  return values.map((v) => n.step(v))
}

describe('sequence novelty', () => {
  it('a periodic signal that changes shape scores as novel although every value is inside its usual range', () => {
    const values = Array.from({ length: 1200 }, (_, i) => wave(i))
    // From row 1000 the wave flattens to its mean for a while: values the metric has shown every cycle, in a pattern it has not.
    for (let i = 1000; i < 1030; i++) values[i] = 0.3 * Math.sin(i * 12.9898)
    const s = run(values)
    const mean = (xs: number[]) => xs.reduce((a, x) => a + x, 0) / xs.length
    // Where nothing is new the p-value is uniform, so −ln p averages about 1 (its expectation).
    expect(mean(s.slice(600, 1000))).toBeLessThan(1.5)
    // Through the break it averages more than twice that (once the flat contexts are kept, they stop being new).
    expect(mean(s.slice(1000, 1030))).toBeGreaterThan(2)
  })

  it('is causal: the score at t does not depend on anything after t', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 40, maxLength: 120 }), fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 40 }), (prefix, tail) => {
        const a = run([...prefix, ...tail])
        const b = run(prefix)
        expect(a.slice(0, prefix.length)).toEqual(b)
      }),
      { numRuns: 50 },
    )
  })

  it('keeps bounded memory: the exported state stops growing however long the stream', () => {
    const n = new MetricNovelty(spec)
    for (let i = 0; i < 5000; i++) n.step(wave(i))
    const size = JSON.stringify(n.exportState()).length
    for (let i = 5000; i < 20_000; i++) n.step(wave(i))
    const st = n.exportState()
    expect(st.contexts.length).toBe(spec.memory * spec.lags)
    expect(st.scores.length).toBe(spec.history)
    expect(st.values.length).toBe(2 * spec.lags)
    expect(JSON.stringify(st).length).toBeLessThan(size * 1.1)
  })

  it('continues exactly where it left off after export and import (an agent restart)', () => {
    const values = Array.from({ length: 900 }, (_, i) => wave(i) + (i > 700 ? 3 : 0))
    const straight = run(values)
    const first = new MetricNovelty(spec)
    values.slice(0, 500).forEach((v) => first.step(v))
    const restored = MetricNovelty.fromState(spec, JSON.parse(JSON.stringify(first.exportState())))
    expect(values.slice(500).map((v) => restored.step(v))).toEqual(straight.slice(500))
  })

  it('refuses state that does not fit its spec, naming the mismatch', () => {
    const n = new MetricNovelty(spec)
    for (let i = 0; i < 400; i++) n.step(wave(i))
    const st = n.exportState()
    expect(() => MetricNovelty.fromState({ ...spec, lags: 4 }, st)).toThrow(/contexts of 8 values, the spec uses 4/)
    expect(() => MetricNovelty.fromState(spec, { ...st, values: [...st.values, ...st.values] })).toThrow(/32 values, the spec keeps 16/)
    expect(() => MetricNovelty.fromState({ ...spec, memory: 16 }, st)).toThrow(/context values, the spec keeps 16 contexts/)
    expect(() => MetricNovelty.fromState({ ...spec, history: 32 }, st)).toThrow(/scores, the spec keeps 32/)
  })

  it('a flat metric never looks novel', () => {
    expect(run(Array.from({ length: 600 }, () => 5)).every((s) => s === 0)).toBe(true)
  })
})
