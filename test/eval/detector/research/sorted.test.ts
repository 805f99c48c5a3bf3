import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { lowerBound, replaceSorted } from './sorted'

describe('sorted copy of a ring', () => {
  it('stays the ascending copy of the last `capacity` values, ties included', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 16 }), fc.array(fc.integer({ min: -5, max: 5 }), { maxLength: 200 }), (capacity, xs) => {
        const ring: number[] = []
        const sorted = new Float64Array(capacity)
        let count = 0
        for (const x of xs) {
          count = replaceSorted(sorted, count, capacity, ring[0] ?? 0, x)
          ring.push(x)
          if (ring.length > capacity) ring.shift()
          expect(Array.from(sorted.subarray(0, count))).toEqual([...ring].sort((a, b) => a - b))
        }
      }),
      { numRuns: 100 },
    )
  })

  it('lowerBound counts the values below x: n − lowerBound is how many are ≥ x', () => {
    const a = Float64Array.from([1, 2, 2, 3, 5])
    expect([0, 1, 2, 2.5, 5, 6].map((x) => a.length - lowerBound(a, a.length, x))).toEqual([5, 5, 4, 2, 1, 0])
  })
})
