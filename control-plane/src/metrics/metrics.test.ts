import { spawnSync } from 'node:child_process'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { describeWithTool } from '@smartcloudops/test-support'
import type { Decision } from '@smartcloudops/shared'
import { openDatabase, type Database } from '../db/client'
import { runMigrations } from '../db/migrate'
import { deadlockRetries } from '../db/retry-deadlock'
import { FakeAgent, helloPayload } from '../../test-support/fake-agent'
import { createTestApp, type TestApp } from '../../test-support/test-app'

/** The value of one series in the text exposition, or undefined when it is absent. */
export function seriesValue(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `))
  return line === undefined ? undefined : Number(line.slice(series.length + 1))
}

let database: Database
let t: TestApp
let wsUrl: string
let agent: FakeAgent

beforeAll(async () => {
  database = await openDatabase({ dataDir: 'memory://' })
  await runMigrations(database)
  t = await createTestApp(database)
  const addr = await t.app.listen({ host: '127.0.0.1', port: 0 })
  wsUrl = `${addr.replace(/^http/, 'ws')}/api/v1/agent/ws`
  const token = (await t.call('POST', '/api/v1/enrollment-tokens', { name: 'm', max_uses: 5 })).json.data.token
  const enrolled = (await t.call('POST', '/api/v1/agents/enroll', { token, hostname: 'metrics-1', labels: {}, agent_version: 'test' }, null)).json.data
  agent = await FakeAgent.connect(wsUrl, enrolled.credential)
  agent.send('hello', helloPayload('metrics-1', {}))
  await agent.next('desired_state')
})
afterAll(async () => {
  agent?.close()
  await t?.app.close()
  await database?.close()
})

async function scrape(token: string | null = null): Promise<{ status: number; body: string; type: string }> {
  const res = await t.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${token ?? t.viewer}` } })
  return { status: res.statusCode, body: res.body, type: String(res.headers['content-type']) }
}

const decision = (id: string, outcome: Decision['outcome'], suppressed_by: Decision['suppressed_by']): Decision => ({
  decision_id: id,
  rule: 'High CPU Usage',
  priority: 2,
  ruleset_version: 1,
  sample_ts: Date.now(),
  outcome,
  suppressed_by,
  override_mode: 'enabled',
  reason: 'cpu_percent 93 > 90',
  conditions: [],
  actions: [{ type: 'scale_up', params: { group: 'app' } }],
})

describe('control plane /metrics', () => {
  test('needs a token: none → 401; a viewer token reads the Prometheus text format', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/metrics' })
    expect(res.statusCode).toBe(401)
    const ok = await scrape()
    expect(ok.status).toBe(200)
    expect(ok.type).toContain('text/plain')
    expect(ok.body).toContain('# TYPE scops_hosts gauge')
    // Process-wide: what this test process's writes needed, read at scrape time.
    expect(seriesValue(ok.body, 'scops_db_deadlock_retries_total')).toBe(deadlockRetries())
  })

  test('fleet gauges count hosts by state; decisions count once per event id, replays not again', async () => {
    const before = await scrape()
    expect(seriesValue(before.body, 'scops_hosts{state="online"}')).toBe(1)
    expect(seriesValue(before.body, 'scops_gateway_connected_agents')).toBe(1)
    const series = 'scops_decisions_total{outcome="suppressed",suppressed_by="cooldown"}'
    const had = seriesValue(before.body, series) ?? 0
    const id = agent.send('decision', decision('dec-metrics-000001', 'suppressed', 'cooldown'))
    await agent.next('ack', (m) => m.payload.ids.includes(id))
    const mark = agent.received.length
    agent.send('decision', decision('dec-metrics-000001', 'suppressed', 'cooldown'), id)
    await agent.next('ack', (m) => m.payload.ids.includes(id), { after: mark })
    agent.send('heartbeat', { uptime_s: 5, monitoring: true, outbox_depth: 7 })
    const hb = agent.send('metrics.batch', { samples: [{ ts: Date.now(), metrics: { cpu_percent: 1 } }] })
    await agent.next('ack', (m) => m.payload.ids.includes(hb))
    const after = (await scrape()).body
    expect(seriesValue(after, series)).toBe(had + 1)
    expect(seriesValue(after, 'scops_ingest_duplicate_events_total')).toBeGreaterThanOrEqual(1)
    expect(seriesValue(after, 'scops_fleet_outbox_events{agg="max"}')).toBe(7)
  })

  test('API latency is labelled by route pattern, never by the URL', async () => {
    await t.call('GET', '/api/v1/hosts/no-such-host-42')
    const body = (await scrape()).body
    expect(body).toMatch(/scops_http_request_duration_seconds_count\{method="GET",route="\/api\/v1\/hosts\/:id",status_class="4xx"\} [1-9]/)
    expect(body).not.toContain('no-such-host-42')
  })
})

describeWithTool('promtool', 'prometheus')('promtool', () => {
  test('`promtool check metrics` accepts the exposition (names, units, _total, help)', async () => {
    const { body } = await scrape()
    const r = spawnSync('promtool', ['check', 'metrics'], { input: body, encoding: 'utf8' })
    expect(`${r.stdout}${r.stderr}`.trim()).toBe('')
    expect(r.status).toBe(0)
  })
})
