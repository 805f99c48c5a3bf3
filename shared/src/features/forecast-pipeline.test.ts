import { describe, expect, it } from 'vitest'
import { defaultCalibrationSpec } from './calibration'
import { FeatureStateError, HostFeatures } from './pipeline'
import { defaultFeatureSpec, type FeatureSpec } from './spec'

const withForecast: FeatureSpec = { ...defaultFeatureSpec, warmup: 3, forecast: { lags: 6, memory: 32, stride: 2, k: 3, history: 64 } }
const metrics = ['a', 'b']
const sample = (i: number) => ({ a: 10 * Math.sin(i / 6) + Math.sin(i * 12.9898), b: 5 + (i % 7) })

function forecasts(hf: HostFeatures, from: number, to: number): number[][] {
  const out: number[][] = []
  for (let i = from; i < to; i++) {
    const st = hf.step(sample(i))
    out.push([...Array.from(st.forecast ?? []), ...Array.from(st.forecastResidual ?? [])])
  }
  return out
}

describe('analogue forecast in the feature pipeline', () => {
  it('is returned beside the feature rows, surprise and residual, one value per row, only for a spec that asks for it', () => {
    const hf = new HostFeatures(withForecast, defaultCalibrationSpec, metrics)
    const rows = forecasts(hf, 0, 400)
    expect(rows.at(-1)).toHaveLength(4)
    expect(rows.slice(200).some((r) => r.slice(0, 2).some((v) => v > 0))).toBe(true)
    const plain = new HostFeatures({ ...withForecast, forecast: undefined }, defaultCalibrationSpec, metrics)
    expect(plain.step(sample(0)).forecast).toBeUndefined()
    for (let i = 1; i < 50; i++) plain.step(sample(i))
    expect(Object.values(plain.exportState().metrics).every((m) => m.forecast === undefined)).toBe(true)
  })

  it('persists with the host baseline: an agent restart continues the same forecasts', () => {
    const straight = new HostFeatures(withForecast, defaultCalibrationSpec, metrics)
    const expected = forecasts(straight, 0, 600).slice(300)
    const first = new HostFeatures(withForecast, defaultCalibrationSpec, metrics)
    forecasts(first, 0, 300)
    const restarted = new HostFeatures(withForecast, defaultCalibrationSpec, metrics)
    restarted.importState(JSON.parse(JSON.stringify(first.exportState())))
    expect(forecasts(restarted, 300, 600)).toEqual(expected)
  })

  it('refuses saved forecast memory that does not fit the model, naming the metric, and keeps its own state', () => {
    const hf = new HostFeatures(withForecast, defaultCalibrationSpec, metrics)
    forecasts(hf, 0, 300)
    const saved = hf.exportState()
    const other = new HostFeatures({ ...withForecast, forecast: { ...withForecast.forecast!, lags: 8 } }, defaultCalibrationSpec, metrics)
    const before = JSON.stringify(other.exportState())
    expect(() => other.importState(saved)).toThrow(FeatureStateError)
    expect(() => other.importState(saved)).toThrow(/forecast state of "a"/)
    expect(JSON.stringify(other.exportState())).toBe(before)
    const plain = new HostFeatures({ ...withForecast, forecast: undefined }, defaultCalibrationSpec, metrics)
    plain.importState(saved)
    expect(Object.values(plain.exportState().metrics).every((m) => m.forecast === undefined)).toBe(true)
  })
})
