/* eslint-disable @typescript-eslint/no-explicit-any -- reads JSON answers loosely */
import { afterAll, beforeAll, expect, test } from 'vitest'
import { describeEachBackend } from '@smartcloudops/control-plane/test-support/backends'
import { createTestApp, type TestApp } from '@smartcloudops/control-plane/test-support/test-app'
import { ingestEvent } from '@smartcloudops/control-plane/db/queries/ingest'
import { overrides } from '@smartcloudops/control-plane/db/schema/rules'
import { generateFleet, type GeneratedHost } from '../bench/replay/generate'

// The CI slice of `pnpm bench:replay`: a few hosts, a few hours of fixed-seed history, replayed
// through POST /rulesets/replay, checked against an independent, deliberately plain computation
// of where a rule with `for`, cooldown and max_actions fires (written from the rules README, not
// from the engine), and against actions stored as really having run.

const STEP = 30_000
const COOLDOWN = 5 * 60_000
const WINDOW = 30 * 60_000
const rule = {
  name: 'Replay CPU',
  description: 'cpu above 90 for 3 samples',
  priority: 2,
  conditions: [{ metric: 'cpu_percent', operator: 'gt', threshold: 90 }],
  for: { samples: 3 },
  cooldown: '5m',
  max_actions: { count: 2, window: '30m' },
  actions: [{ type: 'scale_up', params: { group: 'app' } }],
}

/** Where the rule fires: 3 samples in a row above 90, 5 min since the last firing, < 2 firings in the last 30 min, not paused. */
function expectedFirings(h: GeneratedHost, paused: (t: number) => boolean = () => false): number[] {
  const fired: number[] = []
  let streak = 0
  for (let i = 0; i < h.ts.length; i++) {
    const t = h.ts[i]!
    streak = h.cpu[i]! > 90 ? streak + 1 : 0
    if (streak < 3) continue
    const last = fired[fired.length - 1]
    if (last !== undefined && t - last < COOLDOWN) continue
    if (fired.filter((f) => t - f < WINDOW).length >= 2) continue
    if (paused(t)) continue
    fired.push(t)
  }
  return fired
}

describeEachBackend('replay slice (fixed seed)', (get) => {
  let t: TestApp
  let fleet: GeneratedHost[]
  const end = Date.UTC(2026, 10, 30, 12, 0, 0)
  const from = new Date(end - 6 * 3_600_000).toISOString()
  const to = new Date(end).toISOString()
  let ranAt = 0
  let strayAt = 0

  beforeAll(async () => {
    t = await createTestApp(get())
    fleet = await generateFleet(get(), { hosts: 4, hours: 6, stepMs: STEP, seed: 20261201, end })
    // Two actions that really ran on host 0: one where the rule fires, one where it does not.
    const h = fleet[0]!
    ranAt = expectedFirings(h)[0]!
    strayAt = h.ts[h.cpu.findIndex((c) => c < 70)]!
    for (const [k, at] of [[1, ranAt], [2, strayAt]] as const) {
      await ingestEvent(get().db, h.id, `evt-replay-d${k}`, {
        type: 'decision',
        payload: {
          decision_id: `dec-replay-${k}`, rule: rule.name, priority: 2, ruleset_version: 1, sample_ts: at, outcome: 'execute', suppressed_by: 'none',
          override_mode: 'enabled', reason: 'cpu', conditions: [], actions: [{ type: 'scale_up', params: { group: 'app' } }],
        },
      })
      await ingestEvent(get().db, h.id, `evt-replay-a${k}`, {
        type: 'action.finished',
        payload: { action_id: `act-replay-${k}`, decision_id: `dec-replay-${k}`, rule: rule.name, type: 'scale_up', ok: true, retryable: false, started_at: at + 200, finished_at: at + 900 },
      })
    }
  }, 300_000)
  afterAll(async () => {
    await t?.app.close()
  })

  test('the rule fires exactly where the independent computation says, on every host', async () => {
    const res = await t.call('POST', '/api/v1/rulesets/replay', { rules: [rule], from, to, limit: 2000 })
    expect(res.status, JSON.stringify(res.json)).toBe(200)
    const d = res.json.data
    expect(d.samples).toBe(fleet.reduce((n, h) => n + h.ts.length, 0))
    for (const h of fleet) {
      const want = expectedFirings(h)
      expect(want.length).toBeGreaterThan(2) // the seed gives every host several episodes
      const got = d.firings.items.filter((f: any) => f.host_id === h.id).map((f: any) => Date.parse(f.ts))
      expect(got, h.hostname).toEqual(want)
    }
    const total = fleet.reduce((n, h) => n + expectedFirings(h).length, 0)
    expect(d.totals.would_act).toBe(total)
    const row = d.rules.find((r: any) => r.rule === rule.name)
    expect(row.suppressed.cooldown).toBeGreaterThan(0)
    expect(row.suppressed.max_actions).toBeGreaterThan(0)
  })

  test('the comparison lists the action that really ran, and the one the rule would not have taken', async () => {
    const res = await t.call('POST', '/api/v1/rulesets/replay', { rules: [rule], from, to, selector: 'env=staging', limit: 2000 })
    expect(res.status, JSON.stringify(res.json)).toBe(200)
    const c = res.json.data.comparison
    expect(c.both.items).toEqual([expect.objectContaining({ host_id: fleet[0]!.id, action_id: 'act-replay-1', replay_ts: new Date(ranAt).toISOString(), action: 'scale_up' })])
    expect(c.ran_not_would_fire.items).toEqual([expect.objectContaining({ host_id: fleet[0]!.id, action_id: 'act-replay-2', ts: new Date(strayAt).toISOString() })])
    // host 0 and host 2 carry env=staging: every other firing of theirs did not run.
    const staging = [fleet[0]!, fleet[2]!]
    expect(res.json.data.hosts_matched).toBe(2)
    expect(c.would_fire_not_run.total).toBe(staging.reduce((n, h) => n + expectedFirings(h).length, 0) - 1)
  })

  test('a pause that was in force for two hours suppresses the firings inside it, without starting a cooldown', async () => {
    const h = fleet[1]!
    const pausedFrom = end - 4 * 3_600_000
    const pausedTo = end - 2 * 3_600_000
    await get().db.insert(overrides).values({
      id: 'ovr-replay-pause', scope: 'host', selector: { host_id: h.id }, mode: 'paused', reason: 'maintenance', author: 'test',
      createdAt: new Date(pausedFrom), clearedAt: new Date(pausedTo), clearedBy: 'test',
    })
    const res = await t.call('POST', '/api/v1/rulesets/replay', { rules: [rule], from, to, selector: 'env=prod', limit: 2000 })
    expect(res.status, JSON.stringify(res.json)).toBe(200)
    const got = res.json.data.firings.items.filter((f: any) => f.host_id === h.id).map((f: any) => Date.parse(f.ts))
    const paused = (x: number) => x >= pausedFrom && x < pausedTo
    expect(got).toEqual(expectedFirings(h, paused))
    expect(expectedFirings(h, paused)).not.toEqual(expectedFirings(h))
    expect(res.json.data.rules[0].suppressed.override_paused).toBeGreaterThan(0)
  })
})
