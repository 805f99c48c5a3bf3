import { describe, expect, test } from 'vitest'
import { BUCKETS, firstStageOf, hostBucket, onNewVersion } from './membership'

const hosts = Array.from({ length: 5000 }, (_, i) => ({ id: `h-${i}`, labels: i % 50 === 0 ? { ring: 'canary' } : { ring: 'main' } }))
const stages = [
  { selector: 'ring=canary', soak_s: 60 },
  { percent: 1, soak_s: 60 },
  { percent: 10, soak_s: 60 },
  { percent: 50, soak_s: 60 },
  { percent: 100, soak_s: 60 },
]

describe('stage membership', () => {
  test('a host keeps its bucket: the same on every call, in [0, 10000)', () => {
    for (const h of hosts.slice(0, 200)) {
      const b = hostBucket('rol-a', h.id)
      expect(b).toBeGreaterThanOrEqual(0)
      expect(b).toBeLessThan(BUCKETS)
      expect(hostBucket('rol-a', h.id)).toBe(b)
    }
  })

  test('percentages hold about that share of the fleet, and every stage contains the stages before it', () => {
    const r = { id: 'rol-b', stages }
    const onAt = (stageIndex: number) => new Set(hosts.filter((h) => onNewVersion({ ...r, stageIndex }, h)).map((h) => h.id))
    let before = new Set<string>()
    for (let i = 0; i < stages.length; i++) {
      const now = onAt(i)
      for (const id of before) expect(now.has(id), `${id} left at stage ${i + 1}`).toBe(true)
      before = now
    }
    // The canaries: exactly the labelled hosts.
    expect([...onAt(0)].sort()).toEqual(hosts.filter((h) => h.labels.ring === 'canary').map((h) => h.id).sort())
    // 10 % of 5,000 = 500 hosts by hash, plus canaries outside that 10 %; a fair hash lands within ±3 σ.
    const tenPercentByHash = hosts.filter((h) => hostBucket('rol-b', h.id) < 1000).length
    expect(Math.abs(tenPercentByHash - 500)).toBeLessThan(3 * Math.sqrt(5000 * 0.1 * 0.9))
    expect(onAt(4).size).toBe(hosts.length)
  })

  test('a host that joins mid-rollout lands in the stage its hash says, like the hosts before it', () => {
    const r = { id: 'rol-c', stages, stageIndex: 2 }
    const late = { id: 'h-late-joiner', labels: { ring: 'main' } }
    const first = firstStageOf(r, late)!
    expect(onNewVersion(r, late)).toBe(first <= 2)
    expect(first).toBe(hostBucket('rol-c', late.id) < 100 ? 1 : hostBucket('rol-c', late.id) < 1000 ? 2 : hostBucket('rol-c', late.id) < 5000 ? 3 : 4)
  })

  test('different rollouts pick different 10 % of the fleet', () => {
    const pick = (id: string) => new Set(hosts.filter((h) => hostBucket(id, h.id) < 1000).map((h) => h.id))
    const a = pick('rol-1')
    const b = pick('rol-2')
    const both = [...a].filter((id) => b.has(id)).length
    // Independent 10 % samples overlap by about 1 %: far from the 100 % an unsalted hash gives.
    expect(both).toBeLessThan(a.size / 3)
  })
})
