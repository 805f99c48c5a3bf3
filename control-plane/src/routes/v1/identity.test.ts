import { afterAll, beforeAll, expect, test } from 'vitest'
import { describeEachBackend } from '../../../test-support/backends'
import { FakeAgent, helloPayload } from '../../../test-support/fake-agent'
import { createTestApp, type TestApp } from '../../../test-support/test-app'

/** Issue 9, identity: the control plane decides who a host is and which groups it is in. */
describeEachBackend('host identity', (get) => {
  let t: TestApp
  let wsUrl: string
  const agents: FakeAgent[] = []

  beforeAll(async () => {
    t = await createTestApp(get())
    const addr = await t.app.listen({ host: '127.0.0.1', port: 0 })
    wsUrl = `${addr.replace(/^http/, 'ws')}/api/v1/agent/ws`
  })
  afterAll(async () => {
    for (const a of agents) a.close()
    await t.app.close()
  })

  const token = async (body: Record<string, unknown>) => (await t.call('POST', '/api/v1/enrollment-tokens', { name: 'identity', max_uses: 10, ...body })).json.data.token as string
  const enroll = (tok: string, hostname: string, labels?: Record<string, string>) => t.call('POST', '/api/v1/agents/enroll', { token: tok, hostname, ...(labels ? { labels } : {}) }, null)

  test("the enrollment token's labels decide; the agent's (enrollment and hello) are only reported, until an admin approves them", async () => {
    const tok = await token({ labels: { env: 'staging' } })
    const r = await enroll(tok, 'id-web-1', { env: 'prod', role: 'web' })
    expect(r.status).toBe(201)
    const { host_id, credential } = r.json.data
    const agent = await FakeAgent.connect(wsUrl, credential)
    agents.push(agent)
    agent.send('hello', helloPayload('id-web-1', { env: 'prod', team: 'payments' }))
    await agent.next('desired_state')
    const h = (await t.call('GET', `/api/v1/hosts/${host_id}`)).json.data
    expect(h.labels).toEqual({ env: 'staging' })
    expect(h.reported_labels).toEqual({ env: 'prod', team: 'payments' })
    // A fleet override for env=prod does not reach the host that only claims to be prod.
    expect((await t.call('GET', '/api/v1/hosts?selector=env=prod')).json.data.hosts.map((x: { id: string }) => x.id)).not.toContain(host_id)
    const viewerTry = await t.call('POST', `/api/v1/hosts/${host_id}/labels/approve-reported`, undefined, t.operator)
    expect(viewerTry.status).toBe(403)
    const approved = await t.call('POST', `/api/v1/hosts/${host_id}/labels/approve-reported`)
    expect(approved.status).toBe(200)
    expect(approved.json.data.labels).toEqual({ env: 'prod', team: 'payments' })
    const set = await t.call('PUT', `/api/v1/hosts/${host_id}/labels`, { labels: { env: 'prod', role: 'web' } })
    expect(set.json.data.labels).toEqual({ env: 'prod', role: 'web' })
    expect((await t.call('GET', '/api/v1/hosts?selector=role=web')).json.data.hosts.map((x: { id: string }) => x.id)).toContain(host_id)
    const audit = (await t.call('GET', '/api/v1/audit?limit=5')).json.data
    expect(JSON.stringify(audit)).toContain(`/api/v1/hosts/${host_id}/labels`)
  })

  test('re-enrolling an enrolled hostname is refused with 409 and the credential keeps working; a reprovision token takes over, audited', async () => {
    const tok = await token({})
    const first = await enroll(tok, 'id-db-1')
    expect(first.status).toBe(201)
    const again = await enroll(tok, 'id-db-1')
    expect(again.status).toBe(409)
    expect(again.json.error.code).toBe('host_already_enrolled')
    expect(again.json.error.message).toContain('"reprovision": true')
    // The first credential still connects.
    const a = await FakeAgent.connect(wsUrl, first.json.data.credential)
    agents.push(a)
    a.send('hello', helloPayload('id-db-1'))
    await a.next('welcome')
    // The refused attempt spent no use of the token.
    const tokens = (await t.call('GET', '/api/v1/enrollment-tokens')).json.data as { name: string; uses: number; reprovision: boolean }[]
    expect(tokens.filter((x) => x.name === 'identity').map((x) => x.uses)).toContain(1)
    const re = await token({ reprovision: true, max_uses: 1 })
    const taken = await enroll(re, 'id-db-1')
    expect(taken.status).toBe(201)
    expect(taken.json.data.host_id).toBe(first.json.data.host_id)
    await expect(FakeAgent.connect(wsUrl, first.json.data.credential)).rejects.toMatchObject({ status: 401 })
    const audit = (await t.call('GET', '/api/v1/audit?limit=20')).json.data
    const entries = (audit.entries ?? audit.items ?? audit) as { path: string; status_code?: number; detail?: { reprovisioned?: unknown } }[]
    expect(entries.some((e) => e.path === '/api/v1/agents/enroll' && JSON.stringify(e.detail ?? {}).includes('"previous_host_id"'))).toBe(true)
    expect(entries.some((e) => e.path === '/api/v1/agents/enroll' && (e.status_code ?? 0) === 409)).toBe(true)
  })

  test('a decommissioned host stays decommissioned: its token cannot bring it back under a new id, unless re-provisioned', async () => {
    const tok = await token({})
    const first = await enroll(tok, 'id-old-1')
    expect((await t.call('DELETE', `/api/v1/hosts/${first.json.data.host_id}`)).status).toBe(200)
    const back = await enroll(tok, 'id-old-1')
    expect(back.status).toBe(409)
    expect(back.json.error.code).toBe('host_decommissioned')
    expect(back.json.error.message).toContain('"reprovision": true')
    const hosts = (await t.call('GET', '/api/v1/hosts')).json.data.hosts as { hostname: string }[]
    expect(hosts.filter((h) => h.hostname === 'id-old-1')).toHaveLength(0)
    const readmit = await enroll(await token({ reprovision: true }), 'id-old-1')
    expect(readmit.status).toBe(201)
    expect(readmit.json.data.host_id).not.toBe(first.json.data.host_id)
  })
})
