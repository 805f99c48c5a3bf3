import { afterEach, describe, expect, it, vi } from 'vitest'
import type { Command } from '@smartcloudops/shared'
import type { LocalPolicy } from '../remediate/policy'
import { cleanupLoopHarness, desired, loopHarness } from '../../test-support/loop-harness'
import type { StallReport } from './stall-watchdog'

// Fake timers stand in for the two minutes a stuck cycle would take: the watchdog's limit is
// reached by advancing the clock, never by waiting for it.
afterEach(() => {
  vi.useRealTimers()
  cleanupLoopHarness()
})

const LIMIT_MS = 120_000
const allowRestart: LocalPolicy = { actions: { restart_container: {}, send_alert: {} } }

function watched(parts: Parameters<typeof loopHarness>[0]['parts'] = {}, samples = [{ 'error_rate:web': 0 }]) {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] })
  const stalls: StallReport[] = []
  const t = loopHarness({ policy: allowRestart, samples, parts, stallTimeoutMs: LIMIT_MS, onStall: (r) => stalls.push(r) })
  t.rt.applyDesiredState(desired(), 'control_plane')
  return { ...t, stalls }
}

describe('stall watchdog', () => {
  it('reports a cycle stuck in a stage, once, naming the stage, and first sends the samples it holds', async () => {
    // The first collection works; the second ignores its deadline and never settles (a bug the
    // stages' own bounds miss).
    let calls = 0
    const t = watched({
      collect: () => (++calls === 1 ? Promise.resolve({ metrics: { 'error_rate:web': 0 }, missing: {}, health: {} }) : new Promise(() => {})),
    })
    await t.rt.runCycle('timer')
    void t.rt.runCycle('timer')
    await vi.advanceTimersByTimeAsync(LIMIT_MS - 1)
    expect(t.stalls).toEqual([])
    // buffer_size 2: the finished cycle's sample still waits in the buffer
    expect(t.events('metrics.batch')).toEqual([])
    await vi.advanceTimersByTimeAsync(1)
    expect(t.stalls).toEqual([{ stage: 'collect', runningMs: LIMIT_MS }])
    expect(t.events('metrics.batch').map((b) => (b['samples'] as unknown[]).length)).toEqual([1])
    // and the operator will hear of it: an alert in the outbox, sent after the restart
    expect(t.events('alert')).toMatchObject([{ severity: 'warning', summary: expect.stringMatching(/loop stalled in its collect stage for 120 s/) }])
    await vi.advanceTimersByTimeAsync(10 * LIMIT_MS)
    expect(t.stalls).toHaveLength(1)
  })

  it('watches a test command too: stuck in the cycle chain, it would hold up every cycle after it', async () => {
    const t = watched({ collect: () => new Promise(() => {}) })
    void t.rt.handleCommand({ command_id: 'cmd_00000001', name: 'test' } as unknown as Command)
    await vi.advanceTimersByTimeAsync(LIMIT_MS)
    expect(t.stalls).toEqual([{ stage: 'test', runningMs: expect.any(Number) }])
  })

  it('never fires for cycles that finish, however long the agent then idles', async () => {
    const t = watched()
    for (let i = 0; i < 3; i++) await t.rt.runCycle('timer')
    await vi.advanceTimersByTimeAsync(10 * LIMIT_MS)
    expect(t.stalls).toEqual([])
  })

  it('does not count a long action: actions run beside the loop, and cycles go on meanwhile', async () => {
    let release!: () => void
    const stuck = new Promise<void>((resolve) => (release = resolve))
    const t = watched({ runAction: async () => (await stuck, { ok: true, retryable: false, target: 'web-1' }) }, [{ 'error_rate:web': 1 }])
    await t.rt.runCycle('timer')
    expect(t.rt.runningActions).toBe(1)
    await vi.advanceTimersByTimeAsync(2 * LIMIT_MS)
    await t.rt.runCycle('timer')
    expect(t.stalls).toEqual([])
    release()
    await t.rt.actionsIdle()
  })
})
