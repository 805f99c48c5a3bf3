/* eslint-disable @typescript-eslint/no-explicit-any -- tests read JSON bodies loosely */
import { afterAll, beforeAll, expect, test } from 'vitest'
import { waitFor } from '@smartcloudops/test-support'
import { withUnlockedActiveRollouts } from '../../db/queries/rollouts'
import { describeEachBackend } from '../../../test-support/backends'
import { variantModel } from '@smartcloudops/shared/test-support/models'
import { rolloutWorld, type RolloutWorld, type WorldHost } from '../../../test-support/rollout-world'
import { RolloutDriver } from './driver'

// The rollout state machine through the API and the driver, with the driver's clock moved by the
// test (tick(ms)), fake agents that acknowledge what they are sent, and events stored as agents
// send them. No sleeps: soaks end because the clock says so.

const rule = (name: string) => ({ name, description: 'staged', conditions: [{ metric: 'cpu_percent', operator: 'gt', threshold: 99 }], actions: [{ type: 'send_alert' }], priority: 5, cooldown: '1m' })
const min = 60_000

describeEachBackend('staged rollouts', (get, backend) => {
  let w: RolloutWorld
  let canary: WorldHost
  let main: WorldHost[]
  let n = 0

  beforeAll(async () => {
    w = await rolloutWorld(get())
    canary = await w.host('ro-canary', { ring: 'canary' })
    main = [await w.host('ro-main-1', { ring: 'main' }), await w.host('ro-main-2', { ring: 'main' }), await w.host('ro-main-3', { ring: 'main' })]
  }, 60_000)
  afterAll(async () => {
    await w?.close()
  })

  const current = async () => (await w.t.call('GET', '/api/v1/rulesets')).json.data.current_version as number
  const rollout = async (id: string) => (await w.t.call('GET', `/api/v1/rollouts/${id}`)).json.data
  async function start(stages: unknown[], extra: Record<string, unknown> = {}) {
    const r = await w.t.call('POST', '/api/v1/rollouts', { kind: 'ruleset', rules: [rule(`staged ${++n}`)], stages, ...extra })
    expect(r.status, JSON.stringify(r.json)).toBe(201)
    return r.json.data
  }
  const applied = (id: string, pred: (h: any) => boolean, what: string) => waitFor(async () => (await rollout(id)).hosts.every(pred), { description: what })

  test('canary first, then the fleet at the end of each soak, then the version is current', async () => {
    const from = await current()
    const r = await start([
      { selector: 'ring=canary', soak: '10m' },
      { percent: 100, soak: '10m' },
    ])
    expect(r).toMatchObject({ state: 'running', stage: 1, from_ruleset_version: from })
    const to = r.to_ruleset_version as number
    expect(to).toBeGreaterThan(from)
    await waitFor(() => canary.rulesetVersion() === to, { description: 'the canary to get the new ruleset' })
    await applied(r.id, (h) => h.applied_ruleset_version === (h.hostname === 'ro-canary' ? to : from), 'canary on the new version, the rest on the old')
    for (const m of main) expect(m.rulesetVersion()).toBe(from)
    // The new version is not current: a ruleset edit now would move the baseline under the rollout.
    const edit = await w.t.call('PUT', '/api/v1/rulesets', { rules: [rule('sneaked in')] })
    expect(edit.status).toBe(409)
    expect(edit.json.error.code).toBe('rollout_in_progress')
    expect(edit.json.error.message).toContain(r.id)

    expect(await w.tick(5 * min)).toEqual([{ id: r.id, state: 'running', stage: 1 }])
    expect((await rollout(r.id)).last_gate).toMatchObject({ ok: true, new_hosts: 1, baseline: 'old_hosts' })
    expect(await w.tick(5 * min)).toEqual([{ id: r.id, state: 'running', stage: 2, event: 'promoted' }])
    await applied(r.id, (h) => h.applied_ruleset_version === to, 'every host on the new version')
    expect(await current()).toBe(from)
    expect(await w.tick(10 * min)).toEqual([{ id: r.id, state: 'completed', stage: 2, event: 'completed' }])
    expect(await current()).toBe(to)
    const done = await rollout(r.id)
    expect(done.events.map((e: any) => e.event)).toEqual(['started', 'promoted', 'completed'])
    expect(done.hosts.every((h: any) => h.desired_ruleset_version === to && !h.on_new_version)).toBe(true)
  })

  test('a canary that acts far more than the old hosts rolls back by itself, and the alert says why', async () => {
    const from = await current()
    const r = await start([
      { selector: 'ring=canary', soak: '1h' },
      { percent: 100, soak: '1h' },
    ])
    await waitFor(() => canary.rulesetVersion() === r.to_ruleset_version, { description: 'the canary to get the new ruleset' })
    await applied(r.id, (h) => h.hostname !== 'ro-canary' || h.applied_ruleset_version === r.to_ruleset_version, 'the canary to apply it')
    await canary.actions(6, new Date(w.clock.now.getTime() + 1000))
    await main[0]!.actions(1, new Date(w.clock.now.getTime() + 1000))
    expect(await w.tick(2 * min)).toEqual([{ id: r.id, state: 'rolled_back', stage: 1, event: 'rolled_back' }])
    const after = await rollout(r.id)
    expect(after.reason).toContain('action rate: 6 per host on the new version vs 0.33 on the old')
    await waitFor(() => canary.rulesetVersion() === from, { description: 'the canary to be sent the old ruleset again' })
    expect(await current()).toBe(from)
    const alerts = (await w.t.call('GET', `/api/v1/alerts?host_id=${canary.id}`)).json.data.alerts
    const alert = alerts.find((a: any) => a.summary.includes(r.id))
    expect(alert, JSON.stringify(alerts)).toMatchObject({ severity: 'critical' })
    expect(alert.summary).toContain('rolled back at stage 1/2')
    expect(alert.detail).toContain('6 per host on the new version vs 0.33 on the old')
    // A finished rollout takes no more orders.
    const late = await w.t.call('POST', `/api/v1/rollouts/${r.id}/promote`, {})
    expect(late.status).toBe(409)
    expect(late.json.error.code).toBe('rollout_finished')
  })

  test('pause holds, resume soaks again, promote skips the soak, abort sends every host back; all audited', async () => {
    const from = await current()
    const r = await start([
      { selector: 'ring=canary', soak: '10m' },
      { percent: 50, soak: '10m' },
      { percent: 100, soak: '10m' },
    ])
    expect((await w.t.call('POST', `/api/v1/rollouts/${r.id}/pause`, { reason: 'looking at graphs' })).json.data.state).toBe('paused')
    expect(await w.tick(30 * min)).toEqual([{ id: r.id, state: 'paused', stage: 1 }])
    expect((await w.t.call('POST', `/api/v1/rollouts/${r.id}/pause`, {})).status).toBe(409)
    const resumed = (await w.t.call('POST', `/api/v1/rollouts/${r.id}/resume`, {})).json.data
    expect(resumed.state).toBe('running')
    // The soak starts again from the resume: 30 paused minutes do not count towards it.
    expect(resumed.stage_started_at).toBe(w.clock.now.toISOString())
    const promoted = (await w.t.call('POST', `/api/v1/rollouts/${r.id}/promote`, {}, w.t.operator)).json.data
    expect(promoted.stage).toBe(2)
    const onNew = promoted.hosts.filter((h: any) => h.on_new_version).map((h: any) => h.hostname)
    expect(onNew).toContain('ro-canary')
    const aborted = await w.t.call('POST', `/api/v1/rollouts/${r.id}/abort`, { reason: 'wrong threshold' })
    expect(aborted.json.data).toMatchObject({ state: 'aborted', reason: 'wrong threshold' })
    await waitFor(async () => (await rollout(r.id)).hosts.every((h: any) => h.applied_ruleset_version === from), { description: 'every host back on the old ruleset' })
    const audit = (await w.t.call('GET', '/api/v1/audit?limit=50')).json.data.entries.map((e: any) => e.path)
    for (const a of ['pause', 'resume', 'promote', 'abort']) expect(audit).toContain(`/api/v1/rollouts/${r.id}/${a}`)
  })

  test('a host that joins mid-rollout gets the version of its stage', async () => {
    const r = await start([
      { selector: 'ring=canary', soak: '10m' },
      { percent: 100, soak: '10m' },
    ])
    const lateCanary = await w.host(`ro-late-canary-${backend.name}`, { ring: 'canary' })
    const lateMain = await w.host(`ro-late-main-${backend.name}`, { ring: 'main' })
    expect(lateCanary.rulesetVersion()).toBe(r.to_ruleset_version)
    expect(lateMain.rulesetVersion()).toBe(r.from_ruleset_version)
    const detail = await rollout(r.id)
    expect(detail.stages.map((s: any) => s.hosts)).toEqual([2, detail.hosts_total - 2])
    await w.t.call('POST', `/api/v1/rollouts/${r.id}/abort`, {})
  })

  test('a canary selector that matches no host pauses instead of promoting untested', async () => {
    const r = await start([
      { selector: 'ring=canray', soak: '1m' },
      { percent: 100, soak: '1m' },
    ])
    expect(await w.tick(2 * min)).toEqual([{ id: r.id, state: 'paused', stage: 1, event: 'paused' }])
    expect((await rollout(r.id)).reason).toContain('matches no host')
    await w.t.call('POST', `/api/v1/rollouts/${r.id}/abort`, {})
  })

  test('a model rollout sends the model stage by stage and ends as the fleet assignment', async () => {
    const up = await w.t.app.inject({
      method: 'POST',
      url: '/api/v1/models',
      headers: { authorization: `Bearer ${w.t.admin}`, 'content-type': 'application/octet-stream' },
      payload: Buffer.from(variantModel(`rollout-model-${backend.name}`)),
    })
    expect(up.statusCode).toBe(201)
    const version = up.json().data.version
    const byOperator = await w.t.call('POST', '/api/v1/rollouts', { kind: 'model', model_version: version, stages: [{ percent: 100, soak: '1m' }] }, w.t.operator)
    expect(byOperator.status).toBe(403)
    const r = (await w.t.call('POST', '/api/v1/rollouts', { kind: 'model', model_version: version, stages: [{ selector: 'ring=canary', soak: '5m' }, { percent: 100, soak: '5m' }] })).json.data
    await waitFor(() => canary.modelVersion() === version, { description: 'the canary to get the model' })
    expect(main[0]!.modelVersion()).not.toBe(version)
    await waitFor(async () => (await rollout(r.id)).hosts.some((h: any) => h.applied_model_version === version), { description: 'the canary to apply the model' })
    expect((await w.tick(5 * min)).at(0)).toMatchObject({ stage: 2, event: 'promoted' })
    await waitFor(() => main.every((m) => m.modelVersion() === version), { description: 'every host to get the model' })
    await waitFor(async () => (await rollout(r.id)).hosts.every((h: any) => h.applied_model_version === version), { description: 'every host to apply the model' })
    expect((await w.tick(5 * min)).at(0)).toMatchObject({ state: 'completed' })
    const assignments = (await w.t.call('GET', '/api/v1/models')).json.data.assignments
    expect(assignments).toEqual(expect.arrayContaining([expect.objectContaining({ scope: 'fleet', model_version: version })]))
  })

  test('a model the canary cannot load rolls back at once, naming the host and its error', async () => {
    const broken = await w.host(`ro-bad-loader-${backend.name}`, { ring: 'loader' }, { refuseModels: 'MODEL_SHAPE_MISMATCH: input has 7 features, the agent computes 9' })
    const up = await w.t.app.inject({
      method: 'POST',
      url: '/api/v1/models',
      headers: { authorization: `Bearer ${w.t.admin}`, 'content-type': 'application/octet-stream' },
      payload: Buffer.from(variantModel(`rollout-unloadable-${backend.name}`, [3])),
    })
    const version = up.json().data.version
    const r = (await w.t.call('POST', '/api/v1/rollouts', { kind: 'model', model_version: version, stages: [{ selector: 'ring=loader', soak: '1h' }, { percent: 100, soak: '1h' }] })).json.data
    await waitFor(async () => (await w.tick(1000)).some((o) => o.id === r.id && o.state === 'rolled_back'), { description: 'the rollout to roll back' })
    const after = await rollout(r.id)
    expect(after.reason).toContain(`1 host(s) could not apply the new version: ro-bad-loader-${backend.name}: MODEL_SHAPE_MISMATCH`)
    await waitFor(() => broken.modelVersion() !== version, { description: 'the host to be sent its previous model again' })
    const alerts = (await w.t.call('GET', `/api/v1/alerts?host_id=${broken.id}`)).json.data.alerts
    expect(alerts.find((a: any) => a.summary.includes(r.id))?.detail).toBe(after.reason)
  })

  if (backend.name === 'postgres') {
    test('two replicas: a rollout one replica is advancing is skipped by the other, not advanced twice', async () => {
      const r = await start([
        { selector: 'ring=canary', soak: '1m' },
        { percent: 100, soak: '1m' },
      ])
      await applied(r.id, (h) => h.hostname !== 'ro-canary' || h.applied_ruleset_version === r.to_ruleset_version, 'the canary to apply it')
      const other = new RolloutDriver(get().db, w.t.app.bus, w.t.app.log, { now: () => new Date(w.clock.now.getTime() + 5 * min) })
      const whileLocked = await withUnlockedActiveRollouts(get().db, async (_tx, rows) => {
        expect(rows.map((x) => x.id)).toContain(r.id)
        return other.tick()
      })
      expect(whileLocked).toEqual([])
      expect((await other.tick()).map((o) => o.event)).toEqual(['promoted'])
      await w.t.call('POST', `/api/v1/rollouts/${r.id}/abort`, {})
    })
  }
})
