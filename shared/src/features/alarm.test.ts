import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { defaultAlarmSpec, levelSurprise, newAlarm, normalTailSurprise, shape, surpriseScore, type AlarmSpec } from './alarm'

/** Deterministic exponential(1) surprises: what a calm host's calibrated scores look like. */
function calm(n: number, seed = 1): number[] {
  let a = seed
  return Array.from({ length: n }, () => {
    a = (a * 1103515245 + 12345) % 2147483648
    return -Math.log(1 - a / 2147483648)
  })
}

const likelihoodOnly: AlarmSpec = { ...defaultAlarmSpec, shortWindow: 20, likelihoodWeight: 1 }
const holdoffOnly: AlarmSpec = { ...defaultAlarmSpec, holdoffLevel: 0.9999, holdoffSamples: 5, holdoffCap: 0.999 }

describe('normal tail surprise', () => {
  it('matches tabulated −log Q(z) on both sides of the switch to the asymptotic series (to 0.005 in log units)', () => {
    // Q(1) = 0.158655, Q(3) = 1.3499e-3, Q(5) = 2.8665e-7, Q(6) = 9.8659e-10, Q(10) = 7.6199e-24
    const table: [number, number][] = [
      [1, 0.158655],
      [3, 1.3499e-3],
      [5, 2.8665e-7],
      [6, 9.8659e-10],
      [10, 7.6199e-24],
    ]
    for (const [z, q] of table) expect(normalTailSurprise(z)).toBeCloseTo(-Math.log(q), 2)
  })
})

describe('surpriseScore', () => {
  it('is the tail probability up to 0.9999, then strictly increasing and below 1 far into the tail', () => {
    expect(surpriseScore(levelSurprise(0.99))).toBeCloseTo(0.99, 12)
    expect(surpriseScore(levelSurprise(0.9999))).toBeCloseTo(0.9999, 12)
    let prev = -1
    for (let s = 0; s <= 200; s += 0.5) {
      const v = surpriseScore(s)
      expect(v).toBeGreaterThan(prev)
      expect(v).toBeLessThan(1)
      prev = v
    }
  })
})

describe('alarm shaping', () => {
  it('holds off after an alarm: one score above the level, then capped for holdoffSamples, then free again', () => {
    const st = newAlarm(holdoffOnly)
    for (const s of calm(100)) shape(holdoffOnly, st, Math.min(s, 4))
    const out = Array.from({ length: 8 }, () => shape(holdoffOnly, st, 15))
    expect(out[0]).toBeGreaterThanOrEqual(0.9999)
    for (const v of out.slice(1, 6)) expect(v).toBeCloseTo(0.999, 9)
    expect(out[6]).toBeGreaterThanOrEqual(0.9999)
  })

  it('with a re-arm margin, a stronger deviation during a hold-off is a new alarm; the one going on stays capped', () => {
    const spec: AlarmSpec = { ...holdoffOnly, holdoffSamples: 50, rearmMargin: 1 }
    const st = newAlarm(spec)
    for (const s of calm(100)) shape(spec, st, Math.min(s, 4))
    expect(shape(spec, st, 12)).toBeGreaterThanOrEqual(0.9999)
    // The same deviation going on, and rising by less than the margin: capped.
    for (const s of [12, 11.5, 12.6, 12.9]) expect(shape(spec, st, s)).toBeCloseTo(0.999, 9)
    // Passing the peak since the alarm (12.9) by the margin: free, and it starts a new hold-off.
    expect(shape(spec, st, 14)).toBeGreaterThanOrEqual(0.9999)
    expect(shape(spec, st, 14.5)).toBeCloseTo(0.999, 9)
    // Without the margin the same sequence stays capped.
    const plain = newAlarm({ ...spec, rearmMargin: undefined })
    for (const s of calm(100)) shape({ ...spec, rearmMargin: undefined }, plain, Math.min(s, 4))
    const out = [12, 12, 14].map((s) => shape({ ...spec, rearmMargin: undefined }, plain, s))
    expect(out[2]).toBeCloseTo(0.999, 9)
  })

  it('retriggered, a deviation that goes on stays one alarm; the hold-off ends holdoffSamples after its last alarm-level output', () => {
    const spec: AlarmSpec = { ...holdoffOnly, holdoffSamples: 5, retrigger: true }
    const fixed = { ...spec, retrigger: undefined }
    const st = newAlarm(spec)
    const plain = newAlarm(fixed)
    for (const s of calm(100)) {
      shape(spec, st, Math.min(s, 4))
      shape(fixed, plain, Math.min(s, 4))
    }
    // Twelve alarm-level samples, then calm, then one more: alarms only at the first and the last.
    const xs = [...new Array<number>(12).fill(15), ...new Array<number>(5).fill(1), 15]
    const alarms = (spec: AlarmSpec, st: ReturnType<typeof newAlarm>) => xs.map((s) => shape(spec, st, s)).flatMap((p, i) => (p >= 0.9999 ? [i] : []))
    expect(alarms(spec, st)).toEqual([0, 17])
    // The fixed hold-off alarms again while the deviation goes on (at 6: five capped, then free).
    expect(alarms(fixed, plain)).toEqual([0, 6, 17])
  })

  it('with a backoff, a metric that keeps alarming is held off twice as long each time; after a long quiet, as before', () => {
    const spec: AlarmSpec = { ...holdoffOnly, holdoffSamples: 4, holdoffBackoffMax: 16 }
    const st = newAlarm(spec)
    for (const s of calm(100)) shape(spec, st, Math.min(s, 4))
    // A spike every 6 samples (each 2 after a 4-sample hold-off would end), then 60 calm, then the same again.
    const burst = Array.from({ length: 60 }, (_, i) => (i % 6 === 0 ? 15 : 1))
    const xs = [...burst, ...new Array<number>(60).fill(1), ...burst]
    const alarms = xs.map((s) => shape(spec, st, s)).flatMap((p, i) => (p >= 0.9999 ? [i] : []))
    // Hold-offs of 4, 8, 16, 16 …: alarms at 0, 6, 18, 36, 54; after the quiet, 4 again (120, 126, …).
    expect(alarms).toEqual([0, 6, 18, 36, 54, 120, 126, 138, 156, 174])
    const fixed = newAlarm({ ...spec, holdoffBackoffMax: undefined })
    for (const s of calm(100)) shape({ ...spec, holdoffBackoffMax: undefined }, fixed, Math.min(s, 4))
    expect(burst.map((s) => shape({ ...spec, holdoffBackoffMax: undefined }, fixed, s)).filter((p) => p >= 0.9999)).toHaveLength(10)
  })

  it('with a knee, rows of one incident keep their order under the cap, and rows below the knee are untouched', () => {
    const spec: AlarmSpec = { ...holdoffOnly, holdoffSamples: 50, holdoffKnee: 1 }
    const st = newAlarm(spec)
    for (const s of calm(100)) shape(spec, st, Math.min(s, 4))
    shape(spec, st, 15)
    const out = [7, 9, 15, 30].map((s) => shape(spec, st, s))
    for (let i = 1; i < out.length; i++) expect(out[i]).toBeGreaterThan(out[i - 1]!)
    for (const v of out) expect(v).toBeLessThan(0.999)
    // 3 is below the knee (cap 6.9 − 1): exactly its own score, as without a hold-off.
    expect(shape(spec, st, 3)).toBe(surpriseScore(3))
  })

  it('lets a run of moderately unusual samples score above any one of them, but not a lone one', () => {
    const st = newAlarm(likelihoodOnly)
    for (const s of calm(2000)) shape(likelihoodOnly, st, s)
    const lone = shape(likelihoodOnly, st, 3)
    expect(lone).toBeLessThan(0.99)
    for (const s of calm(40, 7)) shape(likelihoodOnly, st, s)
    let last = 0
    for (let i = 0; i < 20; i++) last = shape(likelihoodOnly, st, 3)
    expect(last).toBeGreaterThan(0.9999)
    expect(last).toBeGreaterThan(1 - Math.exp(-3))
  })

  it('never leaves [0,1] nor goes non-finite, and is deterministic, whatever the surprises', () => {
    const spec: AlarmSpec = { ...likelihoodOnly, likelihoodWeight: 0.6, holdoffLevel: 0.9999, holdoffSamples: 7 }
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.double({ min: 0, max: 1e6, noNaN: true }), fc.constant(Infinity)), { maxLength: 300 }), (xs) => {
        const a = newAlarm(spec)
        const b = newAlarm(spec)
        for (const s of xs) {
          const v = shape(spec, a, s)
          expect(Number.isFinite(v)).toBe(true)
          expect(v).toBeGreaterThanOrEqual(0)
          expect(v).toBeLessThanOrEqual(1)
          expect(shape(spec, b, s)).toBe(v)
        }
      }),
      { numRuns: 200 },
    )
  })
})

describe('an extra surprise from outside the calibration', () => {
  it('raises the output to at least it, is capped by the hold-off like any alarm, and 0 changes nothing', () => {
    const xs = calm(300, 5)
    const plain = newAlarm(holdoffOnly)
    const zero = newAlarm(holdoffOnly)
    expect(xs.map((s) => shape(holdoffOnly, zero, s, 0))).toEqual(xs.map((s) => shape(holdoffOnly, plain, s)))
    const st = newAlarm(holdoffOnly)
    // A calm sample with an extra surprise of 12 (p ≈ 6e-6) alarms: it scores as that surprise.
    expect(shape(holdoffOnly, st, 0.1, 12)).toBeCloseTo(surpriseScore(12), 12)
    // The next samples are in the hold-off: the same extra is capped at the cap.
    expect(shape(holdoffOnly, st, 0.1, 12)).toBeCloseTo(holdoffOnly.holdoffCap, 12)
  })

  it('does not enter the likelihood short mean (it is a likelihood already)', () => {
    const xs = calm(400, 9)
    const a = newAlarm(likelihoodOnly)
    const b = newAlarm(likelihoodOnly)
    xs.forEach((s) => shape(likelihoodOnly, a, s))
    xs.forEach((s, i) => shape(likelihoodOnly, b, s, i % 2 === 0 ? 30 : 0))
    expect(b.recent).toEqual(a.recent)
    expect(b.mean).toBe(a.mean)
  })
})
