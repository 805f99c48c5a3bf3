import { describe, expect, test } from 'vitest'
import { compareHost, type Ran, type WouldAct } from './compare'

const w = (ts: number, rule = 'r', action = 'scale_up'): WouldAct => ({ ts, rule, action })
const r = (id: string, ts: number, rule = 'r', action = 'scale_up'): Ran => ({ id, ts, rule, action, status: 'succeeded' })

describe('compareHost', () => {
  test('a recurring action pairs with its own occurrence, not the next one', () => {
    // Replay acts at 0, 600 and 1200 s; the agent acted at 10 s and 1210 s (it missed 600).
    const c = compareHost([w(0), w(600_000), w(1_200_000)], [r('a', 10_000), r('b', 1_210_000)], 60_000)
    expect(c.both.map((p) => [p.would.ts, p.ran.id])).toEqual([[0, 'a'], [1_200_000, 'b']])
    expect(c.wouldOnly.map((x) => x.ts)).toEqual([600_000])
    expect(c.ranOnly).toEqual([])
  })

  test('outside the window, another action type or another rule: not the same event', () => {
    const c = compareHost([w(0), w(0, 'r', 'send_alert')], [r('far', 61_000), r('type', 0, 'r', 'restart_container'), r('gone', 0, 'removed rule')], 60_000)
    expect(c.both).toEqual([])
    expect(c.wouldOnly.map((x) => x.action).sort()).toEqual(['scale_up', 'send_alert'])
    expect(c.ranOnly.map((x) => x.id).sort()).toEqual(['far', 'gone', 'type'])
    expect(c.ranOnly.map((x) => x.ts)).toEqual([0, 0, 61_000]) // time order
  })
})
