import { describe, expect, it } from 'vitest'
import { ReconnectBackoff, type AttemptOutcome } from './reconnect-backoff'

// Waits from an injected random source: 1 is the worst case (the top of each jitter range), 0 the best.

/**
 * A control plane that is down for `downMs` after the session closed: each attempt fails at once
 * (connection refused) until it is back. Returns when the agent's first attempt after its return
 * happens, measured from the moment it is back.
 */
function lateness(downMs: number, random: () => number): number {
  const b = new ReconnectBackoff({ random })
  let t = b.next('closed')
  while (t < downMs) t += b.next('unreachable')
  return t - downMs
}

describe('ReconnectBackoff', () => {
  it('tries again within a second after a session ends, spread over that second', () => {
    const waits = [0, 0.25, 0.5, 0.999].map((r) => new ReconnectBackoff({ random: () => r }).next('closed'))
    expect(waits).toEqual([0, 250, 500, 999])
  })

  it('is back within 5 s of a control-plane restart however long it took (worst-case jitter)', () => {
    for (const downMs of [500, 3_000, 8_000, 20_000, 120_000]) {
      expect(lateness(downMs, () => 1)).toBeLessThanOrEqual(5_000)
    }
    // The restart of issue 17 (the control plane away for ~5 s) cost 18–22 s with a 30 s cap.
    expect(lateness(5_000, () => 1)).toBeLessThan(5_000)
  })

  it('backs off to 30 s only while the control plane keeps refusing, and starts over after a session', () => {
    const b = new ReconnectBackoff({ random: () => 1 })
    const refused = Array.from({ length: 7 }, () => b.next('refused'))
    expect(refused).toEqual([1000, 2000, 4000, 8000, 16_000, 30_000, 30_000])
    expect(b.next('closed')).toBe(1000)
    expect(b.next('refused')).toBe(1000)
  })

  it('caps waits while unreachable at 5 s, and a refusal after that continues the same count', () => {
    const b = new ReconnectBackoff({ random: () => 1 })
    const seq: AttemptOutcome[] = ['unreachable', 'unreachable', 'unreachable', 'unreachable', 'unreachable', 'refused']
    expect(seq.map((o) => b.next(o))).toEqual([1000, 2000, 4000, 5000, 5000, 30_000])
  })

  it('honours its bounds (the agent link uses short ones in tests)', () => {
    const b = new ReconnectBackoff({ random: () => 1, firstMs: 20, unreachableCapMs: 200, refusedCapMs: 200 })
    expect([b.next('closed'), b.next('unreachable'), b.next('refused'), b.next('refused'), b.next('refused'), b.next('refused')]).toEqual([20, 20, 40, 80, 160, 200])
  })
})
