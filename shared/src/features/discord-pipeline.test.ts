import { describe, expect, it } from 'vitest'
import { defaultCalibrationSpec } from './calibration'
import { FeatureStateError, HostFeatures } from './pipeline'
import { defaultFeatureSpec, type FeatureSpec } from './spec'

const withDiscord: FeatureSpec = {
  ...defaultFeatureSpec,
  warmup: 3,
  discord: { length: 8, memory: 32, stride: 2, history: 64, likelihood: { window: 8, longAlpha: 0.01, clamp: 5 } },
}
const metrics = ['a', 'b']
const sample = (i: number) => ({ a: 10 * Math.sin(i / 6) + Math.sin(i * 12.9898), b: 5 + (i % 7) })

function discords(hf: HostFeatures, from: number, to: number): number[][] {
  const out: number[][] = []
  for (let i = from; i < to; i++) {
    const st = hf.step(sample(i))
    out.push([...Array.from(st.discord ?? []), ...Array.from(st.discordLikelihood ?? [])])
  }
  return out
}

describe('discord distance in the feature pipeline', () => {
  it('is returned beside the feature rows, with its likelihood, one value per row, only for a spec that asks for it', () => {
    const hf = new HostFeatures(withDiscord, defaultCalibrationSpec, metrics)
    const rows = discords(hf, 0, 400)
    expect(rows.at(-1)).toHaveLength(4)
    expect(rows.slice(200).some((r) => r.slice(0, 2).some((v) => v > 0))).toBe(true)
    const plain = new HostFeatures({ ...withDiscord, discord: undefined }, defaultCalibrationSpec, metrics)
    expect(plain.step(sample(0)).discord).toBeUndefined()
    for (let i = 1; i < 50; i++) plain.step(sample(i))
    expect(Object.values(plain.exportState().metrics).every((m) => m.discord === undefined)).toBe(true)
  })

  it('persists with the host baseline: an agent restart continues the same discord and likelihood scores', () => {
    const straight = new HostFeatures(withDiscord, defaultCalibrationSpec, metrics)
    const expected = discords(straight, 0, 600).slice(300)
    const first = new HostFeatures(withDiscord, defaultCalibrationSpec, metrics)
    discords(first, 0, 300)
    const restarted = new HostFeatures(withDiscord, defaultCalibrationSpec, metrics)
    restarted.importState(JSON.parse(JSON.stringify(first.exportState())))
    expect(discords(restarted, 300, 600)).toEqual(expected)
  })

  it('refuses saved discord memory that does not fit the model, naming the metric, and keeps its own state', () => {
    const hf = new HostFeatures(withDiscord, defaultCalibrationSpec, metrics)
    discords(hf, 0, 300)
    const saved = hf.exportState()
    const other = new HostFeatures({ ...withDiscord, discord: { ...withDiscord.discord!, length: 16 } }, defaultCalibrationSpec, metrics)
    const before = JSON.stringify(other.exportState())
    expect(() => other.importState(saved)).toThrow(FeatureStateError)
    expect(() => other.importState(saved)).toThrow(/discord state of "a"/)
    expect(JSON.stringify(other.exportState())).toBe(before)
    const otherWindow = new HostFeatures({ ...withDiscord, discord: { ...withDiscord.discord!, likelihood: { window: 4, longAlpha: 0.01, clamp: 5 } } }, defaultCalibrationSpec, metrics)
    expect(() => otherWindow.importState(saved)).toThrow(/discord state of "a".*window of 8 surprises, the spec uses 4/)
    const plain = new HostFeatures({ ...withDiscord, discord: undefined }, defaultCalibrationSpec, metrics)
    plain.importState(saved)
    expect(Object.values(plain.exportState().metrics).every((m) => m.discord === undefined)).toBe(true)
  })
})
