/** The `test` command on this host with the real collectors, model and policy check (no executor runs). */
import { afterEach, expect, it } from 'vitest'
import type { Command } from '@smartcloudops/shared'
import { describeWithDocker, testDocker } from '@smartcloudops/test-support'
import { createCollectors, runCollectors } from '../collect'
import { createDetector } from '../detect/detector'
import { allowedBy } from '../remediate/allowed-by'
import { parsePolicy } from '../remediate/policy'
import { cleanupLoopHarness, desired, loopHarness } from '../../test-support/loop-harness'
import { testExecContext } from '../../test-support/test-context'

describeWithDocker('the test command on a healthy host', () => {
  afterEach(cleanupLoopHarness)

  it('passes: every collector answers, the sample is scored or warming up, the rules are evaluated, nothing runs', async () => {
    const docker = testDocker()
    const collectors = createCollectors({ docker, probes: [] })
    const detector = await createDetector()
    const policy = parsePolicy('actions:\n  send_alert: {}\n', 'self-test.yaml')
    const ctx = testExecContext({ policy, docker })
    try {
      const t = loopHarness({
        policy,
        samples: [{}],
        detector,
        parts: { collect: (o) => runCollectors(collectors, o), allowedBy: (spec, signal) => allowedBy(ctx, spec, signal) },
      })
      t.rt.applyDesiredState(desired(), 'control_plane')
      const res = await t.rt.handleCommand({ command_id: 'cmd_00000002', name: 'test' } as unknown as Command)
      const result = res.result as { collectors: Record<string, { ok: boolean }>; sample: { metrics: number }; problems: string[]; evaluations: unknown[] }
      expect(result.problems).toEqual([])
      expect(res.ok).toBe(true)
      expect(Object.keys(result.collectors).sort()).toEqual(collectors.map((c) => c.name).sort())
      expect(Object.values(result.collectors).every((c) => c.ok)).toBe(true)
      expect(result.sample.metrics).toBeGreaterThan(5)
      expect(result.evaluations).toHaveLength(1)
      expect(t.ran).toHaveLength(0)
    } finally {
      await detector.close()
    }
  })
})
