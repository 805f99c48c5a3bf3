import { describe, expect, it } from 'vitest'
import { scoreDrivers } from './explain'

describe('score drivers', () => {
  it('names the three metrics with the largest per-metric scores, largest first, with their share of the sum', () => {
    const d = scoreDrivers({ cpu_percent: 1, memory_percent: 6, disk_percent: 0, load_1: 2, swap_percent: 1 })
    expect(d.map((x) => x.metric)).toEqual(['memory_percent', 'load_1', 'cpu_percent'])
    expect(d[0]!.contribution).toBeCloseTo(0.6, 4)
    expect(d[1]!.contribution).toBeCloseTo(0.2, 4)
    // Ties break by name, so the same scores always give the same explanation.
    expect(d[2]!.metric).toBe('cpu_percent')
  })

  it('among metrics tied at the cap, the one whose features went furthest comes first', () => {
    const d = scoreDrivers({ cpu_percent: 50, memory_percent: 50, load_1: 1 }, { cpu_percent: 80, memory_percent: 400, load_1: 1 })
    expect(d.map((x) => x.metric)).toEqual(['memory_percent', 'cpu_percent', 'load_1'])
  })

  it('is empty when nothing stood out, and ignores non-finite scores', () => {
    expect(scoreDrivers({ cpu_percent: 0, memory_percent: 0 })).toEqual([])
    expect(scoreDrivers({ cpu_percent: Number.NaN, memory_percent: 3 })).toEqual([{ metric: 'memory_percent', contribution: 1 }])
  })
})
