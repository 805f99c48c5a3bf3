import { afterEach, describe, expect, it } from 'vitest'
import type { Command, DesiredState } from '@smartcloudops/shared'
import { createDetector } from '../detect/detector'
import type { LocalPolicy } from '../remediate/policy'
import { MemoryStateStore } from '../state/memory-store'
import { cleanupLoopHarness, desired, loopHarness } from '../../test-support/loop-harness'

// What an operator reads in the history (issue 17): each case here was recorded wrongly before
// the loop became a pipeline with one gate list.

afterEach(cleanupLoopHarness)

const allowRestart: LocalPolicy = { actions: { restart_container: {}, send_alert: {} } }
const alertsOnly: LocalPolicy = { actions: { send_alert: {} } }
const broken = { 'error_rate:web': 1 }
const testCmd = (args?: Record<string, unknown>) => ({ command_id: 'cmd_00000001', name: 'test', ...(args ? { args } : {}) }) as unknown as Command

describe('a firing refused by local policy', () => {
  it('does not start the cooldown: once the policy allows the action, the next sample acts', async () => {
    const t = loopHarness({ policy: alertsOnly, samples: [broken] })
    t.rt.applyDesiredState(desired(), 'control_plane')
    await t.rt.runCycle('trigger')
    expect(t.events('decision')).toMatchObject([{ outcome: 'suppressed', suppressed_by: 'policy' }])
    expect(t.ran).toHaveLength(0)

    // The operator fixes the host's policy; 30 s later (well inside the rule's 10 min cooldown).
    t.setPolicy(allowRestart)
    t.tick(30_000)
    await t.rt.runCycle('timer')
    expect(t.events('decision').at(-1)).toMatchObject({ outcome: 'execute', suppressed_by: 'none' })
    expect(t.ran).toHaveLength(1)
    // …and from that real action on, the cooldown applies.
    t.tick(30_000)
    await t.rt.runCycle('timer')
    expect(t.events('decision').at(-1)).toMatchObject({ suppressed_by: 'cooldown' })
    expect(t.ran).toHaveLength(1)
  })

  it('in a dry run says what a real run would have done: refused by policy, not "would have acted"', async () => {
    const t = loopHarness({ policy: alertsOnly, samples: [broken] })
    t.rt.applyDesiredState(desired({ override: { mode: 'dry_run', scope: 'fleet' } }), 'control_plane')
    await t.rt.runCycle('trigger')
    expect(t.events('decision')).toMatchObject([{ outcome: 'suppressed', suppressed_by: 'policy', override_mode: 'dry_run' }])
  })
})

describe('verification when the triggering metric goes missing after the action', () => {
  const gone = { metrics: {}, missing: { 'error_rate:web': 'probe_failed' }, health: { probes: { ok: false, durationMs: 1, error: 'connect ECONNREFUSED' } } }

  it('keeps watching while the metric is missing, and records cleared when it comes back healthy', async () => {
    const t = loopHarness({ policy: allowRestart, samples: [broken, gone, gone, { 'error_rate:web': 0 }] })
    t.rt.applyDesiredState(desired(), 'control_plane')
    await t.rt.runCycle('trigger')
    for (let i = 0; i < 2; i++) {
      t.tick(20_000)
      await t.rt.runCycle('timer')
    }
    expect(t.events('action.verified')).toHaveLength(0)
    t.tick(10_000)
    await t.rt.runCycle('timer')
    expect(t.events('action.verified')).toMatchObject([{ cleared: true, outcome: 'cleared' }])
    expect(t.events('alert')).toHaveLength(0)
  })

  it('escalates as unknown — not as "still holding" — when it is still missing at the end of the window', async () => {
    const t = loopHarness({ policy: allowRestart, samples: [broken, gone] })
    t.rt.applyDesiredState(desired(), 'control_plane')
    await t.rt.runCycle('trigger')
    t.tick(30_000)
    await t.rt.runCycle('timer')
    expect(t.events('action.verified')).toHaveLength(0)
    t.tick(31_000)
    await t.rt.runCycle('timer')
    const [v] = t.events('action.verified')
    expect(v).toMatchObject({ cleared: false, outcome: 'unknown', window_s: 60 })
    expect(String(v!['detail'])).toMatch(/could not verify.*error_rate:web \(probe_failed\) missing/)
    expect(String(v!['detail'])).not.toMatch(/still holding/)
    const alerts = t.events('alert')
    expect(alerts).toHaveLength(1)
    expect(String(alerts[0]!['summary'])).toMatch(/could not be verified/)
  })

  it('still escalates as holding when complete samples show the condition holding', async () => {
    const t = loopHarness({ policy: allowRestart, samples: [broken] })
    t.rt.applyDesiredState(desired(), 'control_plane')
    await t.rt.runCycle('trigger')
    t.tick(61_000)
    await t.rt.runCycle('timer')
    expect(t.events('action.verified')).toMatchObject([{ cleared: false, outcome: 'holding' }])
  })
})

describe('the test command without metrics tests the integration on this host', () => {
  it('passes on a healthy host: a fresh sample from every collector, scored, rules evaluated, policy checked, nothing run', async () => {
    const detector = await createDetector()
    try {
      const sample = { cpu_percent: 12, memory_percent: 40, 'error_rate:web': 0.9 }
      const health = { cpu: { ok: true, durationMs: 1 }, probes: { ok: true, durationMs: 2 } }
      const t = loopHarness({ policy: alertsOnly, samples: [{ metrics: sample, missing: { disk_percent: 'df_failed' }, health }], detector })
      t.rt.applyDesiredState(desired(), 'control_plane')
      const res = await t.rt.handleCommand(testCmd())
      expect(res).toMatchObject({
        ok: true,
        result: {
          collectors: { cpu: { ok: true }, probes: { ok: true } },
          sample: { metrics: 3, missing: 1, scored: false },
          problems: [],
          evaluations: [{ rule: 'Service Unresponsive', fired: true, policy: [{ type: 'restart_container', allowed: false }] }],
        },
      })
      expect(t.ran).toHaveLength(0)
      expect(t.outbox.pending()).toHaveLength(0)
      // A test sample leaves the detector's baselines as they were.
      expect(JSON.stringify(detector.exportState())).toBe(JSON.stringify((await createDetector()).exportState()))
    } finally {
      await detector.close()
    }
  })

  it('fails usefully: a failing collector, no desired state and no model are each a problem in plain words', async () => {
    const t = loopHarness({
      policy: allowRestart,
      samples: [{ metrics: { cpu_percent: 5 }, missing: { containers: 'docker_unreachable' }, health: { cpu: { ok: true, durationMs: 1 }, containers: { ok: false, durationMs: 3, error: 'connect ENOENT /var/run/docker.sock' } } }],
      detector: null,
    })
    const res = await t.rt.handleCommand(testCmd())
    expect(res.ok).toBe(false)
    const problems = (res.result as { problems: string[] }).problems
    expect(problems).toEqual([
      expect.stringMatching(/^collector containers failed: connect ENOENT/),
      expect.stringMatching(/^no anomaly model loaded/),
      expect.stringMatching(/^no desired state yet/),
    ])
    expect(res.error).toContain('collector containers failed')
    expect(res.result).toMatchObject({ collectors: { containers: { ok: false, error: 'connect ENOENT /var/run/docker.sock' } }, evaluations: [] })
  })

  it('with args.metrics keeps evaluating those metrics, and refuses metrics of the wrong shape', async () => {
    const t = loopHarness({ policy: allowRestart, samples: [broken] })
    t.rt.applyDesiredState(desired(), 'control_plane')
    expect(await t.rt.handleCommand(testCmd({ metrics: { 'error_rate:web': 0.1 } }))).toMatchObject({ ok: true, result: { evaluations: [{ fired: false }] } })
    expect(await t.rt.handleCommand(testCmd({ metrics: 'high' }))).toMatchObject({ ok: false, error: expect.stringContaining('args.metrics') })
  })
})

describe('engine state on disk', () => {
  it('is written when a cycle changed it, not on every cycle', async () => {
    const store = new MemoryStateStore()
    const quiet = { 'error_rate:web': 0 }
    const t = loopHarness({ policy: allowRestart, samples: [broken, quiet, quiet, quiet, quiet], store })
    const ds: DesiredState = desired()
    t.rt.applyDesiredState(ds, 'control_plane')
    await t.rt.runCycle('trigger') // fires: last_fired changes
    expect(store.writes.get('engine-state')).toBe(1)
    t.tick(1000)
    await t.rt.runCycle('timer') // condition stops holding: healthy_since starts
    const afterChange = store.writes.get('engine-state')
    for (let i = 0; i < 3; i++) {
      t.tick(1000)
      await t.rt.runCycle('timer')
    }
    expect(store.writes.get('engine-state')).toBe(afterChange)
    expect(store.read('engine-state')).toMatchObject({ 'Service Unresponsive': { live: { last_fired: expect.any(Number) } } })
  })
})
