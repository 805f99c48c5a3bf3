import { afterEach, describe, expect, it } from 'vitest'
import type { ActionSpec, Rule } from '@smartcloudops/shared'
import { waitFor } from '@smartcloudops/test-support'
import type { LocalPolicy } from '../remediate/policy'
import { targetKeys } from '../remediate/target-locks'
import type { ExecResult } from '../remediate/types'
import { cleanupLoopHarness, desired, loopHarness, okResult } from '../../test-support/loop-harness'

// Actions beside the loop, with a test executor (a double for the host's hands, named so) whose
// restart of the "web" containers takes until the test lets it finish — the 10 s restart that
// used to blind the loop — while samples keep arriving and other rules fire.

afterEach(cleanupLoopHarness)

const policy: LocalPolicy = { actions: { restart_container: {}, send_alert: {} } }
const known = [
  { name: 'web-1', labels: { app: 'web' } },
  { name: 'db-1', labels: { app: 'db' } },
]
const rule = (name: string, metric: string, selector: Record<string, unknown>, priority: number): Rule => ({
  name,
  conditions: [{ metric, operator: 'gt', threshold: 0.5 }],
  actions: [{ type: 'restart_container', params: { selector } }],
  priority,
  cooldown: '10m',
})
const rules = [
  rule('Web down', 'error_rate:web', { labels: { app: 'web' } }, 1),
  rule('DB slow', 'response_time:db', { name: 'db-1' }, 2),
  // the same container as "Web down", named differently: only the lock can tell
  rule('Web slow', 'response_time:web', { name: 'web-1' }, 3),
]

/** A restart of web containers that runs until `finish()` (or the signal aborts it). */
function slowWebExecutor() {
  let finish: () => void = () => {}
  const done = new Promise<void>((r) => (finish = r))
  const started: string[] = []
  const finished: string[] = []
  const runAction = async (spec: ActionSpec, o: { signal: AbortSignal }): Promise<ExecResult> => {
    const sel = JSON.stringify(spec.params?.['selector'])
    started.push(sel)
    if (sel.includes('web')) {
      const aborted = new Promise<void>((r) => o.signal.addEventListener('abort', () => r(), { once: true }))
      await Promise.race([done, aborted])
      if (o.signal.aborted) return { ok: false, retryable: true, error: { code: 'aborted', message: 'the agent is stopping' } }
    }
    finished.push(sel)
    return okResult
  }
  return { runAction, finish, started, finished }
}

describe('actions beside the loop', () => {
  it('keeps sampling and acting on other rules while a long action runs; a second firing for its target is suppressed with the reason', async () => {
    const ex = slowWebExecutor()
    const t = loopHarness({
      policy,
      samples: [
        { 'error_rate:web': 1, 'response_time:db': 0, 'response_time:web': 0 },
        { 'error_rate:web': 1, 'response_time:db': 3, 'response_time:web': 0 },
        { 'error_rate:web': 1, 'response_time:db': 3, 'response_time:web': 4 },
        { 'error_rate:web': 1, 'response_time:db': 3, 'response_time:web': 4 },
        { 'error_rate:web': 0, 'response_time:db': 0, 'response_time:web': 0 },
      ],
      parts: { runAction: ex.runAction, targetsOf: (spec) => targetKeys(spec, known) },
    })
    t.rt.applyDesiredState(desired({}, rules), 'control_plane')

    await t.rt.runCycle('timer') // "Web down" fires: its restart starts and does not finish
    expect(t.rt.runningActions).toBe(1)
    await t.rt.runCycle('timer') // "DB slow" fires and acts while web is still restarting
    await waitFor(() => ex.finished.some((s) => s.includes('db-1')), { description: 'the db restart to finish beside the web one' })
    await t.rt.runCycle('timer') // "Web slow" fires for web-1: locked
    await t.rt.runCycle('timer')

    // four samples were taken while the first action ran (buffer_size 2: two batches)
    expect(t.events('metrics.batch').flatMap((b) => b['samples'] as unknown[])).toHaveLength(4)
    expect(t.events('action.finished').map((a) => a['rule'])).toEqual(['DB slow'])
    const locked = t.events('decision').filter((d) => d['rule'] === 'Web slow')
    expect(locked).toHaveLength(1) // the same suppression is recorded once a minute, not every cycle
    expect(locked[0]).toMatchObject({ outcome: 'suppressed', suppressed_by: 'target_locked' })
    expect(String(locked[0]!['reason'])).toMatch(/container:web-1 is still being acted on by rule "Web down"/)
    expect(ex.started.filter((s) => s.includes('web'))).toHaveLength(1)

    // the long restart finishes: recorded, its lock released, verified by the next sample
    ex.finish()
    await t.rt.actionsIdle()
    expect(t.events('action.finished').map((a) => a['rule'])).toEqual(['DB slow', 'Web down'])
    t.tick(5_000)
    await t.rt.runCycle('timer')
    expect(t.events('action.verified').filter((v) => v['rule'] === 'Web down')).toMatchObject([{ cleared: true }])
  })

  it('lets the lock go when the plan ends: a later firing on the same target acts', async () => {
    const ex = slowWebExecutor()
    const t = loopHarness({
      policy,
      samples: [{ 'error_rate:web': 1, 'response_time:web': 0 }, { 'error_rate:web': 1, 'response_time:web': 4 }],
      parts: { runAction: ex.runAction, targetsOf: (spec) => targetKeys(spec, known) },
    })
    t.rt.applyDesiredState(desired({}, rules), 'control_plane')
    await t.rt.runCycle('timer')
    ex.finish()
    await t.rt.actionsIdle()
    await t.rt.runCycle('timer')
    await t.rt.actionsIdle()
    expect(t.events('decision').find((d) => d['rule'] === 'Web slow')).toMatchObject({ outcome: 'execute' })
    expect(t.events('action.finished').map((a) => [a['rule'], a['ok']])).toEqual([
      ['Web down', true],
      ['Web slow', true],
    ])
  })

  it('stop() waits for a running action to finish instead of cutting it off', async () => {
    const ex = slowWebExecutor()
    const t = loopHarness({ policy, samples: [{ 'error_rate:web': 1 }], parts: { runAction: ex.runAction } })
    t.rt.applyDesiredState(desired({}, rules), 'control_plane')
    await t.rt.runCycle('timer')
    const stopped = t.rt.stop()
    ex.finish()
    await stopped
    expect(t.events('action.finished')).toMatchObject([{ rule: 'Web down', ok: true }])
  })

  it('stop() is bounded: after the grace period a running action is aborted and that is recorded', async () => {
    const ex = slowWebExecutor()
    const t = loopHarness({ policy, samples: [{ 'error_rate:web': 1 }], parts: { runAction: ex.runAction }, shutdownGraceMs: 0 })
    t.rt.applyDesiredState(desired({}, rules), 'control_plane')
    await t.rt.runCycle('timer')
    await t.rt.stop() // never finished by the test: only the grace bound ends it
    expect(t.events('action.finished')).toMatchObject([{ rule: 'Web down', ok: false, error: { code: 'aborted' } }])
    expect(t.rt.runningActions).toBe(0)
  })
})
