import { describe, expect, it } from 'vitest'
import { FEATURE_COUNT } from '../features/spec'
import { buildGraph } from './build-graph'
import { defaultGraphParams, modelMeta } from './model-params'
import { openSession } from './session'

const meta = modelMeta({ standard: 0.99, reward_low_FP_rate: 0.99, reward_low_FN_rate: 0.99 })

/** Rows of features with only the shift feature (column 1) set. */
function shiftOnly(rows: number, v: number): Float32Array {
  const f = new Float32Array(rows * FEATURE_COUNT)
  for (let r = 0; r < rows; r++) f[r * FEATURE_COUNT + 1] = v
  return f
}

describe('scoring graph', () => {
  it('applies the univariate weights to a one-row input only, read from the input shape', async () => {
    const withUni = await openSession(buildGraph({ ...defaultGraphParams, weights: [1, 1, 1, 0, 0], univariateWeights: [1, 0, 0, 0, 0] }, meta))
    const without = await openSession(buildGraph({ ...defaultGraphParams, weights: [1, 1, 1, 0, 0] }, meta))
    try {
      // One metric: the shift feature is weighted 0, so the host score is 0.
      expect((await withUni.run(shiftOnly(1, 4), 1)).raw).toBe(0)
      // raw = max + spread × mean = 4 + 2 × 4 without univariate weights.
      expect((await without.run(shiftOnly(1, 4), 1)).raw).toBeCloseTo(12, 5)
      // Two metrics: the multivariate weights, the same as a graph without univariate weights.
      const two = await withUni.run(shiftOnly(2, 4), 2)
      expect(two.raw).toBeCloseTo(12, 5)
      expect(Array.from(two.perMetric)).toEqual(Array.from((await without.run(shiftOnly(2, 4), 2)).perMetric))
    } finally {
      await withUni.close()
      await without.close()
    }
  })

  it('record gate: a row past its extremes by a scale or more counts 1 + gate times as much (univariate gate for one row)', async () => {
    const g = await openSession(buildGraph({ ...defaultGraphParams, weights: [1, 1, 1, 0, 0], univariateWeights: [1, 1, 1, 0, 0], recordGate: 0.5, univariateRecordGate: 10 }, meta))
    const RECORD = 4
    const rows = (n: number, record: number) => {
      const f = shiftOnly(n, 4)
      f[RECORD] = record // first row only
      return f
    }
    try {
      // One row, shift 4: raw = 4 × (1 + 2) with no record; × (1 + 10 × 0.5) half a scale past; × 11 from a scale on.
      expect((await g.run(rows(1, 0), 1)).raw).toBeCloseTo(12, 4)
      expect((await g.run(rows(1, -0.5), 1)).raw).toBeCloseTo(12 * 6, 3)
      expect((await g.run(rows(1, 7), 1)).raw).toBeCloseTo(12 * 11, 3)
      // Two rows, the first a record: its metric score is 4 × 1.5, the host raw 6 + 2 × mean(6, 4).
      const two = await g.run(rows(2, 3), 2)
      expect(Array.from(two.perMetric)).toEqual([6, 4])
      expect(two.raw).toBeCloseTo(16, 4)
    } finally {
      await g.close()
    }
  })

  it('refuses univariate weights of the wrong length', () => {
    expect(() => buildGraph({ ...defaultGraphParams, univariateWeights: [1, 0] }, meta)).toThrow(/univariate weights/)
  })
})
