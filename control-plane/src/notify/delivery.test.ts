/* eslint-disable @typescript-eslint/no-explicit-any -- tests read JSON bodies loosely */
import { afterAll, beforeAll, expect, test } from 'vitest'
import { HttpReceiver, waitFor } from '@smartcloudops/test-support'
import type { Alert } from '@smartcloudops/shared'
import { newMessageId } from '@smartcloudops/shared/protocol/id'
import { claimDueDeliveries } from '../db/queries/notifications'
import { DeliveryWorker } from './delivery-worker'
import { describeEachBackend } from '../../test-support/backends'
import { FakeAgent, helloPayload } from '../../test-support/fake-agent'
import { createTestApp, type TestApp } from '../../test-support/test-app'

// Durable delivery through the real app: an agent's alert becomes delivery rows, sent by the
// worker; failures retry with backoff on the worker's clock (moved by the test, not waited for).

describeEachBackend('notification delivery', (get) => {
  let t: TestApp
  let rx: HttpReceiver
  let agent: FakeAgent
  let hostId: string
  let clock = Date.now()
  const now = () => clock

  beforeAll(async () => {
    rx = await HttpReceiver.start()
    // pollMs large: the worker runs when kicked (an alert arrived) or when the test calls runOnce.
    t = await createTestApp(get(), {}, { delivery: { now, pollMs: 3_600_000, maxAttempts: 6 } })
    const addr = await t.app.listen({ host: '127.0.0.1', port: 0 })
    const token = (await t.call('POST', '/api/v1/enrollment-tokens', { name: 'n', max_uses: 5, labels: { env: 'prod' } })).json.data.token
    const enrolled = (await t.call('POST', '/api/v1/agents/enroll', { token, hostname: 'notify-1', labels: {}, agent_version: 'test' }, null)).json.data
    hostId = enrolled.host_id
    agent = await FakeAgent.connect(`${addr.replace(/^http/, 'ws')}/api/v1/agent/ws`, enrolled.credential)
    agent.send('hello', helloPayload('notify-1', { env: 'prod' }))
    await agent.next('desired_state')
  })
  afterAll(async () => {
    agent?.close()
    await t?.app.close()
    await rx?.down()
  })

  async function raise(a: Partial<Alert> = {}): Promise<string> {
    const alert_id = newMessageId()
    const id = agent.send('alert', { alert_id, severity: 'critical', summary: 'restarts exhausted', rule: 'Service Unresponsive', raised_at: Date.now(), ...a })
    await agent.next('ack', (m) => m.payload.ids.includes(id))
    return alert_id
  }
  const alertView = async (id: string) => ((await t.call('GET', '/api/v1/alerts?limit=1000', undefined, t.viewer)).json.data.alerts as Array<Record<string, any>>).find((a) => a.id === id)!
  const hookUrl = () => `${rx.url}/hooks/T0K3N0IN0PATH0abcdefghij`

  test('secrets are write-only: GET redacts them; a PUT carrying the placeholder keeps the stored secret', async () => {
    const put = await t.call('PUT', '/api/v1/settings', {
      notifiers: [
        { name: 'ops-hook', kind: 'webhook', url: hookUrl(), secret: 'hmac-secret-0123456789', min_severity: 'warning', match_labels: { env: 'prod' } },
        { name: 'pd', kind: 'pagerduty', routing_key: 'PD-ROUTING-KEY-1', url: `${rx.url}/pd`, rules: ['Some Other Rule'] },
      ],
    })
    expect(put.status).toBe(200)
    const shown = JSON.stringify((await t.call('GET', '/api/v1/settings', undefined, t.viewer)).json)
    for (const s of ['T0K3N0IN0PATH0abcdefghij', 'hmac-secret-0123456789', 'PD-ROUTING-KEY-1']) expect(shown).not.toContain(s)
    const got = (await t.call('GET', '/api/v1/settings')).json.data.notifiers
    expect(got[0]).toMatchObject({ name: 'ops-hook', secret: '[redacted]', min_severity: 'warning' })
    expect(got[0].url).toBe(`${rx.url}/hooks/[redacted]`)
    // Sent back as shown (a console round trip): the stored secrets stay.
    expect((await t.call('PUT', '/api/v1/settings', { notifiers: got })).status).toBe(200)
    const test = await t.call('POST', '/api/v1/notifiers/ops-hook/test', {})
    expect(test.json.data).toMatchObject({ ok: true, notifier: 'ops-hook' })
    expect(rx.requests.at(-1)!.url).toBe('/hooks/T0K3N0IN0PATH0abcdefghij')
    // A placeholder for a notifier that has nothing stored is refused with the field named.
    const bad = await t.call('PUT', '/api/v1/settings', { notifiers: [{ name: 'new', kind: 'slack', url: 'https://hooks.slack.test/services/[redacted]' }] })
    expect(bad.status).toBe(400)
    expect(bad.json.error).toMatchObject({ code: 'secret_placeholder' })
    expect(bad.json.error.message).toContain('body.notifiers[0].url')
    expect((await t.call('POST', '/api/v1/notifiers/nope/test', {})).status).toBe(404)
  })

  test('an alert is delivered once to the notifiers it routes to, and GET /alerts shows the delivery', async () => {
    rx.requests.length = 0
    const id = await raise()
    await waitFor(() => rx.requests.some((r) => r.url === '/hooks/T0K3N0IN0PATH0abcdefghij' && r.body.includes(id)), { description: 'the webhook delivery' })
    const view = await waitFor(async () => {
      const a = await alertView(id)
      return a?.delivery_status === 'delivered' ? a : undefined
    }, { description: 'the alert to show delivered' })
    // pd routes only "Some Other Rule": not chosen.
    expect(view.deliveries).toEqual([expect.objectContaining({ notifier: 'ops-hook', kind: 'webhook', event: 'firing', status: 'delivered', attempts: 1, last_error: null })])
    expect(view).toMatchObject({ host_id: hostId, hostname: 'notify-1', severity: 'critical', status: 'firing' })
    await t.app.deliveries.runOnce()
    expect(rx.requests.filter((r) => r.body.includes(id))).toHaveLength(1)
    const info = await raise({ severity: 'info' })
    await waitFor(async () => (await alertView(info))?.delivery_status === 'no_notifier', { description: 'an info alert below every notifier' })
  })

  test('a notifier outage of a minute loses nothing: retried with backoff, delivered once when it is back', async () => {
    await rx.down()
    const id = await raise()
    await waitFor(async () => (await alertView(id))?.deliveries[0]?.last_error, { description: 'the first failed attempt' })
    const failing = await alertView(id)
    expect(failing.deliveries[0]).toMatchObject({ status: 'pending', attempts: 1 })
    expect(failing.deliveries[0].last_error).toContain('unreachable')
    expect(failing.deliveries[0].last_error).not.toContain('T0K3N')
    // A minute of outage on the worker's clock: every retry that falls due in it fails too.
    const outageEnds = clock + 60_000
    while (clock < outageEnds) {
      clock += 5_000
      await t.app.deliveries.runOnce()
    }
    const during = (await alertView(id)).deliveries[0]
    expect(during.status).toBe('pending')
    expect(during.attempts).toBeGreaterThan(2)
    expect(during.attempts).toBeLessThan(6)
    await rx.up()
    clock += 10 * 60_000
    await t.app.deliveries.runOnce()
    const after = await alertView(id)
    expect(after.deliveries[0]).toMatchObject({ status: 'delivered', attempts: during.attempts + 1 })
    expect(rx.requests.filter((r) => r.body.includes(id))).toHaveLength(1)
  })

  test('retries end after the bound: the delivery shows failed, with its error and secrets redacted', async () => {
    rx.status = 500
    rx.reply = 'upstream broke; your token T0K3N0IN0PATH0abcdefghij is bad'
    const id = await raise()
    for (let i = 0; i < 10; i++) {
      clock += 15 * 60_000
      await t.app.deliveries.runOnce()
    }
    rx.status = 200
    rx.reply = '{"ok":true}'
    const a = await alertView(id)
    expect(a.delivery_status).toBe('failed')
    expect(a.deliveries[0]).toMatchObject({ status: 'failed', attempts: 6 })
    expect(a.deliveries[0].last_error).toContain('HTTP 500')
    expect(a.deliveries[0].last_error).not.toContain('T0K3N0IN0PATH0abcdefghij')
    expect((await t.call('GET', '/api/v1/alerts?delivery_status=failed&limit=1', undefined, t.viewer)).json.data).toMatchObject({ total: 1, limit: 1 })
  })

  test('a verification that cleared resolves the alert its decision raised, and notifiers get the resolved message', async () => {
    const decision_id = newMessageId()
    const id = await raise({ decision_id })
    await waitFor(async () => (await alertView(id))?.delivery_status === 'delivered', { description: 'the firing delivery' })
    const action_id = newMessageId()
    const started = agent.send('action.started', { action_id, decision_id, rule: 'Service Unresponsive', type: 'restart_container', params: {}, started_at: Date.now() })
    await agent.next('ack', (m) => m.payload.ids.includes(started))
    const v = agent.send('action.verified', { action_id, decision_id, rule: 'Service Unresponsive', cleared: true, window_s: 30, checked_at: Date.now() })
    await agent.next('ack', (m) => m.payload.ids.includes(v))
    const resolved = await waitFor(
      () => rx.json<{ status: string; alert: { alert_id: string } }>().find((b) => b.status === 'resolved' && b.alert?.alert_id === id),
      { description: 'the resolved webhook' },
    )
    expect(resolved).toBeDefined()
    const a = await waitFor(async () => {
      const v = await alertView(id)
      return v.deliveries.every((d: { status: string }) => d.status !== 'pending') ? v : undefined
    }, { description: 'both deliveries recorded' })
    expect(a.status).toBe('resolved')
    expect(a.deliveries.map((d: { event: string; status: string }) => `${d.event}:${d.status}`).sort()).toEqual(['firing:delivered', 'resolved:delivered'])
  })

  test('two workers on one database send each delivery once (claims skip locked rows)', async () => {
    rx.requests.length = 0
    await t.app.deliveries.stop()
    const ids = []
    for (let i = 0; i < 6; i++) ids.push(await raise())
    const log = t.app.log
    const a = new DeliveryWorker(get(), log, { now })
    const b = new DeliveryWorker(get(), log, { now })
    const [na, nb] = await Promise.all([a.runOnce(), b.runOnce()])
    expect(na + nb).toBe(6)
    for (const id of ids) expect(rx.requests.filter((r) => r.body.includes(id))).toHaveLength(1)
    t.app.deliveries.start()
  })

  test('a worker that died mid-send (claimed, never finished) leaves the row to a fresh worker once its lease ends', async () => {
    await t.app.deliveries.stop()
    const id = await raise()
    const crashed = new DeliveryWorker(get(), t.app.log, { now })
    await crashed.queue()
    // What a worker that crashes right after claiming leaves behind: a leased row, nothing sent.
    expect(await claimDueDeliveries(get(), new Date(clock), 60_000, 10)).toHaveLength(1)
    const fresh = new DeliveryWorker(get(), t.app.log, { now, leaseMs: 60_000 })
    clock += 30_000
    expect(await fresh.runOnce()).toBe(0)
    expect(rx.requests.filter((r) => r.body.includes(id))).toHaveLength(0)
    clock += 31_000
    expect(await fresh.runOnce()).toBe(1)
    expect(rx.requests.filter((r) => r.body.includes(id))).toHaveLength(1)
    const view = await alertView(id)
    expect(view.deliveries[0]).toMatchObject({ status: 'delivered', attempts: 2 })
    t.app.deliveries.start()
  })
})
