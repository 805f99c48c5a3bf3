import { describe, expect, it } from 'vitest'
import { Endpoints } from './endpoints'

/** A seeded random source (mulberry32), so the spread below is the same on every run. */
function seeded(seed: number): () => number {
  let a = seed
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const urls = ['http://cp-1', 'http://cp-2', 'http://cp-3']

describe('Endpoints (which control-plane replica the link uses)', () => {
  it('with one URL, always that URL', () => {
    const e = new Endpoints(['http://only'], () => 0.99)
    expect(e.current).toBe('http://only')
    expect(e.moveOn()).toBe('http://only')
  })

  it('never moves to the replica that just failed, and reaches every other one', () => {
    const e = new Endpoints(urls, seeded(7))
    const seen = new Set<string>()
    for (let i = 0; i < 200; i++) {
      const from = e.current
      const to = e.moveOn()
      expect(to).not.toBe(from)
      seen.add(to)
    }
    expect(seen).toEqual(new Set(urls))
  })

  it('a fleet with one config spreads over the replicas, and a dead replica’s agents over the survivors', () => {
    const random = seeded(42)
    const fleet = Array.from({ length: 3000 }, () => new Endpoints(urls, random))
    const count = (list: Endpoints[]) => urls.map((u) => list.filter((e) => e.current === u).length)
    for (const n of count(fleet)) expect(n).toBeGreaterThan(900)
    // cp-2 is killed: its agents move on, about half to each survivor, none stays.
    const moved = fleet.filter((e) => e.current === 'http://cp-2')
    for (const e of moved) e.moveOn()
    const [a, b, c] = count(moved)
    expect(b).toBe(0)
    expect(Math.min(a!, c!)).toBeGreaterThan(moved.length * 0.4)
  })

  it('refuses an empty list', () => {
    expect(() => new Endpoints([])).toThrow(/at least one/)
  })
})
