import { afterAll, beforeAll, expect, test } from 'vitest'
import { waitFor } from '@smartcloudops/test-support'
import type { PermitAnswer } from '@smartcloudops/shared'
import { describeEachBackend } from '../../../test-support/backends'
import { liveLeases } from '../../db/queries/permits'
import { FakeAgent, helloPayload } from '../../../test-support/fake-agent'
import { createTestApp, type TestApp } from '../../../test-support/test-app'

/**
 * Permits through the real gateway and API, on PGlite and on PostgreSQL: budgets by count and by
 * percentage, min_healthy_percent, one lease per target, TTL expiry, a budget changed while
 * leases are held, and inhibitions by group health and by a firing Alertmanager alert.
 */
describeEachBackend('permits and budgets', (db) => {
  let t: TestApp
  let ws: string
  let token: string
  const agents: FakeAgent[] = []
  let seq = 0

  beforeAll(async () => {
    t = await createTestApp(db())
    ws = `${(await t.app.listen({ host: '127.0.0.1', port: 0 })).replace(/^http/, 'ws')}/api/v1/agent/ws`
    token = (await t.call('POST', '/api/v1/enrollment-tokens', { name: 'p', max_uses: 50, labels: { tier: 'web' } })).json.data.token
  })
  afterAll(async () => {
    for (const a of agents) a.close()
    await t.app.close()
  })

  async function host(name: string, tok = token): Promise<FakeAgent> {
    const enr = (await t.call('POST', '/api/v1/agents/enroll', { token: tok, hostname: name }, null)).json.data
    const a = await FakeAgent.connect(ws, enr.credential)
    agents.push(a)
    a.send('hello', helloPayload(name))
    await a.next('desired_state')
    return a
  }
  async function ask(a: FakeAgent, over: { target?: string; rule?: string; action?: 'restart_container' | 'clear_cache'; ttl_s?: number } = {}): Promise<PermitAnswer> {
    const request_id = `req${(seq++).toString().padStart(6, '0')}`
    a.send('permit.request', { request_id, rule: over.rule ?? 'r', action: over.action ?? 'restart_container', target: over.target ?? 'container:web', ttl_s: over.ttl_s ?? 600 })
    return (await a.next('permit.answer', (m) => m.payload.request_id === request_id)).payload
  }
  const leaseOf = (p: PermitAnswer) => (p.granted ? p.lease_id : '')
  async function release(a: FakeAgent, p: PermitAnswer): Promise<void> {
    a.send('permit.release', { lease_id: leaseOf(p) })
    await waitFor(async () => !(await t.call('GET', '/api/v1/budgets')).json.data.some((b: { holders: Array<{ lease_id: string }> }) => b.holders.some((h) => h.lease_id === leaseOf(p))), {
      description: 'the lease to be released',
    })
  }

  test('max_percent rounds up; a host already holding adds no host; one lease per target; a budget changed at any time applies to the next permit', async () => {
    const [a, b, c] = [await host('pct-a'), await host('pct-b'), await host('pct-c')]
    const budget = (await t.call('POST', '/api/v1/budgets', { name: 'web-half', selector: 'tier=web', max_percent: 50 })).json.data
    expect(budget.group).toMatchObject({ hosts: 3, allowed_hosts: 2 })
    const pa = await ask(a)
    const pb = await ask(b)
    expect([pa.granted, pb.granted]).toEqual([true, true])
    const pc = await ask(c)
    expect(pc).toMatchObject({ granted: false, reason: 'budget', name: 'web-half', holders: 2 })
    expect(pc.granted || pc.detail).toContain('max_percent 50% of 3 hosts = 2')
    // Same host, same target: refused whatever the budget; another target: granted (the host is already counted).
    expect(await ask(a)).toMatchObject({ granted: false, name: 'one-lease-per-target' })
    const other = await ask(a, { target: 'cache:page_cache', action: 'clear_cache' })
    expect(other.granted).toBe(true)

    const shown = (await t.call('GET', `/api/v1/budgets/${budget.id}`, undefined, t.viewer)).json.data
    expect(shown.hosts_holding).toBe(2)
    expect(shown.holders.map((h: { host_id: string }) => h.host_id).sort()).toHaveLength(3)
    expect(shown.refused_total).toBe(1)

    // Raised while leases are held: the next ask sees it.
    const up = await t.call('PUT', `/api/v1/budgets/${budget.id}`, { name: 'web-half', selector: 'tier=web', max_hosts: 3 })
    expect(up.status).toBe(200)
    const pc2 = await ask(c)
    expect(pc2.granted).toBe(true)
    for (const [ag, p] of [[a, pa], [b, pb], [a, other], [c, pc2]] as const) await release(ag, p)
    expect((await t.call('DELETE', `/api/v1/budgets/${budget.id}`)).status).toBe(200)
    for (const ag of [a, b, c]) ag.close()
  })

  test('a lease the agent never releases expires after its TTL', async () => {
    const [a, b] = [await host('ttl-a'), await host('ttl-b')]
    const budget = (await t.call('POST', '/api/v1/budgets', { name: 'ttl-one', max_hosts: 1 })).json.data
    const pa = await ask(a, { ttl_s: 1 })
    expect(pa.granted).toBe(true)
    expect((await ask(b)).granted).toBe(false)
    const pb = await waitFor(async () => {
      const p = await ask(b)
      return p.granted ? p : null
    }, { description: 'the expired lease to stop counting', timeoutMs: 20_000, intervalMs: 200 })
    await release(b, pb)
    await t.call('DELETE', `/api/v1/budgets/${budget.id}`)
    a.close()
    b.close()
  })

  test('min_healthy_percent refuses while too few of the group are online', async () => {
    const tok = (await t.call('POST', '/api/v1/enrollment-tokens', { name: 'mh', max_uses: 5, labels: { pool: 'mh' } })).json.data.token
    const a = await host('mh-a', tok)
    const gone = await host('mh-b', tok)
    gone.close()
    const budget = (await t.call('POST', '/api/v1/budgets', { name: 'mh-pool', selector: 'pool=mh', max_hosts: 5, min_healthy_percent: 80 })).json.data
    const p = await waitFor(async () => {
      const r = await ask(a)
      if (!r.granted) return r
      await release(a, r)
      return null
    }, { description: 'mh-b to count as offline', timeoutMs: 20_000, intervalMs: 200 })
    expect(p).toMatchObject({ granted: false, reason: 'budget', name: 'mh-pool' })
    expect(p.granted || p.detail).toContain('50% of the group healthy (1 of 2), below min_healthy_percent 80%')
    await t.call('DELETE', `/api/v1/budgets/${budget.id}`)
    a.close()
  })

  test('inhibitions: an unhealthy group and a firing alert refuse with `inhibited`; outside their scope, or once resolved, the permit is granted', async () => {
    const a = await host('inh-a')
    const dbTok = (await t.call('POST', '/api/v1/enrollment-tokens', { name: 'db', max_uses: 5, labels: { role: 'db' } })).json.data.token
    await t.call('POST', '/api/v1/agents/enroll', { token: dbTok, hostname: 'inh-db' }, null) // never connects: not healthy
    const group = (await t.call('POST', '/api/v1/inhibitions', {
      name: 'db-unhealthy',
      selector: 'tier=web',
      actions: ['restart_container'],
      condition: { group_unhealthy: { selector: 'role=db', below_percent: 50 } },
    })).json.data
    expect(group.condition.group_unhealthy).toMatchObject({ hosts: 1, healthy: 0, holds: true })
    const p = await ask(a)
    expect(p).toMatchObject({ granted: false, reason: 'inhibited', name: 'db-unhealthy', holders: 0 })
    expect(p.granted || p.detail).toContain('hosts matching role=db are 0% healthy (0 of 1), below 50%')
    // Another action type is outside the inhibition.
    const cache = await ask(a, { action: 'clear_cache', target: 'cache:page_cache' })
    expect(cache.granted).toBe(true)
    await release(a, cache)
    await t.call('DELETE', `/api/v1/inhibitions/${group.id}`)

    const intake = (await t.call('POST', '/api/v1/intake-tokens', { name: 'am' })).json.data.token
    const alerting = (await t.call('POST', '/api/v1/inhibitions', { name: 'db-alert', condition: { alert_firing: { labels: { alertname: 'PostgresDown' } } } })).json.data
    const am = (status: string) => ({
      version: '4', groupKey: '{}:{}', status, receiver: 'scops', groupLabels: {}, commonLabels: {}, commonAnnotations: {}, externalURL: 'http://am',
      alerts: [{ status, labels: { alertname: 'PostgresDown', instance: 'inh-db:9187' }, annotations: {}, startsAt: '2026-12-01T10:00:00Z', endsAt: status === 'firing' ? '0001-01-01T00:00:00Z' : '2026-12-01T10:05:00Z', generatorURL: '', fingerprint: 'feedc0de00000001' }],
    })
    expect((await t.call('POST', '/api/v1/alerts/alertmanager', am('firing'), intake)).status).toBe(200)
    const q = await ask(a)
    expect(q).toMatchObject({ granted: false, reason: 'inhibited', name: 'db-alert' })
    expect(q.granted || q.detail).toContain('an alert with labels {alertname=PostgresDown} is firing')
    const shown = (await t.call('GET', `/api/v1/inhibitions/${alerting.id}`, undefined, t.viewer)).json.data
    expect(shown.refused_total).toBe(1)
    expect(shown.condition.alert_firing.holds).toBe(true)
    expect((await t.call('POST', '/api/v1/alerts/alertmanager', am('resolved'), intake)).status).toBe(200)
    const r = await ask(a)
    expect(r.granted).toBe(true)
    await release(a, r)
    await t.call('DELETE', `/api/v1/inhibitions/${alerting.id}`)
    a.close()
  })

  test('one host holds at most 16 leases at once', async () => {
    const a = await host('many-a')
    const held: PermitAnswer[] = []
    for (let i = 0; i < 16; i++) held.push(await ask(a, { target: `container:c${i}` }))
    expect(held.every((p) => p.granted)).toBe(true)
    const over = await ask(a, { target: 'container:c16' })
    expect(over).toMatchObject({ granted: false, reason: 'budget', name: 'leases-per-host' })
    // Releases take the permit lock (the queue gets its turn), so they may commit in any order: wait for all.
    for (const p of held.slice(0, 15)) a.send('permit.release', { lease_id: leaseOf(p) })
    await release(a, held[15]!)
    await waitFor(async () => (await liveLeases(db().db)).length === 0, { description: 'all 16 leases to be released' })
    a.close()
  })

  test('an agent releases only its own leases', async () => {
    const [a, b] = [await host('own-a'), await host('own-b')]
    const budget = (await t.call('POST', '/api/v1/budgets', { name: 'own-one', max_hosts: 1 })).json.data
    const pa = await ask(a)
    expect(pa, JSON.stringify(pa)).toMatchObject({ granted: true })
    b.send('permit.release', { lease_id: leaseOf(pa) })
    // b's attempt changed nothing: b is still refused, a still holds.
    expect(await ask(b)).toMatchObject({ granted: false, name: 'own-one', holders: 1 })
    await release(a, pa)
    await t.call('DELETE', `/api/v1/budgets/${budget.id}`)
    a.close()
    b.close()
  })

  test('bad budgets and inhibitions are refused with 400 naming the field; writing needs admin, reading viewer', async () => {
    const bad = async (url: string, body: unknown) => {
      const r = await t.call('POST', url, body)
      expect(r.status, JSON.stringify(r.json)).toBe(400)
      return String(r.json.error.message)
    }
    expect(await bad('/api/v1/budgets', { name: 'x' })).toMatch(/max_hosts \/ max_percent: give exactly one of them \(neither was given\)/)
    expect(await bad('/api/v1/budgets', { name: 'x', max_hosts: 1, max_percent: 10 })).toMatch(/both were given/)
    expect(await bad('/api/v1/budgets', { name: 'x', max_hosts: 1, selector: 'env in (prod' })).toMatch(/^selector: /)
    expect(await bad('/api/v1/budgets', { name: 'x', max_hosts: 0 })).toMatch(/max_hosts/)
    expect(await bad('/api/v1/budgets', { name: 'x', max_percent: 101 })).toMatch(/max_percent/)
    expect(await bad('/api/v1/budgets', { name: 'x', max_percent: 0 })).toMatch(/max_percent/)
    expect(await bad('/api/v1/budgets', { name: 'x', max_hosts: 1, min_healthy_percent: -1 })).toMatch(/min_healthy_percent/)
    expect(await bad('/api/v1/budgets', { name: 'has space', max_hosts: 1 })).toMatch(/name/)
    expect(await bad('/api/v1/inhibitions', { name: 'i', actions: ['send_alert'], condition: { alert_firing: { labels: { a: 'b' } } } })).toMatch(/^actions: send_alert is not disruptive/)
    expect(await bad('/api/v1/inhibitions', { name: 'i', condition: { group_unhealthy: { selector: '=x', below_percent: 50 } } })).toMatch(/^condition\.group_unhealthy\.selector: /)
    expect(await bad('/api/v1/inhibitions', { name: 'i', condition: { alert_firing: { labels: {} } } })).toMatch(/labels/)
    expect(await bad('/api/v1/inhibitions', { name: 'i' })).toMatch(/condition/)
    expect(await bad('/api/v1/inhibitions', { name: 'i', condition: {} })).toMatch(/^condition: give exactly one of group_unhealthy \/ alert_firing \(neither was given\)/)
    expect(await bad('/api/v1/inhibitions', { name: 'i', condition: { group_unhealthy: { selector: 'role=db', below_percent: 150 } } })).toMatch(/below_percent/)

    expect((await t.call('POST', '/api/v1/budgets', { name: 'op', max_hosts: 1 }, t.operator)).status).toBe(403)
    expect((await t.call('GET', '/api/v1/budgets', undefined, t.viewer)).status).toBe(200)
    expect((await t.call('GET', '/api/v1/inhibitions', undefined, t.viewer)).status).toBe(200)
    const first = await t.call('POST', '/api/v1/budgets', { name: 'dup', max_hosts: 1 })
    expect(first.status).toBe(201)
    expect((await t.call('POST', '/api/v1/budgets', { name: 'dup', max_hosts: 2 })).status).toBe(409)
    expect((await t.call('GET', '/api/v1/budgets/bdg_nope')).status).toBe(404)
    await t.call('DELETE', `/api/v1/budgets/${first.json.data.id}`)
  })
})
