/** The loop's policy gate against real containers: refused targets are a suppressed decision. */
import type Docker from 'dockerode'
import { expect, it } from 'vitest'
import { describeWithDocker } from '@smartcloudops/test-support'
import { parsePolicy } from '../remediate/policy'
import { desired, loopHarness } from '../../test-support/loop-harness'
import { loopOnTestEngine, realActionParts } from '../../test-support/loop-on-engine'

const startedAt = async (c: Docker.Container) => (await c.inspect()).State.StartedAt

describeWithDocker('policy gate: restart_container whose matched containers local policy does not allow', () => {
  const engine = loopOnTestEngine()

  it('is recorded as suppressed_by policy naming the containers, before anything runs', async () => {
    const id = engine.tc.runId
    const c = await engine.tc.create({ name: `gate-no-${id}`, labels: { app: `gate-${id}` } })
    const before = await startedAt(c)
    const policy = parsePolicy('actions:\n  restart_container: { selector_labels_required: ["scops.restartable=true"], stop_timeout: 1s }\n', 'gate.yaml')
    const rule = {
      name: 'Web down',
      conditions: [{ metric: 'error_rate:web', operator: 'gt' as const, threshold: 0.5 }],
      actions: [{ type: 'restart_container' as const, params: { selector: { labels: { app: `gate-${id}` } } } }],
      priority: 1,
      cooldown: '10m',
    }
    const t = loopHarness({
      policy,
      samples: [{ 'error_rate:web': 1 }],
      parts: realActionParts(engine.docker, policy),
    })
    t.rt.applyDesiredState(desired({}, [rule]), 'control_plane')
    await t.rt.runCycle('trigger')

    const [d] = t.events('decision')
    expect(d).toMatchObject({ outcome: 'suppressed', suppressed_by: 'policy', rule: 'Web down' })
    expect(String(d!['reason'])).toContain(`gate-no-${id}`)
    expect(String(d!['reason'])).toContain('scops.restartable=true')
    expect(t.events('action.started')).toHaveLength(0)
    expect(t.events('action.finished')).toHaveLength(0)
    expect(await startedAt(c)).toBe(before)
  })
})
