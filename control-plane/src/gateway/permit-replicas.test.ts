import { afterAll, beforeAll, expect, test } from 'vitest'
import { createTestDatabase, describeWithPostgres, waitFor } from '@smartcloudops/test-support'
import type { PermitAnswer } from '@smartcloudops/shared'
import { openDatabase, type Database } from '../db/client'
import { runMigrations } from '../db/migrate'
import { FakeAgent, helloPayload } from '../../test-support/fake-agent'
import { createTestApp, type TestApp } from '../../test-support/test-app'

/**
 * Two control-plane replicas on one PostgreSQL, 16 agents split between them, all asking at once
 * for a permit of a budget of 1. Counting live leases outside the permit lock (or in memory on
 * each replica) lets several through; the transaction under the advisory lock lets exactly one.
 */
describeWithPostgres('permits: two replicas race for a budget of 1', () => {
  const HOSTS = 16
  let drop: () => Promise<void>
  let dbs: Database[] = []
  let apps: TestApp[] = []
  const agents: FakeAgent[] = []

  beforeAll(async () => {
    const t = await createTestDatabase()
    drop = t.drop
    dbs = [await openDatabase({ url: t.url, poolSize: 8 }), await openDatabase({ url: t.url, poolSize: 8 })]
    await runMigrations(dbs[0]!)
    apps = [await createTestApp(dbs[0]!), await createTestApp(dbs[1]!)]
    const urls = await Promise.all(apps.map(async (a) => `${(await a.app.listen({ host: '127.0.0.1', port: 0 })).replace(/^http/, 'ws')}/api/v1/agent/ws`))
    const tok = (await apps[0]!.call('POST', '/api/v1/enrollment-tokens', { name: 'race', max_uses: HOSTS })).json.data.token
    for (let i = 0; i < HOSTS; i++) {
      const enr = (await apps[0]!.call('POST', '/api/v1/agents/enroll', { token: tok, hostname: `race-${i}` }, null)).json.data
      const agent = await FakeAgent.connect(urls[i % 2]!, enr.credential)
      agents.push(agent)
      agent.send('hello', helloPayload(`race-${i}`))
      await agent.next('desired_state')
    }
  })
  afterAll(async () => {
    for (const ag of agents) ag.close()
    for (const a of apps) await a.app.close()
    for (const d of dbs) await d.close()
    await drop()
  })

  async function round(n: number): Promise<PermitAnswer[]> {
    const ids = agents.map((ag, i) => {
      const request_id = `race${n}x${i.toString().padStart(4, '0')}`
      ag.send('permit.request', { request_id, rule: 'High CPU', action: 'restart_container', target: 'container:web', ttl_s: 600 })
      return request_id
    })
    return Promise.all(agents.map(async (ag, i) => (await ag.next('permit.answer', (m) => m.payload.request_id === ids[i])).payload))
  }

  test('exactly one host holds the lease at a time; the others are refused with the budget and its holder count', async () => {
    const created = await apps[1]!.call('POST', '/api/v1/budgets', { name: 'one-at-a-time', max_hosts: 1 })
    expect(created.status, JSON.stringify(created.json)).toBe(201)

    for (let n = 0; n < 3; n++) {
      const answers = await round(n)
      const granted = answers.filter((a) => a.granted)
      expect(granted, `round ${n}`).toHaveLength(1)
      for (const a of answers.filter((x) => !x.granted)) expect(a).toMatchObject({ granted: false, reason: 'budget', name: 'one-at-a-time', holders: 1 })

      const shown = (await apps[n % 2]!.call('GET', `/api/v1/budgets/${created.json.data.id}`, undefined, apps[n % 2]!.viewer)).json.data
      expect(shown.holders).toHaveLength(1)
      expect(shown.holders[0]).toMatchObject({ rule: 'High CPU', action: 'restart_container', target: 'container:web' })
      expect(shown.refused_total).toBe((n + 1) * (HOSTS - 1))

      // The holder's action returned: it releases through whichever replica it is connected to.
      const winner = answers.indexOf(granted[0]!)
      const lease = granted[0]!.granted ? granted[0]!.lease_id : ''
      agents[winner]!.send('permit.release', { lease_id: lease })
      const view = async () => (await apps[0]!.call('GET', `/api/v1/budgets/${created.json.data.id}`)).json.data
      await waitFor(async () => (await view()).holders.length === 0, { description: 'the lease to be released', timeoutMs: 30_000 })
    }
    // What /metrics reports (scops_permits_*_total), summed over the replicas.
    const sum = (k: 'permits_granted_total' | 'permits_refused_total') => apps.reduce((n, a) => n + a.app.gateway.counters[k], 0)
    expect([sum('permits_granted_total'), sum('permits_refused_total')]).toEqual([3, 3 * (HOSTS - 1)])
  })
})
