import { afterEach, describe, expect, it } from 'vitest'
import type { Rule } from '@smartcloudops/shared'
import type { LocalPolicy } from '../remediate/policy'
import { cleanupLoopHarness, desired, loopHarness, restartRule } from '../../test-support/loop-harness'

// The loop's side of escalation ladders (the engine's side: shared/src/rules/escalation.test.ts):
// the verify stage moves the ladder, the execute stage times the step, decisions say which step,
// and the position survives a restart. Plus the control plane's fleet-wide pause (`paused_rules`).

afterEach(cleanupLoopHarness)

const policy = {
  actions: { restart_container: {}, restart_service: {}, send_alert: {} },
  services: { app: { container: { labels: { app: 'web' } } } },
} as LocalPolicy
const broken = { 'error_rate:web': 1 }
const healthy = { 'error_rate:web': 0 }

const ladder: Rule = {
  ...restartRule,
  escalation: { timeout: '20s', steps: [{ actions: [{ type: 'restart_service', params: { service: 'app' } }], timeout: '30s' }, { actions: [{ type: 'send_alert' }] }] },
}

describe('an escalation ladder in the loop', () => {
  it('runs step 2 once step 1 did not verify healthy, records which step and why, and pages only after the last step', async () => {
    const t = loopHarness({ policy, samples: [broken] })
    t.rt.applyDesiredState(desired({}, [ladder]), 'control_plane')
    await t.rt.runCycle('trigger')
    expect(t.ran.map((a) => a.type)).toEqual(['restart_container'])
    expect(t.events('decision').at(-1)).toMatchObject({ outcome: 'execute', escalation: { step: 1, of: 3 } })

    t.tick(10_000)
    await t.rt.runCycle('timer')
    expect(t.events('decision').at(-1)).toMatchObject({ outcome: 'suppressed', suppressed_by: 'escalation' })
    expect(t.ran).toHaveLength(1)

    t.tick(10_000) // step 1's 20 s are over and the condition still holds
    await t.rt.runCycle('timer')
    expect(t.events('action.verified')).toMatchObject([{ outcome: 'holding', detail: expect.stringMatching(/^escalation step 1 of 3: .*escalating to step 2$/) }])
    expect(t.events('alert')).toHaveLength(0) // not yet a person: there is a step left
    expect(t.ran.map((a) => a.type)).toEqual(['restart_container', 'restart_service'])
    const d2 = t.events('decision').at(-1)!
    expect(d2).toMatchObject({ outcome: 'execute', escalation: { step: 2, of: 3 }, actions: [{ type: 'restart_service' }] })
    expect(d2.reason).toContain('step 1 (restart_container) did not verify healthy within 20s')

    t.tick(30_000)
    await t.rt.runCycle('timer')
    expect(t.ran.map((a) => a.type)).toEqual(['restart_container', 'restart_service', 'send_alert'])
    expect(t.events('decision').at(-1)).toMatchObject({ escalation: { step: 3, of: 3 } })
  })

  it('keeps its position across an agent restart (persisted engine state), and starts over once healthy', async () => {
    const first = loopHarness({ policy, samples: [broken] })
    first.rt.applyDesiredState(desired({}, [ladder]), 'control_plane')
    await first.rt.runCycle('trigger')
    first.tick(20_000)
    await first.rt.runCycle('timer')
    expect(first.ran.map((a) => a.type)).toEqual(['restart_container', 'restart_service'])
    await first.rt.stop()

    // A new process on the same state directory: the in-memory verification is gone, the ladder is not.
    const second = loopHarness({ policy, samples: [broken, broken, healthy, broken], stateDir: first.stateDir })
    second.tick(25_000) // the clocks of both harnesses start at the same instant: 5 s after the first stopped
    second.rt.applyDesiredState(desired({}, [ladder]), 'cache')
    await second.rt.runCycle('trigger')
    expect(second.events('decision').at(-1)).toMatchObject({ suppressed_by: 'escalation' }) // step 2 has 30 s
    second.tick(30_000)
    await second.rt.runCycle('timer')
    expect(second.ran.map((a) => a.type)).toEqual(['send_alert'])
    second.tick(1_000)
    await second.rt.runCycle('timer') // healthy: the ladder starts over
    second.tick(600_000) // past the 10 min cooldown between ladder runs
    await second.rt.runCycle('timer')
    expect(second.ran.map((a) => a.type)).toEqual(['send_alert', 'restart_container'])
    expect(second.events('decision').at(-1)).toMatchObject({ escalation: { step: 1, of: 3 } })
  })
})

describe('a rule paused fleet-wide', () => {
  it('is evaluated but does not act: each firing is suppressed by rule_paused with the reason', async () => {
    const t = loopHarness({ policy, samples: [broken] })
    const paused = [{ rule: restartRule.name, reason: '5 failed verifications in 1h across 2 hosts (threshold 5)', paused_at: 1_700_000_000_000 }]
    t.rt.applyDesiredState(desired({ paused_rules: paused }), 'control_plane')
    await t.rt.runCycle('trigger')
    expect(t.ran).toHaveLength(0)
    const d = t.events('decision')
    expect(d).toMatchObject([{ outcome: 'suppressed', suppressed_by: 'rule_paused' }])
    expect(d[0]!.reason).toContain('5 failed verifications in 1h across 2 hosts (threshold 5)')

    // Resumed: the next snapshot has no paused_rules, and the rule acts at once (nothing was committed while paused).
    t.rt.applyDesiredState(desired({ revision: 2 }), 'control_plane')
    t.tick(1_000)
    await t.rt.runCycle('timer')
    expect(t.ran.map((a) => a.type)).toEqual(['restart_container'])
  })
})
