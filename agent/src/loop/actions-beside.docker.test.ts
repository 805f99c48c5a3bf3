/** A real restart that takes seconds, on the test engine, while the loop keeps sampling and acting. */
import { expect, it } from 'vitest'
import type { Rule } from '@smartcloudops/shared'
import { describeWithDocker, testImage, waitFor } from '@smartcloudops/test-support'
import { containersCollector } from '../collect/containers/collector'
import { ContainerWatch } from '../collect/containers/watch'
import { runCollectors } from '../collect/runner'
import { parsePolicy } from '../remediate/policy'
import { targetKeys } from '../remediate/target-locks'
import { desired, loopHarness } from '../../test-support/loop-harness'
import { loopOnTestEngine, realActionParts } from '../../test-support/loop-on-engine'

describeWithDocker('actions beside the loop, on the test engine', () => {
  const engine = loopOnTestEngine()
  const { docker } = engine

  it('samples and another rule go on while a container restart takes seconds', async () => {
    const id = engine.tc.runId
    const slowName = `slow-${id}`
    const otherName = `other-${id}`
    // No init: sleep as PID 1 ignores SIGTERM, so a restart waits for the whole stop_timeout.
    const slow = await docker.createContainer({ name: slowName, Image: testImage, Cmd: ['sleep', '3600'], Labels: { 'scops.test': id, app: slowName }, HostConfig: { NetworkMode: 'host' } })
    await slow.start()
    const startedBefore = (await slow.inspect()).State.StartedAt
    const policy = parsePolicy('actions:\n  restart_container: { stop_timeout: 5s }\n  send_alert: {}\n', 'beside.yaml')
    const real = realActionParts(docker, policy)
    const watch = new ContainerWatch({ docker })
    const collector = containersCollector({ docker, watch })
    const rules: Rule[] = [
      {
        name: 'Slow restart',
        conditions: [{ metric: `container_running:${slowName}`, operator: 'gte', threshold: 1 }],
        actions: [{ type: 'restart_container', params: { selector: { labels: { app: slowName } } } }],
        priority: 1,
        cooldown: '10m',
      },
      {
        name: 'Other appeared',
        conditions: [{ metric: `container_running:${otherName}`, operator: 'gte', threshold: 1 }],
        actions: [{ type: 'send_alert', params: { severity: 'info' } }],
        priority: 2,
        cooldown: '10m',
      },
    ]
    let cycles = 0
    const during = { startCycle: -1, endCycle: -1 }
    const t = loopHarness({
      policy,
      samples: [{}],
      parts: {
        collect: async (o) => {
          cycles++
          return runCollectors([collector], o)
        },
        allowedBy: real.allowedBy,
        runAction: async (spec, o) => {
          if (spec.type !== 'restart_container') return real.runAction(spec, o)
          during.startCycle = cycles
          const r = await real.runAction(spec, o)
          during.endCycle = cycles
          return r
        },
        targetsOf: (spec) => targetKeys(spec, watch.containers()),
      },
    })
    try {
      t.rt.applyDesiredState(desired({ config: { interval_s: 1, buffer_size: 2, monitoring: true, verify_window: '60s', action_timeout: '30s' } }, rules), 'control_plane')
      t.rt.start()
      await waitFor(() => during.startCycle >= 0, { timeoutMs: 20_000, description: 'the restart to start' })
      await engine.tc.create({ name: otherName })
      await waitFor(() => during.endCycle >= 0, { timeoutMs: 30_000, description: 'the restart to finish' })

      const finished = t.events('action.finished')
      expect(finished.map((a) => [a['rule'], a['ok']])).toEqual([
        ['Other appeared', true], // decided and done while the restart was still running
        ['Slow restart', true],
      ])
      // at least two whole cycles (collect → … → record) ran while the restart took its seconds
      expect(during.endCycle - during.startCycle).toBeGreaterThanOrEqual(2)
      expect((await slow.inspect()).State.StartedAt).not.toBe(startedBefore)
    } finally {
      await t.rt.stop()
      await collector.close!()
    }
  })
})
