import { afterEach, describe, expect, it } from 'vitest'
import type { Command } from '@smartcloudops/shared'
import type { LocalPolicy } from '../remediate/policy'
import type { ExecResult } from '../remediate/types'
import { cleanupLoopHarness, desired, loopHarness, okResult, restartRule } from '../../test-support/loop-harness'

// The loop with a scripted sample source and a recording executor: collectors, executors and the
// real control plane are covered by their own suites and by test/e2e.

afterEach(cleanupLoopHarness)

const setup = (policy: LocalPolicy, samples: Array<Record<string, number>>, result: ExecResult = okResult, stateDir?: string) =>
  loopHarness({ policy, samples, result, ...(stateDir ? { stateDir } : {}) })

const allowRestart: LocalPolicy = { actions: { restart_container: {}, send_alert: {} } }

describe('AgentRuntime', () => {
  it('acts on a fired rule, records decision and action events, then verifies the fix', async () => {
    const t = setup(allowRestart, [{ 'error_rate:web': 1 }, { 'error_rate:web': 0 }])
    t.rt.applyDesiredState(desired(), 'control_plane')
    const r1 = await t.rt.runCycle('trigger')
    expect(r1.decisions).toMatchObject([{ rule: 'Service Unresponsive', outcome: 'execute', suppressed_by: 'none' }])
    expect(t.ran).toEqual([restartRule.actions[0]])
    const [started] = t.events('action.started')
    const [finished] = t.events('action.finished')
    expect(finished).toMatchObject({ ok: true, target: 'web-1', action_id: started!['action_id'] })
    t.tick(5000)
    await t.rt.runCycle('timer')
    expect(t.events('action.verified')).toMatchObject([{ cleared: true, action_id: started!['action_id'], rule: 'Service Unresponsive' }])
    // buffer_size 2 from the desired state: the two samples left as one batch
    expect(t.events('metrics.batch')).toHaveLength(1)
    expect((t.events('metrics.batch')[0]!['samples'] as unknown[]).length).toBe(2)
  })

  it('escalates with an alert when the condition does not clear within the window', async () => {
    const t = setup(allowRestart, [{ 'error_rate:web': 1 }])
    t.rt.applyDesiredState(desired(), 'control_plane')
    await t.rt.runCycle('trigger')
    t.tick(61_000)
    await t.rt.runCycle('timer')
    expect(t.events('action.verified')).toMatchObject([{ cleared: false }])
    expect(t.events('alert').some((a) => String(a['summary']).includes('did not clear'))).toBe(true)
  })

  it('records a paused decision and does not act; acts once the pause is lifted', async () => {
    const t = setup(allowRestart, [{ 'error_rate:web': 1 }])
    t.rt.applyDesiredState(desired({ override: { mode: 'paused', scope: 'fleet', reason: 'maintenance' } }), 'control_plane')
    await t.rt.runCycle('trigger')
    expect(t.ran).toHaveLength(0)
    expect(t.events('decision')).toMatchObject([{ outcome: 'suppressed', suppressed_by: 'override_paused', override_mode: 'paused' }])
    // the same suppression again right away is not recorded twice
    await t.rt.runCycle('timer')
    expect(t.events('decision')).toHaveLength(1)
    t.rt.applyDesiredState(desired({ revision: 2 }), 'control_plane')
    await t.rt.runCycle('timer')
    expect(t.ran).toHaveLength(1)
  })

  it('refuses a rule whose action local policy does not allow, and records why', async () => {
    const t = setup({ actions: { send_alert: {} } }, [{ 'error_rate:web': 1 }])
    t.rt.applyDesiredState(desired(), 'control_plane')
    await t.rt.runCycle('trigger')
    expect(t.ran).toHaveLength(0)
    const [d] = t.events('decision')
    expect(d).toMatchObject({ outcome: 'suppressed', suppressed_by: 'policy' })
    expect(String(d!['reason'])).toMatch(/restart_container is not allowed by local policy/)
  })

  it('records a failed action with its error and raises an alert', async () => {
    const t = setup(allowRestart, [{ 'error_rate:web': 1 }], { ok: false, retryable: true, error: { code: 'docker_unreachable', message: 'connect ENOENT' } })
    t.rt.applyDesiredState(desired(), 'control_plane')
    await t.rt.runCycle('trigger')
    expect(t.events('action.finished')).toMatchObject([{ ok: false, error: { code: 'docker_unreachable' } }])
    expect(t.events('alert')).toHaveLength(1)
    expect(t.events('action.verified')).toHaveLength(0)
  })

  it('keeps the last good desired state when a new one has bad action parameters', async () => {
    const t = setup(allowRestart, [{ 'error_rate:web': 1 }])
    expect(t.rt.applyDesiredState(desired(), 'control_plane').applied).toBe(true)
    const bad = desired({ revision: 2 }, [{ ...restartRule, actions: [{ type: 'restart_container', params: { selector: 'everything' } }] }])
    const r = t.rt.applyDesiredState(bad, 'control_plane')
    expect(r.applied).toBe(false)
    expect(r.error).toMatch(/selector/)
    expect(t.rt.desiredState?.revision).toBe(1)
  })

  it('answers the test command without acting, and keeps cooldown state across a restart', async () => {
    const t = setup(allowRestart, [{ 'error_rate:web': 1 }])
    t.rt.applyDesiredState(desired(), 'control_plane')
    const res = await t.rt.handleCommand({ command_id: 'cmd_00000001', name: 'test', args: { metrics: { 'error_rate:web': 0.9 } } } as unknown as Command)
    expect(res).toMatchObject({ ok: true, result: { evaluations: [{ fired: true, outcome: 'execute', policy: [{ allowed: true }] }] } })
    expect(t.ran).toHaveLength(0)
    await t.rt.runCycle('trigger')
    expect(t.ran).toHaveLength(1)
    await t.rt.stop()
    // a new process on the same state dir: still in cooldown, does not restart again
    t.outbox.close()
    const again = setup(allowRestart, [{ 'error_rate:web': 1 }], okResult, t.stateDir)
    again.tick(60_000)
    again.rt.applyDesiredState(desired(), 'cache')
    await again.rt.runCycle('trigger')
    expect(again.ran).toHaveLength(0)
    expect(again.events('decision').at(-1)).toMatchObject({ suppressed_by: 'cooldown' })
  })
})
