/* eslint-disable @typescript-eslint/no-explicit-any -- reads JSON answers loosely */
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { serializeRules } from '@smartcloudops/shared/rules/yaml'
import { enrollHost } from '../../db/queries/hosts'
import { ingestEvent } from '../../db/queries/ingest'
import { streamHostSamples } from '../../db/queries/replay'
import { metricSamples } from '../../db/schema'
import type { Database } from '../../db/client'
import { backends } from '../../../test-support/backends'
import { createTestApp, type TestApp } from '../../../test-support/test-app'

// POST /rulesets/replay at its edges: every bad input is a 400 naming the field, odd stored data
// never a 5xx, the three ways of naming a ruleset agree, and the sample stream reads each row once.

const rule = {
  name: 'Hot',
  priority: 1,
  conditions: [{ metric: 'cpu_percent', operator: 'gt', threshold: 90 }],
  cooldown: '10m',
  actions: [{ type: 'send_alert' }],
}

describe('POST /rulesets/replay: input and odd data', () => {
  let t: TestApp
  let database: Database
  let drop: () => Promise<void>
  let hostId: string
  const end = Date.UTC(2026, 10, 30, 12)
  const from = new Date(end - 3_600_000).toISOString()
  const to = new Date(end).toISOString()
  const replay = (body: unknown) => t.call('POST', '/api/v1/rulesets/replay', body, t.viewer)

  beforeAll(async () => {
    const handle = await backends[0]!.open()
    database = handle.database
    drop = handle.drop
    t = await createTestApp(database)
    hostId = (await enrollHost(database.db, { hostname: 'replay-edge', labels: { env: 'prod' } })).id
    // 60 samples a minute apart, hot (cpu 95) for the first 30 minutes.
    const samples = Array.from({ length: 60 }, (_, i) => ({ ts: end - 3_600_000 + i * 60_000, metrics: { cpu_percent: i < 30 ? 95 : 20, ml_anomaly_score: 0.9 } }))
    await ingestEvent(database.db, hostId, 'evt-edge-m1', { type: 'metrics.batch', payload: { samples } })
  }, 120_000)
  afterAll(async () => {
    await t?.app.close()
    await drop?.()
  })

  test.each([
    ['no ruleset', { from }, 'replay_ruleset', /exactly one of body.rules/],
    ['two rulesets', { rules: [rule], yaml: 'rules: []', from }, 'replay_ruleset', /got rules, yaml/],
    ['to before from', { rules: [rule], from: to, to: from }, 'invalid_range', /must be after body.from/],
    ['eight days', { rules: [rule], from: new Date(end - 8 * 86_400_000).toISOString(), to }, 'range_too_long', /longer than 7 days/],
    ['a bad selector', { rules: [rule], from, selector: 'env in (prod' }, 'invalid_selector', /body.selector/],
    ['a misspelt metric', { rules: [{ ...rule, conditions: [{ metric: 'cpu_precent', operator: 'gt', threshold: 90 }] }], from }, 'invalid_rule', /body.rules\[0\].conditions\[0\].metric.*cpu_percent/],
    ['a YAML syntax error', { yaml: 'rules:\n  - name: [unclosed\n', from }, 'invalid_rules', /line/],
    ['removing a rule that is not there', { change: { remove: ['Nope'] }, from }, 'unknown_rule', /no rule named "Nope"/],
    ['a bad upserted rule', { change: { upsert: [{ ...rule, cooldown: -1 }] }, from }, 'invalid_rule', /body.change.upsert\[0\].cooldown/],
  ])('%s: 400', async (_what, body, code, message) => {
    const res = await replay(body)
    expect(res.status, JSON.stringify(res.json)).toBe(400)
    expect(res.json.error.code).toBe(code)
    expect(res.json.error.message).toMatch(message)
  })

  test('schema bounds: a date that is not one, an unknown field, a limit past 2000', async () => {
    for (const body of [{ rules: [rule], from: 'yesterday' }, { rules: [rule], from, fast: true }, { rules: [rule], from, limit: 5000 }]) {
      const res = await replay(body)
      expect(res.status, JSON.stringify(body)).toBe(400)
    }
  })

  test('rules, the same rules as YAML, and the same rule as a change agree; the cooldown spaces the firings', async () => {
    const a = await replay({ rules: [rule], from, to })
    expect(a.status, JSON.stringify(a.json)).toBe(200)
    // Hot from minute 0 to 29, cooldown 10 min: firings at 0, 10, 20.
    expect(a.json.data.firings.items.map((f: any) => f.ts)).toEqual([0, 10, 20].map((m) => new Date(end - 3_600_000 + m * 60_000).toISOString()))
    expect(a.json.data.rules.find((r: any) => r.rule === 'Hot').suppressed.cooldown).toBe(27)
    const b = await replay({ yaml: serializeRules([rule as any]), from, to })
    const c = await replay({ change: { upsert: [rule], remove: ['High CPU Usage'] }, from, to, baseline: true })
    expect(b.json.data.firings).toEqual(a.json.data.firings)
    expect(c.json.data.firings.items.filter((f: any) => f.rule === 'Hot')).toEqual(a.json.data.firings.items)
    // The baseline (the current default rules) has High CPU Usage, which the change removes.
    const high = c.json.data.rules.find((r: any) => r.rule === 'High CPU Usage')
    expect(high.in_ruleset).toBe(false)
    expect(high.current.in_ruleset).toBe(true)
    expect(high.current.fired).toBeGreaterThan(0)
  })

  test('a selector that matches nothing answers an empty replay, not an error', async () => {
    const res = await replay({ rules: [rule], from, to, selector: 'env=nowhere' })
    expect(res.status).toBe(200)
    expect(res.json.data).toMatchObject({ hosts_matched: 0, samples: 0, totals: { would_act: 0 } })
    // Said in every answer: what the past does not tell (budgets are simulated; min_healthy is not).
    expect(res.json.data.assumptions).toEqual(expect.arrayContaining([expect.stringMatching(/local policies/), expect.stringMatching(/budgets are simulated across the fleet/)]))
  })

  test('odd stored metrics (strings, nulls, objects, a non-object) are missing data, never a 5xx', async () => {
    const h = (await enrollHost(database.db, { hostname: 'replay-odd', labels: { env: 'odd' } })).id
    const at = (m: number) => new Date(end - 3_600_000 + m * 60_000)
    await database.db.insert(metricSamples).values([
      { hostId: h, ts: at(1), metrics: { cpu_percent: 'hot', memory_percent: null } as any },
      { hostId: h, ts: at(2), metrics: { cpu_percent: { v: 99 } } as any },
      { hostId: h, ts: at(3), metrics: [1, 2, 3] as any },
      { hostId: h, ts: at(4), metrics: { cpu_percent: 99, junk: 'x' } as any },
    ])
    const res = await replay({ rules: [rule], from, to, selector: 'env=odd' })
    expect(res.status, JSON.stringify(res.json)).toBe(200)
    expect(res.json.data.samples).toBe(4)
    expect(res.json.data.firings.items.map((f: any) => f.ts)).toEqual([at(4).toISOString()])
  })

  test('the sample stream reads every row once, in order, across chunks and equal timestamps', async () => {
    const h = (await enrollHost(database.db, { hostname: 'replay-chunks', labels: {} })).id
    const rows = Array.from({ length: 23 }, (_, i) => ({ hostId: h, ts: new Date(end - 3_600_000 + Math.floor(i / 3) * 1000), metrics: { cpu_percent: i } }))
    await database.db.insert(metricSamples).values(rows)
    const seen: number[] = []
    for await (const chunk of streamHostSamples(database.db, h, new Date(end - 3_600_000), new Date(end), 4)) {
      expect(chunk.length).toBeLessThanOrEqual(4)
      for (const r of chunk) seen.push(r.metrics.cpu_percent as number)
    }
    expect(seen).toEqual(rows.map((_, i) => i))
  })

  test('the stream reads only the metrics asked for, absent ones as null, with few keys and with many', async () => {
    const h = (await enrollHost(database.db, { hostname: 'replay-subset', labels: {} })).id
    const metrics: Record<string, number> = {}
    for (let i = 0; i < 60; i++) metrics[`m${i}`] = i
    await database.db.insert(metricSamples).values({ hostId: h, ts: new Date(end - 1000), metrics })
    const read = async (keys: string[]) => {
      for await (const chunk of streamHostSamples(database.db, h, new Date(end - 3_600_000), new Date(end), 10, keys)) return chunk[0]!.metrics
    }
    expect(await read(['m1', 'm7', 'absent'])).toEqual({ m1: 1, m7: 7, absent: null })
    const many = [...Array.from({ length: 55 }, (_, i) => `m${i}`), 'absent']
    // Past jsonb_build_object's argument limit: absent keys are simply left out (also missing to the engine).
    expect(await read(many)).toEqual(Object.fromEntries(many.filter((k) => k !== 'absent').map((k) => [k, Number(k.slice(1))])))
  })
})
