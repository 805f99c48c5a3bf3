import { describe, expect, it } from 'vitest'
import { hitRates, parseInterpretation, rowHitRate } from './hitrate'

describe('HitRate@P% (OmniAnomaly)', () => {
  it('counts ground-truth metrics among the top ⌊P × |GT|⌋ of the ranking', () => {
    // GT {0, 2}; ranking 2, 1, 0: top 2 = {2, 1} → 1 of 2; top ⌊1.5 × 2⌋ = 3 → both.
    expect(rowHitRate([2, 1, 0], [0, 2], 1)).toBe(0.5)
    expect(rowHitRate([2, 1, 0], [0, 2], 1.5)).toBe(1)
  })

  it('averages over labelled rows of each segment only', () => {
    const rankings = [[0, 1, 2], [0, 1, 2], [2, 1, 0], [0, 1, 2]]
    const labels = [0, 1, 1, 0]
    const h = hitRates(rankings, 3, labels, [{ start: 0, end: 3, dims: [0] }])
    expect(h.rows).toBe(2)
    // Row 1 ranks metric 0 first (a hit), row 2 ranks it last (a miss).
    expect(h.at100).toBe(0.5)
    expect(h.random100).toBeCloseTo(1 / 3, 10)
  })

  it('reads the label file format and names a bad line', () => {
    expect(parseInterpretation('760-765:4,5\n\n1064-1298:6\n', 'f')).toEqual([
      { start: 760, end: 765, dims: [3, 4] },
      { start: 1064, end: 1298, dims: [5] },
    ])
    expect(() => parseInterpretation('760-765 4,5\n', 'omi-1.txt')).toThrow(/omi-1.txt: line 1/)
  })
})
