import { describe, expect, it } from 'vitest'
import { isBursty, newBurstiness, observeBurst, type BurstinessSpec } from './burstiness'
import { defaultCalibrationSpec } from '@smartcloudops/shared/features/calibration'
import { HostFeatures } from '@smartcloudops/shared/features/pipeline'
import { defaultFeatureSpec } from '@smartcloudops/shared/features/spec'
import { ResearchSignals } from './signals'

const spec: BurstinessSpec = { threshold: 4, alpha: 0.002, decideAfter: 500, cut: 0.01 }
/** Deterministic pseudo-noise in [-1, 1]. */
const noise = (i: number) => Math.sin(i * 12.9898) * 0.5 + Math.sin(i * 78.233) * 0.5
/** A request-count-like series: a quiet floor with a burst 30 times its noise every 40 samples. */
const bursts = (i: number) => 10 + noise(i) + (i % 40 === 0 ? 30 : 0)
/** A cpu-like series: noise around a level that steps up once. */
const level = (i: number) => 50 + noise(i) + (i >= 3000 ? 10 : 0)

/** The class of the metric's row at every step through the pipeline's observer hook, -1 while it has no row. */
function classes(f: (i: number) => number, n: number): number[] {
  const rs = new ResearchSignals({ burstiness: spec }, 1)
  const hf = new HostFeatures(defaultFeatureSpec, defaultCalibrationSpec, ['m'], rs.observe)
  const out: number[] = []
  for (let i = 0; i < n; i++) out.push(hf.step({ m: f(i) }).rows === 1 ? rs.bursty![0]! : -1)
  return out
}

describe('bursty or level behaviour per metric', () => {
  it('classes a series that bursts often as bursty, and a noisy series with one level change as level-like', () => {
    expect(classes(bursts, 2000).slice(1000).every((c) => c === 1)).toBe(true)
    const lv = classes(level, 6000)
    expect(lv.slice(1000).filter((c) => c === 1)).toHaveLength(0)
  })

  it('decides nothing before decideAfter samples: every metric starts level-like', () => {
    const c = classes(bursts, 600)
    // The first `warmup` samples have no row at all (-1); from then until 500 samples, level-like.
    expect(c.slice(defaultFeatureSpec.warmup, 498).every((x) => x === 0)).toBe(true)
    expect(c.at(-1)).toBe(1)
  })

  it('reclassifies a metric whose bursts stop, within a few times 1/alpha samples', () => {
    const f = (i: number) => (i < 2000 ? bursts(i) : 10 + noise(i))
    const c = classes(f, 6000)
    expect(c[1999]).toBe(1)
    expect(c.slice(5000).every((x) => x === 0)).toBe(true)
  })

  it('a plain share early on: one excursion in n samples counts 1/n, however long it lasts', () => {
    const s = newBurstiness()
    // Two samples beyond the threshold in a row are one excursion.
    observeBurst(spec, s, 5)
    observeBurst(spec, s, -6)
    for (let i = 0; i < 8; i++) observeBurst(spec, s, 0)
    expect(s.share).toBeCloseTo(0.1, 12)
    expect(isBursty(spec, s)).toBe(false)
  })
})
