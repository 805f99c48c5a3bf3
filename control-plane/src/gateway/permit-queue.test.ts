import { afterAll, beforeAll, expect, test } from 'vitest'
import { createTestDatabase, describeWithPostgres, waitFor } from '@smartcloudops/test-support'
import { openDatabase, type Database } from '../db/client'
import { runMigrations } from '../db/migrate'
import { FakeAgent, helloPayload } from '../../test-support/fake-agent'
import { createTestApp, type TestApp } from '../../test-support/test-app'

/**
 * The budget queue (fleet/permits/README.md, "Queue") across two control-plane replicas on one
 * PostgreSQL: agents on either replica wait in one FIFO queue per budget; a release on one
 * replica grants the head on the other; an expired lease grants it with nobody asking; a wait
 * that ends and a waiter that disconnects leave the queue; an old agent (permit.request, no
 * wait) is refused as before and never queued; GET /budgets shows holders and the queue.
 */
describeWithPostgres('budget queue: two replicas, one FIFO queue per budget', () => {
  const NAMES = ['holder', 'first', 'second', 'third', 'old', 'short']
  let drop: () => Promise<void>
  let dbs: Database[] = []
  let apps: TestApp[] = []
  const agents = new Map<string, FakeAgent>()
  const hostIds = new Map<string, string>()
  let budgetId = ''

  beforeAll(async () => {
    const t = await createTestDatabase()
    drop = t.drop
    dbs = [await openDatabase({ url: t.url, poolSize: 4 }), await openDatabase({ url: t.url, poolSize: 4 })]
    await runMigrations(dbs[0]!)
    apps = [await createTestApp(dbs[0]!), await createTestApp(dbs[1]!)]
    const urls = await Promise.all(apps.map(async (a) => `${(await a.app.listen({ host: '127.0.0.1', port: 0 })).replace(/^http/, 'ws')}/api/v1/agent/ws`))
    const tok = (await apps[0]!.call('POST', '/api/v1/enrollment-tokens', { name: 'queue', max_uses: NAMES.length })).json.data.token
    for (const [i, name] of NAMES.entries()) {
      const enr = (await apps[0]!.call('POST', '/api/v1/agents/enroll', { token: tok, hostname: `queue-${name}` }, null)).json.data
      const agent = await FakeAgent.connect(urls[i % 2]!, enr.credential)
      agent.send('hello', helloPayload(`queue-${name}`))
      await agent.next('desired_state')
      agents.set(name, agent)
      hostIds.set(name, enr.host_id)
    }
    budgetId = (await apps[1]!.call('POST', '/api/v1/budgets', { name: 'one-at-a-time', max_hosts: 1 })).json.data.id
  })
  afterAll(async () => {
    for (const ag of agents.values()) ag.close()
    for (const a of apps) await a.app.close()
    for (const d of dbs) await d.close()
    await drop()
  })

  const ag = (name: string) => agents.get(name)!
  const ask = (name: string, opts: { wait_s?: number; ttl_s?: number; target?: string } = {}) => {
    const request_id = `q${name}${Date.now().toString(36)}`
    const body = { request_id, rule: 'High CPU', action: 'restart_container' as const, target: opts.target ?? `container:${name}`, ttl_s: opts.ttl_s ?? 600 }
    if (opts.wait_s === undefined) ag(name).send('permit.request', body)
    else ag(name).send('permit.request.v2', { ...body, wait_s: opts.wait_s })
    return request_id
  }
  const answer = async (name: string, id: string) => (await ag(name).next('permit.answer', (m) => m.payload.request_id === id, { timeoutMs: 60_000 })).payload
  const queued = async (name: string, id: string) => (await ag(name).next('permit.queued', (m) => m.payload.request_id === id)).payload
  const view = async (replica = 0) => (await apps[replica]!.call('GET', `/api/v1/budgets/${budgetId}`, undefined, apps[replica]!.viewer)).json.data
  const hasAnswer = (name: string, id: string) => ag(name).received.some((m) => m.type === 'permit.answer' && m.payload.request_id === id)

  test('waiters on both replicas are granted in order: on release, on lease expiry; a disconnect and an ended wait leave the queue', async () => {
    const holder = ask('holder', { wait_s: 30 })
    const held = await answer('holder', holder)
    expect(held.granted).toBe(true)

    // first (replica 1), second (replica 0), third (replica 1) queue behind it, in the order they asked.
    const first = ask('first', { wait_s: 60, ttl_s: 2 })
    expect(await queued('first', first)).toMatchObject({ name: 'one-at-a-time', position: 1, holders: 1 })
    const second = ask('second', { wait_s: 60 })
    expect(await queued('second', second)).toMatchObject({ position: 2 })
    const third = ask('third', { wait_s: 60 })
    expect(await queued('third', third)).toMatchObject({ position: 3 })

    // An old agent never waits: refused at once as before the queue, told who is ahead, never sent permit.queued.
    const old = ask('old')
    const oldAnswer = await answer('old', old)
    expect(oldAnswer).toMatchObject({ granted: false, reason: 'budget', name: 'one-at-a-time', holders: 1 })
    expect(oldAnswer.granted === false && oldAnswer.detail).toContain('3 request(s) waiting ahead')
    expect(ag('old').received.some((m) => m.type === 'permit.queued')).toBe(false)

    // What an operator sees, on either replica: the holder with its expiry, the queue in order.
    const shown = await view(1)
    expect(shown.holders).toEqual([expect.objectContaining({ host_id: hostIds.get('holder'), hostname: 'queue-holder', target: 'container:holder', since: expect.any(String), expires_at: expect.any(String) })])
    expect(shown.queue.map((w: { position: number; hostname: string; target: string }) => [w.position, w.hostname, w.target])).toEqual([
      [1, 'queue-first', 'container:first'],
      [2, 'queue-second', 'container:second'],
      [3, 'queue-third', 'container:third'],
    ])
    expect(shown.queue[0].waiting_since <= shown.queue[1].waiting_since).toBe(true)

    // The holder (replica 0) releases: the head, connected to replica 1, is granted; nobody else.
    ag('holder').send('permit.release', { lease_id: held.granted ? held.lease_id : '' })
    expect(await answer('first', first)).toMatchObject({ granted: true })
    expect((await view()).queue.map((w: { hostname: string }) => w.hostname)).toEqual(['queue-second', 'queue-third'])
    expect(hasAnswer('second', second) || hasAnswer('third', third)).toBe(false)

    // second disconnects while waiting: it leaves the queue; third moves up.
    ag('second').close()
    await waitFor(async () => (await view()).queue.length === 1, { description: 'the disconnected waiter to leave the queue', timeoutMs: 30_000 })
    expect((await view()).queue[0]).toMatchObject({ position: 1, hostname: 'queue-third' })

    // first's lease (ttl 2 s) expires without a release: third is granted by the queue's own timer.
    const granted = await answer('third', third)
    expect(granted).toMatchObject({ granted: true })
    expect((await view(1)).holders.map((h: { hostname: string }) => h.hostname)).toEqual(['queue-third'])

    // A wait that ends: refused as budget, saying how long it waited; counted as a refusal.
    const refusedBefore = (await view()).refused_total
    const short = ask('short', { wait_s: 1 })
    expect(await queued('short', short)).toMatchObject({ position: 1 })
    const ended = await answer('short', short)
    expect(ended).toMatchObject({ granted: false, reason: 'budget', name: 'one-at-a-time', holders: 1 })
    expect(ended.granted === false && ended.detail).toMatch(/^waited \d+(\.\d)? s in the queue of budget "one-at-a-time"/)
    const after = await view()
    expect(after.queue).toEqual([])
    expect(after.refused_total).toBe(refusedBefore + 1)
  })

  test('a raised budget grants the head at once; wait_s above the protocol bound is refused as malformed', async () => {
    const id = ask('short', { wait_s: 60 })
    expect(await queued('short', id)).toMatchObject({ position: 1 })
    const put = await apps[1]!.call('PUT', `/api/v1/budgets/${budgetId}`, { name: 'one-at-a-time', max_hosts: 2 })
    expect(put.status, JSON.stringify(put.json)).toBe(200)
    expect(await answer('short', id)).toMatchObject({ granted: true })

    const before = ag('old').received.length
    // Built by hand: the codec itself refuses to encode it.
    const payload = { request_id: 'qtoolong0001', rule: 'High CPU', action: 'restart_container', target: 'container:old', ttl_s: 60, wait_s: 61 }
    ag('old').sendRaw(JSON.stringify({ v: 1, type: 'permit.request.v2', id: 'qtoolongframe01', ts: Date.now(), payload }))
    const err = await ag('old').next('error', () => true, { after: before })
    expect(err.payload.message).toMatch(/wait_s/)
  })
})
