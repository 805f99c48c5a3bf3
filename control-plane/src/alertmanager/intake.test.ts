import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { openDatabase, type Database } from '../db/client'
import { runMigrations } from '../db/migrate'
import { FakeAgent, helloPayload } from '../../test-support/fake-agent'
import { createTestApp, type TestApp } from '../../test-support/test-app'

let database: Database
let t: TestApp
let intake: string
let agent: FakeAgent


beforeAll(async () => {
  database = await openDatabase({ dataDir: 'memory://' })
  await runMigrations(database)
  t = await createTestApp(database)
  const addr = await t.app.listen({ host: '127.0.0.1', port: 0 })
  intake = (await t.call('POST', '/api/v1/intake-tokens', { name: 'alertmanager' })).json.data.token
  const token = (await t.call('POST', '/api/v1/enrollment-tokens', { name: 'am', max_uses: 5, labels: { node: 'n-17' } })).json.data.token
  const enroll = async (hostname: string) => (await t.call('POST', '/api/v1/agents/enroll', { token, hostname, labels: { node: 'n-17' }, agent_version: 'test' }, null)).json.data
  const a = await enroll('db-1')

  await enroll('other-host')
  agent = await FakeAgent.connect(`${addr.replace(/^http/, 'ws')}/api/v1/agent/ws`, a.credential)
  agent.send('hello', { ...helloPayload('db-1', { node: 'n-17' }), accepts: ['alert_inputs'] })
  const ds = await agent.next('desired_state')
  agent.send('desired_state.ack', { revision: ds.payload.revision, ruleset_version: ds.payload.ruleset.version, applied: true })
  // The initial snapshot (nothing yet) follows the session's first message after hello.
  await agent.next('alert_inputs')
})
afterAll(async () => {
  agent?.close()
  await t?.app.close()
  await database?.close()
})

const alert = (over: Record<string, unknown> = {}, labels: Record<string, string> = {}) => ({
  status: 'firing',
  labels: { alertname: 'HostHighCpuLoad', instance: 'db-1:9100', severity: 'warning', ...labels },
  annotations: { summary: 'CPU busy' },
  startsAt: '2026-12-01T10:00:00Z',
  endsAt: '0001-01-01T00:00:00Z',
  generatorURL: 'http://prometheus/graph',
  fingerprint: 'a1b2c3d4e5f60718',
  ...over,
})
const webhook = (alerts: unknown[], status = 'firing') => ({ version: '4', groupKey: '{}:{}', status, receiver: 'scops', groupLabels: {}, commonLabels: {}, commonAnnotations: {}, externalURL: 'http://am', alerts })
const post = (body: unknown, token: string | null = intake) => t.call('POST', '/api/v1/alerts/alertmanager', body, token)

describe('alertmanager intake', () => {
  test('takes only an intake token: none, an API token (even admin) or a revoked one → 401', async () => {
    expect((await post(webhook([]), null)).status).toBe(401)
    expect((await post(webhook([]), t.admin)).status).toBe(401)
    const extra = (await t.call('POST', '/api/v1/intake-tokens', { name: 'old' })).json.data
    expect((await post(webhook([]), extra.token)).status).toBe(200)
    expect((await t.call('DELETE', `/api/v1/intake-tokens/${extra.id}`)).status).toBe(200)
    expect((await post(webhook([]), extra.token)).status).toBe(401)
    // And an intake token opens nothing else.
    expect((await t.call('GET', '/api/v1/hosts', undefined, intake)).status).toBe(401)
  })

  test('bad bodies are a 400 that names the problem', async () => {
    const wrongVersion = await post({ ...webhook([]), version: '3' })
    expect(wrongVersion.status).toBe(400)
    expect(JSON.stringify(wrongVersion.json.error)).toContain('version')
    expect((await post({ ...webhook([alert({ status: 'maybe' })]) })).status).toBe(400)
    expect((await post({ ...webhook([alert({ fingerprint: 'has space' })]) })).status).toBe(400)
    expect((await post(webhook(Array.from({ length: 1001 }, (_, i) => alert({ fingerprint: `f${i}` }))))).status).toBe(400)
    expect((await post('not json')).status).toBe(400)
  })

  test('a firing alert reaches its host (instance without port) as alert:<name> = 1; a repeat changes nothing; resolve sends 0', async () => {
    const r = await post(webhook([alert(), alert({ fingerprint: 'ffff0000' }, { instance: 'nowhere:9100' })]))
    expect(r.status).toBe(200)
    expect(r.json.data).toMatchObject({ received: 2, matched: 1, changed_hosts: 1 })
    expect(r.json.data.unmatched).toEqual([expect.objectContaining({ fingerprint: 'ffff0000', alertname: 'HostHighCpuLoad' })])
    const firing = await agent.next('alert_inputs', (m) => m.payload.alerts.some((a) => a.firing))
    expect(firing.payload.alerts).toEqual([expect.objectContaining({ name: 'HostHighCpuLoad', firing: true })])

    expect((await post(webhook([alert()]))).json.data).toMatchObject({ matched: 1, changed_hosts: 0 })

    const mark = agent.received.length
    expect((await post(webhook([alert({ status: 'resolved', endsAt: '2026-12-01T10:05:00Z' })], 'resolved'))).json.data.changed_hosts).toBe(1)
    const resolved = await agent.next('alert_inputs', () => true, { after: mark })
    expect(resolved.payload.alerts).toEqual([expect.objectContaining({ name: 'HostHighCpuLoad', firing: false })])
    // A late notification about the earlier incarnation does not re-fire it... a new incarnation does.
    expect((await post(webhook([alert({ startsAt: '2026-12-01T09:00:00Z' })]))).json.data.changed_hosts).toBe(0)
    expect((await post(webhook([alert({ startsAt: '2026-12-01T11:00:00Z' })]))).json.data.changed_hosts).toBe(1)
  })

  test('the host label to match is configurable (a host label instead of the hostname)', async () => {
    const put = await t.call('PUT', '/api/v1/settings', { alert_intake: { host_labels: ['node'], host_label_key: 'node' } })
    expect(put.status).toBe(200)
    const r = await post(webhook([alert({ fingerprint: 'bbbb1111' }, { alertname: 'NodeDown', node: 'n-17', instance: 'x' })]))
    // Two hosts carry node=n-17: the alert goes to one of them, named in the response count.
    expect(r.json.data.matched).toBe(1)
    expect((await t.call('PUT', '/api/v1/settings', { alert_intake: { host_labels: ['bad label'] } })).status).toBe(400)
    await t.call('PUT', '/api/v1/settings', { alert_intake: { host_labels: ['hostname', 'instance', 'host'] } })
  })
})
