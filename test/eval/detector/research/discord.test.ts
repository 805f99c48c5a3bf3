import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { MetricDiscord, type DiscordSpec } from './discord'

const spec: DiscordSpec = { length: 16, memory: 64, stride: 4, history: 256 }
/** The metric's baseline scale the pipeline would pass (a wave of amplitude 10 has a mean absolute deviation near 6.4). */
const SCALE = 6

/** A daily-like wave with a little deterministic noise. */
const wave = (i: number) => 10 * Math.sin((2 * Math.PI * i) / 48) + 0.3 * Math.sin(i * 12.9898)
const mean = (xs: readonly number[]) => xs.reduce((a, x) => a + x, 0) / xs.length

function run(values: readonly number[], s: DiscordSpec = spec, scale = SCALE): number[] {
  const d = new MetricDiscord(s)
  return values.map((v) => d.step(v, scale))
}

describe('streaming discord distance', () => {
  it('a periodic signal that goes flat scores as novel although every value is inside its usual range', () => {
    const values = Array.from({ length: 1200 }, (_, i) => wave(i))
    for (let i = 1000; i < 1030; i++) values[i] = 0.3 * Math.sin(i * 12.9898)
    const s = run(values)
    // Where nothing is new the p-value is about uniform: −ln p averages about 1.
    expect(mean(s.slice(600, 1000))).toBeLessThan(1.5)
    expect(mean(s.slice(1005, 1030))).toBeGreaterThan(3)
  })

  it('a known shape at another level or amplitude is not novel (that is what level and spread features are for)', () => {
    // From row 1000 the same wave sits 50 higher and twice as tall: every value is new, the shape is not.
    const values = Array.from({ length: 1200 }, (_, i) => (i < 1000 ? wave(i) : 50 + 2 * wave(i)))
    const s = run(values)
    // The subsequences that straddle the step are new shapes; once past it, nothing is.
    expect(mean(s.slice(1020, 1200))).toBeLessThan(1.5)
  })

  it('is causal: the score at t does not depend on anything after t', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 40, maxLength: 120 }),
        fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 40 }),
        (prefix, tail) => {
          const a = run([...prefix, ...tail], { ...spec, history: 16 })
          const b = run(prefix, { ...spec, history: 16 })
          expect(a.slice(0, prefix.length)).toEqual(b)
        },
      ),
      { numRuns: 50 },
    )
  })

  it('keeps bounded memory: the exported state stops growing however long the stream', () => {
    const d = new MetricDiscord(spec)
    for (let i = 0; i < 5000; i++) d.step(wave(i), SCALE)
    const size = JSON.stringify(d.exportState()).length
    for (let i = 5000; i < 20_000; i++) d.step(wave(i), SCALE)
    const st = d.exportState()
    expect(st.memory.length).toBe(spec.memory * spec.length)
    expect(st.distances.length).toBe(spec.history)
    expect(st.values.length).toBe(2 * spec.length)
    expect(JSON.stringify(st).length).toBeLessThan(size * 1.1)
  })

  it('continues exactly where it left off after export and import (an agent restart)', () => {
    const values = Array.from({ length: 900 }, (_, i) => wave(i) + (i > 700 ? 3 : 0))
    const straight = run(values)
    const first = new MetricDiscord(spec)
    values.slice(0, 500).forEach((v) => first.step(v, SCALE))
    const restored = MetricDiscord.fromState(spec, JSON.parse(JSON.stringify(first.exportState())))
    expect(values.slice(500).map((v) => restored.step(v, SCALE))).toEqual(straight.slice(500))
  })

  it('refuses state that does not fit its spec, naming the mismatch', () => {
    const d = new MetricDiscord(spec)
    for (let i = 0; i < 400; i++) d.step(wave(i), SCALE)
    const st = d.exportState()
    expect(() => MetricDiscord.fromState({ ...spec, length: 8 }, st)).toThrow(/subsequences of 16 values, the spec uses 8/)
    expect(() => MetricDiscord.fromState(spec, { ...st, values: [...st.values, ...st.values] })).toThrow(/64 values, the spec keeps 32/)
    expect(() => MetricDiscord.fromState({ ...spec, memory: 16 }, st)).toThrow(/memory values, the spec keeps 16 subsequences/)
    expect(() => MetricDiscord.fromState({ ...spec, history: 32 }, st)).toThrow(/distances, the spec keeps 32/)
  })

  it('a flat metric never looks novel', () => {
    expect(run(Array.from({ length: 600 }, () => 5), spec, 1e-9).every((s) => s === 0)).toBe(true)
  })
})
