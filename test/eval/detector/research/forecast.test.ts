import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { MetricForecast, type ForecastSpec } from './forecast'

const spec: ForecastSpec = { lags: 8, memory: 128, stride: 4, k: 3, history: 256 }
/** The metric's baseline scale the pipeline would pass (a wave of amplitude 10 has a mean absolute deviation near 6.4). */
const SCALE = 6

/** A daily-like wave with a little deterministic noise. */
const wave = (i: number) => 10 * Math.sin((2 * Math.PI * i) / 48) + 0.3 * Math.sin(i * 12.9898)
const mean = (xs: readonly number[]) => xs.reduce((a, x) => a + x, 0) / xs.length

function run(values: readonly number[], s: ForecastSpec = spec, scale = SCALE): { surprise: number[]; residual: number[] } {
  const f = new MetricForecast(s)
  const surprise: number[] = []
  const residual: number[] = []
  for (const v of values) {
    surprise.push(f.step(v, scale))
    residual.push(f.lastResidual)
  }
  return { surprise, residual }
}

describe('analogue forecast of the next value', () => {
  it('learns a periodic signal: its residuals become a small share of the wave, far below a persistence forecast', () => {
    const values = Array.from({ length: 1200 }, (_, i) => wave(i))
    const { residual } = run(values)
    const persistence = values.slice(601).map((v, i) => Math.abs(v - values[600 + i]!) / SCALE)
    expect(mean(residual.slice(601))).toBeLessThan(0.5 * mean(persistence))
  })

  it('a value that breaks the sequence is surprising although it is inside the usual range', () => {
    // At row 1000 the wave jumps half a period (its value stays within ±10): the forecast misses it.
    const values = Array.from({ length: 1200 }, (_, i) => (i < 1000 ? wave(i) : wave(i + 24)))
    const { surprise } = run(values)
    // Where nothing is new the p-value is about uniform: −ln p averages about 1.
    expect(mean(surprise.slice(600, 1000))).toBeLessThan(1.5)
    expect(Math.max(...surprise.slice(1000, 1003))).toBeGreaterThan(4)
  })

  it('a known pattern at another level is predicted (the contexts are steps, not values)', () => {
    const values = Array.from({ length: 1400 }, (_, i) => (i < 1000 ? wave(i) : 50 + wave(i)))
    const { surprise } = run(values)
    expect(mean(surprise.slice(1020, 1400))).toBeLessThan(1.5)
  })

  it('is causal: the output at t does not depend on anything after t', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 40, maxLength: 120 }),
        fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 40 }),
        (prefix, tail) => {
          const s = { ...spec, memory: 8, history: 16 }
          const a = run([...prefix, ...tail], s)
          const b = run(prefix, s)
          expect(a.surprise.slice(0, prefix.length)).toEqual(b.surprise)
          expect(a.residual.slice(0, prefix.length)).toEqual(b.residual)
        },
      ),
      { numRuns: 50 },
    )
  })

  it('keeps bounded memory: the exported state stops growing however long the stream', () => {
    const f = new MetricForecast(spec)
    for (let i = 0; i < 5000; i++) f.step(wave(i), SCALE)
    const size = JSON.stringify(f.exportState()).length
    for (let i = 5000; i < 20_000; i++) f.step(wave(i), SCALE)
    const st = f.exportState()
    expect(st.memory.length).toBe(spec.memory * (spec.lags + 1))
    expect(st.residuals.length).toBe(spec.history)
    expect(st.values.length).toBe(spec.lags + 2)
    expect(JSON.stringify(st).length).toBeLessThan(size * 1.1)
  })

  it('export then import continues exactly as an uninterrupted forecaster would', () => {
    const values = Array.from({ length: 1500 }, (_, i) => wave(i) + (i % 97 === 0 ? 8 : 0))
    const straight = run(values)
    const first = new MetricForecast(spec)
    for (let i = 0; i < 700; i++) first.step(values[i]!, SCALE)
    const restored = MetricForecast.fromState(spec, JSON.parse(JSON.stringify(first.exportState())))
    const rest = values.slice(700).map((v) => restored.step(v, SCALE))
    expect(rest).toEqual(straight.surprise.slice(700))
  })

  it('refuses state that does not fit the spec, naming what differs', () => {
    const f = new MetricForecast(spec)
    for (let i = 0; i < 900; i++) f.step(wave(i), SCALE)
    const st = f.exportState()
    expect(() => MetricForecast.fromState({ ...spec, lags: 4 }, st)).toThrow(/contexts of 8 steps, the spec uses 4/)
    expect(() => MetricForecast.fromState({ ...spec, memory: 16 }, st)).toThrow(/spec keeps 16 contexts/)
    expect(() => MetricForecast.fromState({ ...spec, history: 32 }, st)).toThrow(/256 residuals, the spec keeps 32/)
  })

  it('a flat metric is never surprising', () => {
    const { surprise } = run(Array.from({ length: 800 }, () => 5))
    expect(Math.max(...surprise)).toBeLessThan(0.01)
  })
})
