import { describe, expect, test } from 'vitest'
import { defaultGate, evaluateGate, type GroupCounts } from './gate'

const group = (hosts: number, c: Partial<Omit<GroupCounts, 'hosts'>> = {}): GroupCounts => ({ hosts, actions: 0, failedVerifications: 0, agentErrors: 0, suppressions: 0, ...c })

describe('health gate', () => {
  test('compares per host: one canary doing what ten old hosts do together breaks it', () => {
    const v = evaluateGate(group(1, { actions: 10 }), group(10, { actions: 10 }), defaultGate)
    expect(v.ok).toBe(false)
    const m = v.metrics.find((x) => x.metric === 'action_rate')!
    expect(m).toMatchObject({ new_per_host: 10, old_per_host: 1, breached: true })
    expect(v.breaches[0]).toContain('10 per host on the new version vs 1 on the old')
  })

  test('the same per-host behaviour on both versions holds, however many hosts', () => {
    expect(evaluateGate(group(5, { actions: 50, suppressions: 100 }), group(50, { actions: 500, suppressions: 1000 }), defaultGate).ok).toBe(true)
  })

  test('a breach needs the ratio AND the absolute excess', () => {
    // 0 → 2 actions per host: infinitely more, but under the default excess of 3.
    expect(evaluateGate(group(1, { actions: 2 }), group(4), defaultGate).ok).toBe(true)
    // 0 → 3: both.
    expect(evaluateGate(group(1, { actions: 3 }), group(4), defaultGate).ok).toBe(false)
    // 40 → 60 per host: +20 but only 1.5×.
    expect(evaluateGate(group(1, { actions: 60 }), group(1, { actions: 40 }), defaultGate).ok).toBe(true)
  })

  test('each metric has its own limit; thresholds are the rollout’s', () => {
    const strict = { ...defaultGate, failed_verifications: { max_ratio: 1, min_excess: 1 } }
    const fresh = group(2, { failedVerifications: 2 })
    expect(evaluateGate(fresh, group(2), defaultGate).ok).toBe(true)
    const v = evaluateGate(fresh, group(2), strict)
    expect(v.ok).toBe(false)
    expect(v.metrics.filter((m) => m.breached).map((m) => m.metric)).toEqual(['failed_verifications'])
    expect(v.breaches[0]).toMatch(/^failed verifications: 1 per host/)
  })

  test('no host on the new version yet: nothing to judge, the gate holds', () => {
    expect(evaluateGate(group(0), group(10, { actions: 100 }), defaultGate).ok).toBe(true)
  })

  test('limit is the figure above which the new version breaches', () => {
    const v = evaluateGate(group(1, { agentErrors: 1 }), group(1, { agentErrors: 4 }), defaultGate)
    expect(v.metrics.find((m) => m.metric === 'agent_errors')!.limit).toBe(8)
  })
})
