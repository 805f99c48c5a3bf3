import { describe, expect, it } from 'vitest'
import { defaultCalibrationSpec, newCalibration, remember, surpriseOf } from './calibration'

/** A history of `n` raw scores drawn from a fixed, noisy but repeatable sequence. */
function history(n: number, spec = defaultCalibrationSpec) {
  const st = newCalibration(spec)
  let x = 7
  for (let i = 0; i < n; i++) {
    x = (x * 48271) % 2147483647
    remember(spec, st, -Math.log((x + 1) / 2147483648))
  }
  return st
}

describe('calibration: the tail scale at an upper confidence bound (tailScaleConfidence)', () => {
  const widened = { ...defaultCalibrationSpec, tailScaleConfidence: 1 }
  const far = 60 // far beyond every raw in the histories, so its surprise is the tail's extrapolation

  it('trusts a young history less far out than the point estimate does, and a long one nearly as far', () => {
    const young = history(600)
    const old = history(4000)
    // The share of the far surprise given up: the tail term shrinks by 1 / (1 + 1/√m).
    const drop = (st: ReturnType<typeof history>) => 1 - surpriseOf(widened, st, far) / surpriseOf(defaultCalibrationSpec, st, far)
    expect(drop(old)).toBeGreaterThan(0)
    // m ≈ 12 tail points against ≈ 80: the young history gives up about twice the share
    expect(drop(young)).toBeGreaterThan(1.5 * drop(old))
  })

  it('leaves everything below the tail as it was', () => {
    const st = history(2000)
    for (const raw of [0.01, 0.5, 1, 2]) expect(surpriseOf(widened, st, raw)).toBe(surpriseOf(defaultCalibrationSpec, st, raw))
  })
})
