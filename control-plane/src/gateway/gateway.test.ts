import { afterAll, beforeAll, expect, test } from 'vitest'
import { describeEachBackend } from '../../test-support/backends'
import { FakeAgent, helloPayload } from '../../test-support/fake-agent'
import { createTestApp, type TestApp } from '../../test-support/test-app'
import type { Decision } from '@smartcloudops/shared'

describeEachBackend('agent gateway', (get) => {
  let t: TestApp
  let wsUrl: string
  let enrollToken: string
  const agents: FakeAgent[] = []

  beforeAll(async () => {
    t = await createTestApp(get())
    const addr = await t.app.listen({ host: '127.0.0.1', port: 0 })
    wsUrl = `${addr.replace(/^http/, 'ws')}/api/v1/agent/ws`
    enrollToken = (await t.call('POST', '/api/v1/enrollment-tokens', { name: 'gw', max_uses: 100, labels: { dc: 'test' } })).json.data.token
  })
  afterAll(async () => {
    for (const a of agents) a.close()
    await t.app.close()
  })

  /** Labels come from the enrollment token (the agent's own are only reported): one token per labelled host. */
  async function enroll(hostname: string, labels: Record<string, string> = {}) {
    const token = Object.keys(labels).length
      ? (await t.call('POST', '/api/v1/enrollment-tokens', { name: `gw ${hostname}`, max_uses: 1, labels: { dc: 'test', ...labels } })).json.data.token
      : enrollToken
    const r = await t.call('POST', '/api/v1/agents/enroll', { token, hostname, labels, agent_version: 'test' }, null)
    expect(r.status).toBe(201)
    return r.json.data as { host_id: string; credential: string }
  }

  async function connected(hostname: string, labels: Record<string, string> = {}) {
    const { host_id, credential } = await enroll(hostname, labels)
    const agent = await FakeAgent.connect(wsUrl, credential)
    agents.push(agent)
    agent.send('hello', helloPayload(hostname, labels))
    await agent.next('welcome')
    const ds = await agent.next('desired_state')
    return { agent, host_id, credential, ds }
  }

  test('a bad or missing credential is refused at the upgrade with 401', async () => {
    await expect(FakeAgent.connect(wsUrl, 'scops_agt_wrong')).rejects.toMatchObject({ status: 401 })
    await expect(FakeAgent.connect(wsUrl, undefined)).rejects.toMatchObject({ status: 401 })
  })

  test('enroll, connect, hello → welcome then the desired state; the ack shows in the API', async () => {
    const { agent, host_id, ds } = await connected('gw-1', { role: 'web' })
    expect(agent.received[0]!.type).toBe('welcome')
    expect(ds.payload).toMatchObject({ host_id, override: { mode: 'enabled', scope: 'default' }, remediation_enabled: true, config: { interval_s: 30 } })
    expect(ds.payload.ruleset.rules.length).toBe(5)
    agent.send('desired_state.ack', { revision: ds.payload.revision, ruleset_version: ds.payload.ruleset.version, applied: true })
    // Frames are handled in order: once a later event is acknowledged, the ack has been recorded.
    const probe = agent.send('metrics.batch', { samples: [{ ts: Date.now(), metrics: { cpu_percent: 3 } }] })
    await agent.next('ack', (m) => m.payload.ids.includes(probe))
    const host = (await t.call('GET', `/api/v1/hosts/${host_id}`)).json.data
    expect(host.applied).toMatchObject({ revision: ds.payload.revision, ruleset_version: ds.payload.ruleset.version })
    expect(host).toMatchObject({ connected: true, connection_state: 'online', labels: { role: 'web' }, in_sync: true })
  })

  test('events are stored once and acknowledged by id, also when replayed', async () => {
    const { agent, host_id } = await connected('gw-2')
    const batch = { samples: [{ ts: Date.now(), metrics: { cpu_percent: 12, ml_anomaly_score: 0.1 } }] }
    const id = agent.send('metrics.batch', batch, 'evt-gw2-metrics-1')
    await agent.next('ack', (m) => m.payload.ids.includes(id))
    const mark = agent.received.length
    agent.send('metrics.batch', batch, id)
    await agent.next('ack', (m) => m.payload.ids.includes(id), { after: mark })
    const samples = (await t.call('GET', `/api/v1/hosts/${host_id}/metrics`)).json.data.samples
    expect(samples).toHaveLength(1)
    const decision = {
      decision_id: 'dec-gw2-000001',
      rule: 'High CPU Usage',
      priority: 2,
      ruleset_version: 1,
      sample_ts: Date.now(),
      outcome: 'dry_run' as const,
      suppressed_by: 'override_dry_run' as const,
      override_mode: 'dry_run' as const,
      reason: 'cpu_percent 93 > 90',
      conditions: [],
      actions: [{ type: 'scale_up' as const, params: { group: 'app' } }],
    }
    const did = agent.send('decision', decision as unknown as Decision)
    await agent.next('ack', (m) => m.payload.ids.includes(did))
    const decisions = (await t.call('GET', `/api/v1/hosts/${host_id}/decisions`)).json.data
    expect(decisions.decisions[0]).toMatchObject({ rule: 'High CPU Usage', outcome: 'dry_run' })
  })

  test('malformed frames get an error frame and are counted; the connection keeps working', async () => {
    const { agent } = await connected('gw-3')
    const before = (await t.call('GET', '/api/v1/integration/health')).json.data.gateway.malformed_frames_total
    agent.sendRaw('{not json')
    const e1 = await agent.next('error', (m) => m.payload.code === 'bad_json')
    expect(e1.payload.message.length).toBeGreaterThan(0)
    agent.sendRaw(JSON.stringify({ v: 1, type: 'metrics.batch', id: 'evt-bad-payload-1', ts: Date.now(), payload: { samples: [] } }))
    const e2 = await agent.next('error', (m) => m.payload.code === 'bad_payload')
    expect(e2.payload.ref_id).toBe('evt-bad-payload-1')
    const id = agent.send('metrics.batch', { samples: [{ ts: Date.now(), metrics: { cpu_percent: 1 } }] })
    await agent.next('ack', (m) => m.payload.ids.includes(id))
    const after = (await t.call('GET', '/api/v1/integration/health')).json.data.gateway.malformed_frames_total
    expect(after - before).toBe(2)
  })

  test('commands reach the agent and their results come back through the API', async () => {
    const { agent, host_id } = await connected('gw-4')
    agent.onMessage = (m) => {
      if (m.type === 'command') agent.send('command.result', { command_id: m.payload.command_id, ok: true, result: { cycle: 'done' } })
    }
    const r = await t.call('POST', '/api/v1/integration/trigger', { host_id, wait_ms: 10_000 }, t.operator)
    expect(r.json.data.results).toEqual([expect.objectContaining({ host_id, status: 'ok', result: { cycle: 'done' } })])
  })

  test('a fleet-wide pause reaches every connected agent, and its expiry lifts it', async () => {
    const fleet = await Promise.all(['fan-a', 'fan-b', 'fan-c', 'fan-d'].map((h) => connected(h)))
    const marks = fleet.map((f) => f.agent.received.length)
    const r = await t.call('POST', '/api/v1/remediation/disable', { reason: 'incident 42', expires_in: '2s' }, t.operator)
    expect(r.status).toBe(201)
    const paused = await Promise.all(
      fleet.map((f, i) => f.agent.next('desired_state', (m) => m.payload.override.mode === 'paused', { after: marks[i] })),
    )
    for (const [i, p] of paused.entries()) {
      expect(p.payload.override).toMatchObject({ scope: 'fleet', reason: 'incident 42' })
      expect(p.payload.revision).toBeGreaterThan(fleet[i]!.ds.payload.revision)
    }
    // No sleep: the server's expiry timer must push the lifted state by itself.
    const lifted = await Promise.all(
      fleet.map((f, i) => f.agent.next('desired_state', (m) => m.payload.override.mode === 'enabled' && m.payload.revision > paused[i]!.payload.revision)),
    )
    expect(lifted).toHaveLength(4)
  })

  test('a group dry-run reaches only the matching hosts', async () => {
    const web = await connected('grp-web', { tier: 'web' })
    const db = await connected('grp-db', { tier: 'db' })
    const dbMark = db.agent.received.length
    await t.call('POST', '/api/v1/remediation/override', { mode: 'dry_run', selector: 'tier=web', reason: 'canary' }, t.operator)
    const got = await web.agent.next('desired_state', (m) => m.payload.override.mode === 'dry_run')
    expect(got.payload.override.scope).toBe('group')
    // A push to the db host would have been written in the same pass as the web host's, so before
    // the ack of an event the db agent sends now.
    const probe = db.agent.send('metrics.batch', { samples: [{ ts: Date.now(), metrics: { cpu_percent: 3 } }] })
    await db.agent.next('ack', (m) => m.payload.ids.includes(probe))
    expect(db.agent.received.slice(dbMark).filter((m) => m.type === 'desired_state')).toHaveLength(0)
    await t.call('POST', '/api/v1/remediation/enable', { selector: 'tier=web' }, t.operator)
    await web.agent.next('desired_state', (m) => m.payload.override.mode === 'enabled' && m.payload.revision > got.payload.revision)
  })

  test('a set-based pause reaches exactly the hosts its terms select; resume with the terms reordered lifts it', async () => {
    const hosts = {
      web: await connected('set-web', { suite: 'set', tier: 'web', env: 'prod' }),
      api: await connected('set-api', { suite: 'set', tier: 'api', env: 'prod' }),
      dev: await connected('set-dev', { suite: 'set', tier: 'web', env: 'dev' }),
      db: await connected('set-db', { suite: 'set', tier: 'db', env: 'prod' }),
      bare: await connected('set-bare', { suite: 'set', tier: 'api' }),
    }
    const marks = Object.fromEntries(Object.entries(hosts).map(([k, h]) => [k, h.agent.received.length]))
    // tier in (web,api) and env!=dev: web and api; bare too (no env label: != matches it, as in Kubernetes); not dev, not db.
    // suite=set keeps the hosts of the other tests (tier=web, no env) out.
    const r = await t.call('POST', '/api/v1/remediation/disable', { selector: 'suite=set,tier in (web,api),env!=dev', reason: 'set-based' }, t.operator)
    expect(r.status, JSON.stringify(r.json)).toBe(201)
    expect(r.json.data).toMatchObject({ scope: 'group', label_selector: 'env!=dev,suite=set,tier in (api,web)', selector: {}, matched_hosts: 3, warnings: [] })
    const selected = ['web', 'api', 'bare'] as const
    const paused = await Promise.all(selected.map((k) => hosts[k].agent.next('desired_state', (m) => m.payload.override.mode === 'paused', { after: marks[k] })))
    for (const p of paused) expect(p.payload.override).toMatchObject({ scope: 'group', reason: 'set-based' })
    // As in the group dry-run test: a push to dev or db would precede the ack of a probe sent now.
    for (const k of ['dev', 'db'] as const) {
      const probe = hosts[k].agent.send('metrics.batch', { samples: [{ ts: Date.now(), metrics: { cpu_percent: 3 } }] })
      await hosts[k].agent.next('ack', (m) => m.payload.ids.includes(probe))
      expect(hosts[k].agent.received.slice(marks[k]).filter((m) => m.type === 'desired_state' && m.payload.override.mode === 'paused')).toHaveLength(0)
    }
    expect((await t.call('GET', `/api/v1/hosts/${hosts.dev.host_id}`)).json.data.effective_override.mode).toBe('enabled')
    expect((await t.call('GET', `/api/v1/hosts/${hosts.bare.host_id}`)).json.data.effective_override.mode).toBe('paused')

    const resumed = await t.call('POST', '/api/v1/remediation/enable', { selector: 'env != dev, tier in (api, web), suite==set' }, t.operator)
    expect(resumed.json.data.cleared.map((o: { id: string }) => o.id)).toEqual([r.json.data.id])
    await Promise.all(selected.map((k, i) => hosts[k].agent.next('desired_state', (m) => m.payload.override.mode === 'enabled' && m.payload.revision > paused[i]!.payload.revision)))
  })

  test('decommission revokes the credential and closes the socket; the credential then gets 410 (issue 9: the agent stops)', async () => {
    const { agent, host_id, credential } = await connected('gw-dec')
    const closed = new Promise<number>((resolve) => agent.ws.once('close', (code) => resolve(code)))
    expect((await t.call('DELETE', `/api/v1/hosts/${host_id}`)).status).toBe(200)
    expect(await closed).toBe(4001)
    await expect(FakeAgent.connect(wsUrl, credential)).rejects.toMatchObject({ status: 410 })
  })
})
