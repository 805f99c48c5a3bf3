import { describe, expect, it } from 'vitest'
import { simulateBudgets, type SimRequest } from './budget-simulation'

const req = (hostId: string, ts: number, labels: Record<string, string> = {}): SimRequest => ({ hostId, ts, labels, rule: 'High CPU' })

describe('replayed budgets', () => {
  const one = [{ name: 'one', selector: null, maxHosts: 1, maxPercent: null }]

  it('a budget of 1: the second host at the same moment waits for the first lease to end, the third waits longer than the wait and is refused', () => {
    const out = simulateBudgets([req('a', 0), req('b', 1000), req('c', 2000)], one, () => 3, 30_000, 45_000)
    expect(out.map((o) => [o.request.hostId, o.outcome, o.delayMs])).toEqual([
      ['a', 'granted', 0],
      ['b', 'delayed', 29_000],
      ['c', 'refused', 0],
    ])
    expect(out[2]!.budget).toBe('one')
  })

  it('no budget, or a budget the host is outside of: every request granted', () => {
    expect(simulateBudgets([req('a', 0), req('b', 0)], [], () => 2, 30_000, 30_000).every((o) => o.outcome === 'granted')).toBe(true)
    const web = [{ name: 'web', selector: 'role=web', maxHosts: 1, maxPercent: null }]
    expect(simulateBudgets([req('a', 0, { role: 'db' }), req('b', 0, { role: 'db' })], web, () => 2, 30_000, 30_000).every((o) => o.outcome === 'granted')).toBe(true)
  })

  it('max_percent rounds up over the group; a host already holding adds no host; leases end after hold', () => {
    const half = [{ name: 'half', selector: null, maxHosts: null, maxPercent: 50 }]
    const out = simulateBudgets([req('a', 0), req('b', 0), req('a', 10), req('c', 10), req('d', 60_000)], half, () => 3, 30_000, 0)
    expect(out.map((o) => o.outcome)).toEqual(['granted', 'granted', 'granted', 'refused', 'granted'])
  })
})
