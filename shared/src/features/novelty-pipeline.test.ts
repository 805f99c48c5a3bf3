import { describe, expect, it } from 'vitest'
import { defaultCalibrationSpec } from './calibration'
import { FeatureStateError, HostFeatures } from './pipeline'
import { defaultFeatureSpec, type FeatureSpec } from './spec'

const withNovelty: FeatureSpec = { ...defaultFeatureSpec, warmup: 3, novelty: { lags: 4, memory: 32, stride: 2, k: 2, history: 64 } }
const metrics = ['a', 'b']
const sample = (i: number) => ({ a: 10 * Math.sin(i / 6) + Math.sin(i * 12.9898), b: 5 + (i % 7) })

function novelties(hf: HostFeatures, from: number, to: number): number[][] {
  const out: number[][] = []
  for (let i = from; i < to; i++) out.push(Array.from(hf.step(sample(i)).novelty ?? []))
  return out
}

describe('sequence novelty in the feature pipeline', () => {
  it('is returned beside the feature rows, one value per row, only for a spec that asks for it', () => {
    const hf = new HostFeatures(withNovelty, defaultCalibrationSpec, metrics)
    const rows = novelties(hf, 0, 300)
    expect(rows.at(-1)).toHaveLength(2)
    expect(rows.slice(200).some((r) => r.some((v) => v > 0))).toBe(true)
    const plain = new HostFeatures({ ...withNovelty, novelty: undefined }, defaultCalibrationSpec, metrics)
    expect(plain.step(sample(0)).novelty).toBeUndefined()
    for (let i = 1; i < 50; i++) plain.step(sample(i))
    expect(Object.values(plain.exportState().metrics).every((m) => m.novelty === undefined)).toBe(true)
  })

  it('persists with the host baseline: an agent restart continues the same novelty scores', () => {
    const straight = new HostFeatures(withNovelty, defaultCalibrationSpec, metrics)
    const expected = novelties(straight, 0, 500).slice(300)
    const first = new HostFeatures(withNovelty, defaultCalibrationSpec, metrics)
    novelties(first, 0, 300)
    const restarted = new HostFeatures(withNovelty, defaultCalibrationSpec, metrics)
    restarted.importState(JSON.parse(JSON.stringify(first.exportState())))
    expect(novelties(restarted, 300, 500)).toEqual(expected)
  })

  it('refuses saved novelty memory that does not fit the model, naming the metric, and keeps its own state', () => {
    const hf = new HostFeatures(withNovelty, defaultCalibrationSpec, metrics)
    novelties(hf, 0, 300)
    const saved = hf.exportState()
    const other = new HostFeatures({ ...withNovelty, novelty: { ...withNovelty.novelty!, lags: 8 } }, defaultCalibrationSpec, metrics)
    const before = JSON.stringify(other.exportState())
    expect(() => other.importState(saved)).toThrow(FeatureStateError)
    expect(() => other.importState(saved)).toThrow(/novelty state of "a"/)
    expect(JSON.stringify(other.exportState())).toBe(before)
    // A model without novelty reads the same state and just drops the memory.
    const plain = new HostFeatures({ ...withNovelty, novelty: undefined }, defaultCalibrationSpec, metrics)
    plain.importState(saved)
    expect(Object.values(plain.exportState().metrics).every((m) => m.novelty === undefined)).toBe(true)
  })
})
