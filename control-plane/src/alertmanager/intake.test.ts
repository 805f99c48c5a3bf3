import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { describeEachBackend } from '../../test-support/backends'
import { eq } from 'drizzle-orm'
import type { Database } from '../db/client'
import { requestPermit } from '../db/queries/permits'
import { externalAlerts } from '../db/schema'
import { FakeAgent, helloPayload } from '../../test-support/fake-agent'
import { createTestApp, type TestApp } from '../../test-support/test-app'

describeEachBackend('alertmanager intake', (get) => {
  let database: Database
  let t: TestApp
  let intake: string
  let agent: FakeAgent
  let hostId: string

  beforeAll(async () => {
    database = get()
    t = await createTestApp(database)
    const addr = await t.app.listen({ host: '127.0.0.1', port: 0 })
    intake = (await t.call('POST', '/api/v1/intake-tokens', { name: 'alertmanager' })).json.data.token
    const token = (await t.call('POST', '/api/v1/enrollment-tokens', { name: 'am', max_uses: 5, labels: { node: 'n-17' } })).json.data.token
    const enroll = async (hostname: string) => (await t.call('POST', '/api/v1/agents/enroll', { token, hostname, labels: { node: 'n-17' }, agent_version: 'test' }, null)).json.data
    const a = await enroll('db-1')
    hostId = a.host_id

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

  describe('alertmanager alerts whose resolve was lost', () => {
    const EXPIRES_AFTER_S = 600
    const setExpiry = (firing_expires_after: unknown) => t.call('PUT', '/api/v1/settings', { alert_intake: { host_labels: ['hostname', 'instance', 'host'], firing_expires_after } })
    const pgDown = (fingerprint: string, over: Record<string, unknown> = {}) => alert({ fingerprint, startsAt: '2026-12-01T12:00:00Z', ...over }, { alertname: 'PostgresDown' })
    /** What a host sees after `ms` without a notification: the alert was last seen that long ago. */
    const unseenFor = (fingerprint: string, ms: number) => database.db.update(externalAlerts).set({ lastSeenAt: new Date(Date.now() - ms) }).where(eq(externalAlerts.fingerprint, fingerprint))
    const shown = async (fingerprint: string) => (await t.call('GET', `/api/v1/external-alerts?host_id=${hostId}`, undefined, t.viewer)).json.data.alerts.find((a: { fingerprint: string }) => a.fingerprint === fingerprint)
    const restart = async () => (await requestPermit(database.db, { hostId, rule: 'High CPU Usage', action: 'restart_service', target: 'unit:postgresql.service', ttlMs: 60_000 })).result
    const pgDownInput = (m: { payload: { alerts: { name: string; firing: boolean }[] } }) => m.payload.alerts.find((a) => a.name === 'PostgresDown')
    /** The next inputs the agent gets after `mark` that name PostgresDown: is it firing? */
    const pgDownFiring = async (mark: number) => pgDownInput(await agent.next('alert_inputs', (m) => pgDownInput(m) !== undefined, { after: mark }))?.firing

    test('the bound is a setting with a default of 9h and limits: too short, too long or not a duration is a 400 naming it', async () => {
      expect((await t.call('GET', '/api/v1/settings', undefined, t.viewer)).json.data.alert_intake.firing_expires_after).toBe('9h')
      const short = await setExpiry('1m')
      expect(short.status).toBe(400)
      expect(short.json.error.message).toMatch(/^body.alert_intake.firing_expires_after must be at least 300s/)
      expect((await setExpiry('31d')).status).toBe(400)
      expect((await setExpiry('soon')).status).toBe(400)
      expect((await setExpiry(-5)).status).toBe(400)
      expect((await setExpiry(`${EXPIRES_AFTER_S}s`)).json.data.alert_intake.firing_expires_after).toBe(`${EXPIRES_AFTER_S}s`)
    })

    test('a firing alert not re-sent in time expires: the inhibition stops holding, the agent sees it not firing, the API shows it expired; a re-send fires it again', async () => {
      await setExpiry(`${EXPIRES_AFTER_S}s`)
      const inhibition = (await t.call('POST', '/api/v1/inhibitions', { name: 'pg-down', condition: { alert_firing: { labels: { alertname: 'PostgresDown' } } } })).json.data
      const holds = async () => (await t.call('GET', `/api/v1/inhibitions/${inhibition.id}`, undefined, t.viewer)).json.data.condition.alert_firing.holds

      let mark = agent.received.length
      expect((await post(webhook([pgDown('eeee0001')]))).json.data.changed_hosts).toBe(1)
      expect(await pgDownFiring(mark)).toBe(true)
      expect(await holds()).toBe(true)
      expect(await restart()).toMatchObject({ granted: false, reason: 'inhibited', name: 'pg-down' })
      const firing = await shown('eeee0001')
      expect(firing).toMatchObject({ state: 'firing', hostname: 'db-1', name: 'PostgresDown', ends_at: null })
      expect(Date.parse(firing.expires_at) - Date.parse(firing.last_seen_at)).toBe(EXPIRES_AFTER_S * 1000)

      // A repeat within the bound keeps it firing (and changes nothing for the host).
      await unseenFor('eeee0001', (EXPIRES_AFTER_S - 60) * 1000)
      expect((await post(webhook([pgDown('eeee0001')]))).json.data.changed_hosts).toBe(0)
      expect((await shown('eeee0001')).state).toBe('firing')

      // Alertmanager went away and the resolve with it: the bound passes without a notification.
      await t.app.alertInputs.sweep()
      await unseenFor('eeee0001', EXPIRES_AFTER_S * 1000)
      mark = agent.received.length
      await t.app.alertInputs.sweep()
      expect(await pgDownFiring(mark)).toBe(false)
      expect(await holds()).toBe(false)
      const granted = await restart()
      expect(granted.granted).toBe(true)
      expect((await shown('eeee0001')).state).toBe('expired')
      const listed = async (state: string) => (await t.call('GET', `/api/v1/external-alerts?state=${state}`, undefined, t.viewer)).json.data.alerts.map((a: { fingerprint: string }) => a.fingerprint)
      expect(await listed('expired')).toContain('eeee0001')
      expect(await listed('firing')).not.toContain('eeee0001')

      // Alertmanager is back and re-sends the alert, still firing: it holds again.
      mark = agent.received.length
      expect((await post(webhook([pgDown('eeee0001')]))).json.data.changed_hosts).toBe(1)
      expect(await pgDownFiring(mark)).toBe(true)
      expect(await holds()).toBe(true)
      expect((await shown('eeee0001')).state).toBe('firing')

      // Resolved is resolved, however long ago it was seen.
      await post(webhook([pgDown('eeee0001', { status: 'resolved', endsAt: '2026-12-01T12:30:00Z' })], 'resolved'))
      await unseenFor('eeee0001', 2 * EXPIRES_AFTER_S * 1000)
      expect(await shown('eeee0001')).toMatchObject({ state: 'resolved', expires_at: null })
      expect(await holds()).toBe(false)
      await t.call('DELETE', `/api/v1/inhibitions/${inhibition.id}`)
    })

    test("an endsAt that the sender gives a firing alert is honoured instead of the bound", async () => {
      await setExpiry(`${EXPIRES_AFTER_S}s`)
      const later = new Date(Date.now() + 3_600_000).toISOString()
      await post(webhook([pgDown('eeee0002', { endsAt: later })]))
      await unseenFor('eeee0002', 2 * EXPIRES_AFTER_S * 1000)
      expect(await shown('eeee0002')).toMatchObject({ state: 'firing', expires_at: later })
      await post(webhook([pgDown('eeee0003', { endsAt: new Date(Date.now() - 1000).toISOString() })]))
      expect((await shown('eeee0003')).state).toBe('expired')
    })

    test('a notification naming one alert twice is stored once (newest incarnation), not a 5xx', async () => {
      const r = await post(webhook([pgDown('eeee0004'), pgDown('eeee0004', { startsAt: '2026-12-01T13:00:00Z' }), pgDown('eeee0004')]))
      expect(r.status).toBe(200)
      expect((await shown('eeee0004')).starts_at).toBe('2026-12-01T13:00:00.000Z')
    })
  })
})
