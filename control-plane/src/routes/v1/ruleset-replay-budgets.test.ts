/* eslint-disable @typescript-eslint/no-explicit-any -- reads JSON answers loosely */
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { enrollHost } from '../../db/queries/hosts'
import { ingestEvent } from '../../db/queries/ingest'
import type { Database } from '../../db/client'
import { backends } from '../../../test-support/backends'
import { createTestApp, type TestApp } from '../../../test-support/test-app'

// POST /rulesets/replay with budgets: three hosts hot at the same minutes, a restart rule with a
// 10 min cooldown. Without a budget all three would restart at each firing; a budget of 1 lets
// one at a time, the others wait (delayed) or are refused once the wait is over.

const restart = {
  name: 'Restart hot',
  priority: 1,
  conditions: [{ metric: 'cpu_percent', operator: 'gt', threshold: 90 }],
  cooldown: '10m',
  actions: [{ type: 'restart_container', params: { selector: { name: 'web' } } }],
}

describe('POST /rulesets/replay: budgets simulated', () => {
  let t: TestApp
  let database: Database
  let drop: () => Promise<void>
  const end = Date.UTC(2026, 10, 30, 12)
  const from = new Date(end - 3_600_000).toISOString()
  const to = new Date(end).toISOString()
  const replay = (body: unknown) => t.call('POST', '/api/v1/rulesets/replay', body, t.viewer)

  beforeAll(async () => {
    const handle = await backends[0]!.open()
    database = handle.database
    drop = handle.drop
    t = await createTestApp(database)
    for (const name of ['a', 'b', 'c']) {
      const id = (await enrollHost(database.db, { hostname: `replay-budget-${name}`, labels: { role: 'web' } })).id
      // 60 samples a minute apart, hot for the first 30 minutes: firings at minutes 0, 10, 20.
      const samples = Array.from({ length: 60 }, (_, i) => ({ ts: end - 3_600_000 + i * 60_000, metrics: { cpu_percent: i < 30 ? 95 : 20 } }))
      await ingestEvent(database.db, id, `evt-budget-${name}`, { type: 'metrics.batch', payload: { samples } })
    }
  }, 120_000)
  afterAll(async () => {
    await t?.app.close()
    await drop?.()
  })

  test('no budget: every firing acts; the answer says budgets were simulated', async () => {
    const res = await replay({ rules: [restart], from, to })
    expect(res.status, JSON.stringify(res.json)).toBe(200)
    const d = res.json.data
    expect(d.totals).toMatchObject({ would_act: 9, budget_refused: 0, budget_delayed: 0, would_act_after_budgets: 9 })
    expect(d.budgets).toMatchObject({ source: 'current', items: [], permit_requests: 0 })
    expect(d.assumptions).toEqual(expect.arrayContaining([expect.stringMatching(/budgets are simulated across the fleet/)]))
  })

  test('a budget of 1 in the request: of three hosts firing together one acts, one waits, one is refused — per rule and per budget', async () => {
    // Hold 20 s, wait 30 s: at each firing minute b waits 20 s for a, c would need 40 s.
    const res = await replay({ rules: [restart], from, to, budgets: [{ name: 'one', max_hosts: 1 }], budget_hold: '20s', budget_wait: '30s' })
    expect(res.status, JSON.stringify(res.json)).toBe(200)
    const d = res.json.data
    expect(d.totals).toMatchObject({ would_act: 9, budget_delayed: 3, budget_refused: 3, would_act_after_budgets: 6 })
    expect(d.rules.find((r: any) => r.rule === 'Restart hot')).toMatchObject({ would_act: 9, budget_delayed: 3, budget_refused: 3 })
    expect(d.budgets).toMatchObject({ source: 'request', hold_s: 20, wait_s: 30, permit_requests: 9 })
    expect(d.budgets.items).toEqual([{ name: 'one', selector: null, max_hosts: 1, max_percent: null, delayed: 3, refused: 3, max_delay_s: 20 }])
  })

  test('the budgets that exist now are used when the request names none; one outside the hosts\' labels changes nothing', async () => {
    const created = await t.call('POST', '/api/v1/budgets', { name: 'web-two', selector: 'role=web', max_percent: 50 })
    expect(created.status, JSON.stringify(created.json)).toBe(201)
    const d = (await replay({ rules: [restart], from, to, budget_wait: '0s' })).json.data
    // 50% of 3 hosts rounds up to 2: the third host is refused at each firing (no wait).
    expect(d.budgets).toMatchObject({ source: 'current', items: [{ name: 'web-two', refused: 3, delayed: 0 }] })
    expect(d.totals.budget_refused).toBe(3)
    const other = (await replay({ rules: [restart], from, to, budgets: [{ name: 'db', selector: 'role=db', max_hosts: 1 }] })).json.data
    expect(other.totals).toMatchObject({ budget_refused: 0, budget_delayed: 0 })
    await t.call('DELETE', `/api/v1/budgets/${created.json.data.id}`)
  })

  test.each([
    ['both limits', { budgets: [{ name: 'x', max_hosts: 1, max_percent: 5 }] }, /body.budgets\[0\]\..*exactly one/],
    ['a bad selector', { budgets: [{ name: 'x', selector: 'role in (web', max_hosts: 1 }] }, /body.budgets\[0\]\.selector/],
    ['a name twice', { budgets: [{ name: 'x', max_hosts: 1 }, { name: 'x', max_hosts: 2 }] }, /given twice/],
  ])('%s: 400 naming the field', async (_what, extra, message) => {
    const res = await replay({ rules: [restart], from, to, ...extra })
    expect(res.status, JSON.stringify(res.json)).toBe(400)
    expect(res.json.error.message).toMatch(message)
  })

  test('a wait past 60 s is refused by the schema', async () => {
    expect((await replay({ rules: [restart], from, to, budget_wait: '2m' })).status).toBe(400)
  })
})
