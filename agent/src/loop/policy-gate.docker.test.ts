/** The loop's policy gate against real containers: refused targets are a suppressed decision. */
import type Docker from 'dockerode'
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest'
import { describeWithDocker, testDocker } from '@smartcloudops/test-support'
import { allowedBy } from '../remediate/allowed-by'
import { parsePolicy } from '../remediate/policy'
import { runAction } from '../remediate/run-action'
import { cleanupLoopHarness, desired, loopHarness } from '../../test-support/loop-harness'
import { testContainers, type TestContainers } from '../../test-support/test-containers'
import { testExecContext } from '../../test-support/test-context'

const startedAt = async (c: Docker.Container) => (await c.inspect()).State.StartedAt

describeWithDocker('policy gate: restart_container whose matched containers local policy does not allow', () => {
  const docker = testDocker()
  let tc: TestContainers
  beforeAll(() => {
    tc = testContainers(docker)
  })
  afterEach(cleanupLoopHarness)
  afterAll(() => tc.cleanup())

  it('is recorded as suppressed_by policy naming the containers, before anything runs', async () => {
    const id = tc.runId
    const c = await tc.create({ name: `gate-no-${id}`, labels: { app: `gate-${id}` } })
    const before = await startedAt(c)
    const policy = parsePolicy('actions:\n  restart_container: { selector_labels_required: ["scops.restartable=true"], stop_timeout: 1s }\n', 'gate.yaml')
    const ctx = testExecContext({ policy, docker })
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
      parts: { allowedBy: (spec, signal) => allowedBy(ctx, spec, signal), runAction: (spec, o) => runAction(ctx, spec, o) },
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
