import { afterAll, beforeAll, expect, test } from 'vitest'
import { describeEachBackend } from '../../../test-support/backends'
import { createTestApp, type TestApp } from '../../../test-support/test-app'
import { enrollHost } from '../../db/queries/hosts'
import { ingestEvent } from '../../db/queries/ingest'

describeEachBackend('v1 API', (get) => {
  let t: TestApp
  beforeAll(async () => {
    t = await createTestApp(get(), { bodyLimitBytes: 64 * 1024 })
    await t.app.ready()
  })
  afterAll(async () => {
    await t.app.close()
  })

  test('missing token → 401, unknown token → 401, insufficient role → 403, all in the error envelope', async () => {
    const none = await t.call('GET', '/api/v1/remediation/status', undefined, null)
    expect(none.status).toBe(401)
    expect(none.json).toMatchObject({ status: 'error', error: { code: 'unauthenticated' } })
    expect((await t.call('GET', '/api/v1/remediation/status', undefined, 'scops_adm_nope')).status).toBe(401)
    const forbidden = await t.call('POST', '/api/v1/remediation/disable', {}, t.viewer)
    expect(forbidden.status).toBe(403)
    expect(forbidden.json.error.message).toContain('operator')
    expect((await t.call('GET', '/api/v1/audit', undefined, t.operator)).status).toBe(403)
  })

  test('status has the report fields and the fleet summary; default rules are the report five', async () => {
    const r = await t.call('GET', '/api/v1/remediation/status', undefined, t.viewer)
    expect(r.status).toBe(200)
    expect(r.json.status).toBe('success')
    const d = r.json.data
    for (const k of ['enabled', 'manual_override', 'total_rules', 'enabled_rules', 'total_actions', 'recent_actions', 'rules', 'hosts', 'ruleset_versions_in_use']) {
      expect(d).toHaveProperty(k)
    }
    expect(d.rules.map((x: { name: string }) => x.name)).toEqual(
      expect.arrayContaining(['Critical System Failure', 'Service Unresponsive', 'High CPU Usage', 'High Memory Usage', 'Low Resource Utilization']),
    )
  })

  test('schema violations → 400 naming the field; unknown fields are refused, not dropped', async () => {
    const bad = await t.call('POST', '/api/v1/remediation/override', { mode: 'sideways' }, t.operator)
    expect(bad.status).toBe(400)
    expect(bad.json.error.message).toContain('body.mode')
    const extra = await t.call('POST', '/api/v1/overrides', { mode: 'paused', colour: 'red' }, t.operator)
    expect(extra.status).toBe(400)
    expect(extra.json.error.message).toContain('colour')
    const badRule = await t.call('POST', '/api/v1/remediation/rules', { name: 'x', conditions: [], actions: [{ type: 'send_alert' }], priority: 1, cooldown: '1m' }, t.operator)
    expect(badRule.status).toBe(400)
    expect(badRule.json.error.message).toContain('conditions')
  })

  test('unknown ids → 404; too large a body → 413; bad JSON → 400', async () => {
    expect((await t.call('GET', '/api/v1/hosts/host_nope')).json.error.code).toBe('not_found')
    expect((await t.call('DELETE', '/api/v1/remediation/rules/No Such Rule', undefined, t.operator)).status).toBe(404)
    expect((await t.call('GET', '/api/v1/rulesets/999')).status).toBe(404)
    const big = await t.call('POST', '/api/v1/remediation/test', { cpu_percent: 1, labels: { pad: 'x'.repeat(100_000) } })
    expect(big.status).toBe(413)
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/remediation/test', headers: { authorization: `Bearer ${t.admin}`, 'content-type': 'application/json' }, payload: '{"cpu' })
    expect(res.statusCode).toBe(400)
    expect(res.json().error.code).toBe('invalid_json')
  })

  test('rules CRUD makes new versions, is audited, and diff shows the change', async () => {
    const before = (await t.call('GET', '/api/v1/remediation/rules')).json.data.version
    const rule = { name: 'Disk Full', conditions: [{ metric: 'disk_percent', operator: 'gt', threshold: 95 }], actions: [{ type: 'send_alert' }], priority: 1, cooldown: '5m' }
    const add = await t.call('POST', '/api/v1/remediation/rules', rule, t.operator)
    expect(add.status).toBe(201)
    expect(add.json.data.version).toBe(before + 1)
    expect((await t.call('POST', '/api/v1/remediation/rules', rule, t.operator)).status).toBe(409)
    const upd = await t.call('PUT', '/api/v1/remediation/rules/Disk Full', { ...rule, cooldown: '10m' }, t.operator)
    expect(upd.json.data.version).toBe(before + 2)
    const diff = await t.call('GET', `/api/v1/rulesets/diff?from=${before + 1}&to=${before + 2}`)
    expect(diff.json.data.changed).toEqual([expect.objectContaining({ name: 'Disk Full', fields: ['cooldown'] })])
    const del = await t.call('DELETE', '/api/v1/remediation/rules/Disk Full', undefined, t.operator)
    expect(del.json.data.version).toBe(before + 3)
    const audit = await t.call('GET', '/api/v1/audit?limit=10')
    const paths = audit.json.data.entries.map((e: { method: string; path: string; actor: string }) => `${e.actor} ${e.method} ${e.path}`)
    expect(paths).toContain('test operator DELETE /api/v1/remediation/rules/Disk%20Full')
    expect(paths).toContain('test operator POST /api/v1/remediation/rules')
  })

  test('a whole ruleset from YAML becomes a new version; invalid YAML is refused with its line', async () => {
    const yaml = `- name: Only Rule\n  priority: 3\n  cooldown: 1m\n  conditions:\n    - { metric: cpu_percent, operator: gt, threshold: 99 }\n  actions:\n    - type: send_alert\n`
    const r = await t.call('PUT', '/api/v1/rulesets', yaml, t.operator)
    expect(r.status).toBe(200)
    const cur = await t.call('GET', '/api/v1/remediation/rules')
    expect(cur.json.data.rules.map((x: { name: string }) => x.name)).toEqual(['Only Rule'])
    const bad = await t.call('PUT', '/api/v1/rulesets', `- name: Bad\n  priority: -1\n`, t.operator)
    expect(bad.status).toBe(400)
    // Back to the defaults for the other tests.
    const v1 = await t.call('GET', '/api/v1/rulesets/1')
    expect((await t.call('PUT', '/api/v1/rulesets', { rules: v1.json.data.rules, message: 'restore' }, t.operator)).status).toBe(200)
  })

  test('POST /remediation/test evaluates the report example with the shared engine and executes nothing', async () => {
    const r = await t.call('POST', '/api/v1/remediation/test', { cpu_percent: 96, memory_percent: 96, ml_anomaly_score: 0.95 }, t.viewer)
    expect(r.status).toBe(200)
    expect(r.json.data.executed).toBe(false)
    expect(r.json.data.triggered_rules).toContain('Critical System Failure')
    expect(r.json.data.triggered_rules).not.toContain('Low Resource Utilization')
    const unknown = await t.call('POST', '/api/v1/remediation/test', { cpu_percnt: 1 })
    expect(unknown.status).toBe(400)
    expect(unknown.json.error.message).toContain('cpu_percnt')
  })

  test('overrides: disable for a group, status counts paused hosts, enable clears it', async () => {
    await enrollHost(get().db, { hostname: 'web-1', labels: { role: 'web' } })
    await enrollHost(get().db, { hostname: 'db-1', labels: { role: 'db' } })
    const dis = await t.call('POST', '/api/v1/remediation/disable', { selector: 'role=web', reason: 'deploy' }, t.operator)
    expect(dis.status).toBe(201)
    expect(dis.json.data).toMatchObject({ scope: 'group', mode: 'paused', selector: { role: 'web' }, reason: 'deploy', active: true })
    const s = (await t.call('GET', '/api/v1/remediation/status')).json.data
    expect(s.manual_override).toBe(true)
    expect(s.hosts.paused).toBeGreaterThanOrEqual(1)
    const web = (await t.call('GET', '/api/v1/remediation/status?selector=role=web')).json.data
    expect(web.mode).toBe('paused')
    const en = await t.call('POST', '/api/v1/remediation/enable', { selector: 'role=web' }, t.operator)
    expect(en.json.data.cleared).toHaveLength(1)
    expect((await t.call('GET', '/api/v1/remediation/status?selector=role=web')).json.data.mode).toBe('enabled')
    // An existence term is a set-based selector: stored, not refused (set-selectors.test.ts); a malformed one is a 400.
    const exists = await t.call('POST', '/api/v1/remediation/disable', { selector: 'role' }, t.operator)
    expect(exists.json.data).toMatchObject({ label_selector: 'role', matched_hosts: 2 })
    expect((await t.call('POST', '/api/v1/remediation/enable', { selector: 'role' }, t.operator)).json.data.cleared).toHaveLength(1)
    expect((await t.call('POST', '/api/v1/remediation/disable', { selector: 'role===web' }, t.operator)).status).toBe(400)
  })

  test('host drill-down shows versions, override, last sample and history', async () => {
    const h = await enrollHost(get().db, { hostname: 'drill-1', labels: { env: 'prod' } })
    await ingestEvent(get().db, h.id, 'evt-drill-0001', { type: 'metrics.batch', payload: { samples: [{ ts: Date.now(), metrics: { cpu_percent: 50, ml_anomaly_score: 0.42 } }] } })
    await ingestEvent(get().db, h.id, 'evt-drill-0002', {
      type: 'action.finished',
      payload: { action_id: 'act-drill-0001', decision_id: 'dec-drill-0001', rule: 'High CPU Usage', type: 'scale_up', ok: true, retryable: false, started_at: Date.now() - 100, finished_at: Date.now() },
    })
    const d = (await t.call('GET', `/api/v1/hosts/${h.id}`, undefined, t.viewer)).json.data
    expect(d).toMatchObject({ id: h.id, hostname: 'drill-1', connected: false, effective_override: { mode: 'enabled' }, anomaly_score: 0.42 })
    expect(d.last_sample.metrics.cpu_percent).toBe(50)
    const m = (await t.call('GET', `/api/v1/hosts/${h.id}/metrics`)).json.data
    expect(m.samples).toHaveLength(1)
    const a = (await t.call('GET', `/api/v1/remediation/actions?host_id=${h.id}&status=succeeded`)).json.data
    expect(a.total).toBe(1)
    expect(a.actions[0]).toMatchObject({ rule: 'High CPU Usage', action: 'scale_up', status: 'succeeded' })
    expect((await t.call('GET', `/api/v1/remediation/actions?status=failed&host_id=${h.id}`)).json.data.total).toBe(0)
    const list = (await t.call('GET', '/api/v1/hosts?selector=env=prod')).json.data
    expect(list.hosts.map((x: { id: string }) => x.id)).toContain(h.id)
  })

  test('drill-down: the newest sample, whether minutes or days old, by id or by hostname; none → null', async () => {
    const day = 86_400_000
    const recent = await enrollHost(get().db, { hostname: 'drill-recent', labels: {} })
    const now = Date.now()
    await ingestEvent(get().db, recent.id, 'evt-drill-r1', {
      type: 'metrics.batch',
      payload: { samples: [now - 120_000, now - 60_000, now - 2 * day].map((ts, i) => ({ ts, metrics: { cpu_percent: i } })) },
    })
    const quiet = await enrollHost(get().db, { hostname: 'drill-quiet', labels: {} })
    await ingestEvent(get().db, quiet.id, 'evt-drill-q1', {
      type: 'metrics.batch',
      payload: { samples: [now - 3 * day, now - 5 * day].map((ts, i) => ({ ts, metrics: { cpu_percent: 10 + i } })) },
    })
    const silent = await enrollHost(get().db, { hostname: 'drill-silent', labels: {} })
    const drill = async (id: string) => (await t.call('GET', `/api/v1/hosts/${id}`, undefined, t.viewer)).json.data
    expect((await drill(recent.id)).last_sample).toMatchObject({ ts: new Date(now - 60_000).toISOString(), metrics: { cpu_percent: 1 } })
    expect((await drill('drill-recent')).last_sample.metrics.cpu_percent).toBe(1)
    expect((await drill(quiet.id)).last_sample).toMatchObject({ ts: new Date(now - 3 * day).toISOString(), metrics: { cpu_percent: 10 } })
    expect((await drill('drill-quiet')).last_sample.metrics.cpu_percent).toBe(10)
    expect(await drill(silent.id)).toMatchObject({ id: silent.id, last_sample: null, anomaly_score: null })
  })

  test('integration config: validated, stored, reported; start without agents reports them offline', async () => {
    expect((await t.call('PUT', '/api/v1/integration/config', { interval_s: 0 }, t.operator)).status).toBe(400)
    const put = await t.call('PUT', '/api/v1/integration/config', { interval_s: 15, buffer_size: 20 }, t.operator)
    expect(put.status).toBe(200)
    expect((await t.call('GET', '/api/v1/integration/config')).json.data.config).toMatchObject({ interval_s: 15, buffer_size: 20, monitoring: true })
    const h = (await t.call('GET', '/api/v1/integration/health')).json.data
    expect(h.database.ok).toBe(true)
    const start = await t.call('POST', '/api/v1/integration/start', { wait_ms: 0 }, t.operator)
    expect(start.status).toBe(200)
    expect(start.json.data.results.every((r: { status: string }) => r.status === 'offline')).toBe(true)
  })

  test('enrollment tokens: secret shown once, listed without it, revocable', async () => {
    const c = await t.call('POST', '/api/v1/enrollment-tokens', { name: 'rack-7', max_uses: 3, expires_in: '1h' })
    expect(c.status).toBe(201)
    expect(c.json.data.token).toMatch(/^scops_enr_/)
    const list = await t.call('GET', '/api/v1/enrollment-tokens')
    expect(JSON.stringify(list.json)).not.toContain(c.json.data.token)
    const rev = await t.call('DELETE', `/api/v1/enrollment-tokens/${c.json.data.enrollment_token.id}`)
    expect(rev.json.data.state).toBe('revoked')
    const enroll = await t.call('POST', '/api/v1/agents/enroll', { token: c.json.data.token, hostname: 'x' }, null)
    expect(enroll.status).toBe(401)
  })

  test('an override for an unknown host is a 404, not a dangling row', async () => {
    const r = await t.call('POST', '/api/v1/overrides', { mode: 'paused', host_id: 'host_missing' }, t.operator)
    expect(r.status).toBe(404)
  })

  test('over the rate limit → 429 in the error envelope', async () => {
    const limited = await createTestApp(get(), { rateLimitPerMinute: 2 })
    try {
      const codes = []
      for (let i = 0; i < 3; i++) codes.push((await limited.call('GET', '/api/v1/remediation/rules', undefined, limited.viewer)).status)
      expect(codes).toEqual([200, 200, 429])
      const r = await limited.call('GET', '/api/v1/remediation/rules', undefined, limited.viewer)
      expect(r.json).toMatchObject({ status: 'error', error: { code: 'rate_limited' } })
    } finally {
      await limited.app.close()
    }
  })

  test('the OpenAPI document lists the report endpoints', async () => {
    const doc = (await t.app.inject({ url: '/api/v1/openapi.json' })).json()
    const paths = Object.keys(doc.paths)
    for (const p of [
      '/api/v1/remediation/status',
      '/api/v1/remediation/enable',
      '/api/v1/remediation/disable',
      '/api/v1/remediation/override',
      '/api/v1/remediation/rules',
      '/api/v1/remediation/rules/{name}',
      '/api/v1/remediation/actions',
      '/api/v1/remediation/test',
      '/api/v1/remediation/metrics',
      '/api/v1/integration/status',
      '/api/v1/integration/start',
      '/api/v1/integration/stop',
      '/api/v1/integration/metrics',
      '/api/v1/integration/trigger',
      '/api/v1/integration/config',
      '/api/v1/integration/test',
      '/api/v1/integration/health',
    ]) {
      expect(paths).toContain(p)
    }
  })
})
