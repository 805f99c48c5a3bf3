import { describe, expect, it } from 'vitest'
import { adoptable, nabFold, summarize, testBlocks } from './folds'

describe('cross-validation folds', () => {
  it('NAB: one fold per category, the two artificial categories together', () => {
    expect(nabFold('artificialNoAnomaly/art_flatline.csv')).toBe('artificial')
    expect(nabFold('artificialWithAnomaly/art_jumpsup.csv')).toBe('artificial')
    expect(nabFold('realAWSCloudwatch/ec2_cpu_utilization_5f5533.csv')).toBe('realAWSCloudwatch')
  })

  it('SMD: contiguous blocks cover every test row once, each keeping the whole train half', () => {
    const s = { name: 'm', trainScores: [1, 2, 3], testScores: [0, 1, 2, 3, 4, 5, 6], labels: [0, 0, 1, 1, 0, 1, 0], stepSeconds: 60 }
    const blocks = testBlocks(s, 3)
    expect(blocks.map((b) => Array.from(b.testScores))).toEqual([[0, 1], [2, 3], [4, 5, 6]])
    expect(blocks.map((b) => Array.from(b.labels))).toEqual([[0, 0], [1, 1], [0, 1, 0]])
    expect(blocks.every((b) => b.trainScores === s.trainScores)).toBe(true)
  })

  it('the spread is that of the paired gains: a small gain on every fold counts, a large mean from one fold does not', () => {
    const base = new Map([['a', 50], ['b', 20], ['c', 80]])
    const steady = summarize(new Map([['a', 51], ['b', 21.2], ['c', 80.8]]), base)
    expect(steady.gain).toBeCloseTo(1, 10)
    expect(steady.spread).toBeCloseTo(0.2, 10)
    const lucky = summarize(new Map([['a', 50], ['b', 20], ['c', 86]]), base)
    expect(lucky.gain).toBeCloseTo(2, 10)
    expect(lucky.spread).toBeCloseTo(Math.sqrt(12), 10)
    const flat = { mean: 0, gain: 0, spread: 0.1 }
    expect(adoptable(steady, flat)).toBe(true)
    expect(adoptable(lucky, flat)).toBe(false)
    // A gain on one column does not excuse a loss beyond the spread on the other.
    expect(adoptable(steady, { mean: 0, gain: -0.5, spread: 0.1 })).toBe(false)
  })
})

describe('cross-validation candidates', () => {
  it('every candidate can be selected by `cv.ts --only`: names are unique and free of commas', async () => {
    const { base, candidates } = await import('./cv-candidates')
    const names = candidates.map((c) => c.name)
    expect(names.filter((n) => n.includes(','))).toEqual([])
    expect(new Set(names).size).toBe(names.length)
    expect(names).not.toContain(base.name)
  })
})
