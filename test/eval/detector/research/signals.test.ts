import { describe, expect, it } from 'vitest'
import { defaultCalibrationSpec } from '@smartcloudops/shared/features/calibration'
import { HostFeatures } from '@smartcloudops/shared/features/pipeline'
import { defaultFeatureSpec, FEATURE_COUNT } from '@smartcloudops/shared/features/spec'
import { MetricDiscord } from './discord'
import { ResearchSignals } from './signals'

const spec = { ...defaultFeatureSpec, warmup: 3 }
const metrics = ['a', 'b', 'c']
/** `b` starts 5 samples late and `c` is missing every third sample, so metrics warm up at different times. */
const sample = (i: number): Record<string, number> => ({
  a: 10 * Math.sin(i / 6) + Math.sin(i * 12.9898),
  ...(i >= 5 ? { b: 5 + (i % 7) + Math.sin(i * 78.233) + (i % 97 === 0 ? 20 : 0) } : {}),
  ...(i % 3 === 2 ? { c: Number.NaN } : { c: 100 + i }),
})

describe("HostFeatures' metric observer (the research harness's hook)", () => {
  it('sees every metric present, cold or warm, in order, with its row, the level just written and the baseline scale', () => {
    const seen: { metric: string; x: number; scale: number; level: number; row: number }[] = []
    const hf = new HostFeatures(spec, defaultCalibrationSpec, metrics, (metric, x, scale, level, row) => seen.push({ metric, x, scale, level, row }))
    for (let i = 0; i < 40; i++) {
      seen.length = 0
      const s = sample(i)
      const st = hf.step(s)
      const present = metrics.filter((m) => Number.isFinite(s[m]))
      expect(seen.map((o) => o.metric)).toEqual(present)
      expect(seen.map((o) => o.x)).toEqual(present.map((m) => s[m]))
      expect(seen.filter((o) => o.row >= 0).map((o) => o.metric)).toEqual(st.metrics)
      const state = hf.exportState().metrics
      for (const o of seen) {
        const b = state[o.metric]!
        expect(o.row >= 0).toBe(b.n > spec.warmup)
        expect(o.scale).toBe(b.dev + spec.relativeFloor * b.magnitude + spec.absoluteFloor)
        expect(o.scale).toBeGreaterThan(0)
        if (o.row >= 0) {
          expect(st.metrics[o.row]).toBe(o.metric)
          expect(o.level).toBe(st.features[o.row * FEATURE_COUNT])
        }
      }
    }
  })

  it('changes nothing the model sees', () => {
    const plain = new HostFeatures(spec, defaultCalibrationSpec, metrics)
    const rs = new ResearchSignals({ discord: { length: 8, memory: 32, stride: 2, history: 64 }, burstiness: { threshold: 4, alpha: 0.01, decideAfter: 50, cut: 0.01 } }, metrics.length)
    const observed = new HostFeatures(spec, defaultCalibrationSpec, metrics, rs.observe)
    for (let i = 0; i < 300; i++) {
      const a = plain.step(sample(i), i * 60_000)
      const b = observed.step(sample(i), i * 60_000)
      expect(Array.from(b.features)).toEqual(Array.from(a.features))
      expect(b.metrics).toEqual(a.metrics)
      expect(observed.calibrate(i % 5)).toEqual(plain.calibrate(i % 5))
    }
    expect(observed.exportState()).toEqual(plain.exportState())
  })

  it("feeds a metric's research detectors while it is cold too: its row equals a detector stepped on every sample", () => {
    const ds = { length: 8, memory: 32, stride: 2, history: 64 }
    const rs = new ResearchSignals({ discord: ds }, metrics.length)
    const direct = new MetricDiscord(ds)
    let expected = 0
    const hf = new HostFeatures(spec, defaultCalibrationSpec, metrics, (metric, x, scale, level, row) => {
      if (metric === 'b') expected = direct.step(x, scale)
      rs.observe(metric, x, scale, level, row)
    })
    let compared = 0
    for (let i = 0; i < 400; i++) {
      const st = hf.step(sample(i))
      const r = st.metrics.indexOf('b')
      if (r < 0) continue
      expect(rs.discord![r]).toBe(Math.fround(expected))
      if (expected > 0) compared++
    }
    expect(compared).toBeGreaterThan(0)
  })
})
