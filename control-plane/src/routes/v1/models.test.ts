import { createHash } from 'node:crypto'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { describeEachBackend } from '../../../test-support/backends'
import { FakeAgent, helloPayload } from '../../../test-support/fake-agent'
import { corrupt, variantModel, wrongShapeModel } from '@smartcloudops/shared/test-support/models'
import { createTestApp, type TestApp } from '../../../test-support/test-app'

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex')

describeEachBackend('model registry', (get) => {
  let t: TestApp
  let wsUrl: string
  let enrollToken: string
  const agents: FakeAgent[] = []
  const m1 = variantModel('reg-test-1', [1, 1, 1, 0])
  const m2 = variantModel('reg-test-2', [2, 0, 0, 0])

  beforeAll(async () => {
    t = await createTestApp(get(), { modelMaxBytes: 8 * 1024 })
    const addr = await t.app.listen({ host: '127.0.0.1', port: 0 })
    wsUrl = `${addr.replace(/^http/, 'ws')}/api/v1/agent/ws`
    enrollToken = (await t.call('POST', '/api/v1/enrollment-tokens', { name: 'models', max_uses: 100 })).json.data.token
  })
  afterAll(async () => {
    for (const a of agents) a.close()
    await t.app.close()
  })

  async function upload(bytes: Uint8Array | string, opts: { token?: string | null; query?: string; contentType?: string } = {}) {
    const token = opts.token === undefined ? t.admin : opts.token
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/v1/models${opts.query ?? ''}`,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), 'content-type': opts.contentType ?? 'application/octet-stream' },
      payload: typeof bytes === 'string' ? bytes : Buffer.from(bytes),
    })
    return { status: res.statusCode, json: res.json() }
  }

  async function connected(hostname: string, labels: Record<string, string> = {}, modelVersion?: string) {
    // Labels come from the enrollment token (the agent's own are only reported).
    const token = Object.keys(labels).length
      ? (await t.call('POST', '/api/v1/enrollment-tokens', { name: `models ${hostname}`, max_uses: 1, labels })).json.data.token
      : enrollToken
    const r = await t.call('POST', '/api/v1/agents/enroll', { token, hostname, labels }, null)
    const { host_id, credential } = r.json.data as { host_id: string; credential: string }
    const agent = await FakeAgent.connect(wsUrl, credential)
    agents.push(agent)
    agent.send('hello', { ...helloPayload(hostname, labels), ...(modelVersion ? { model_version: modelVersion } : {}) })
    const ds = await agent.next('desired_state')
    return { agent, host_id, credential, ds }
  }

  test('upload is admin-only and refuses empty, oversized, corrupt and wrong-shape models with a reason', async () => {
    expect((await upload(m1, { token: null })).status).toBe(401)
    const viewer = await upload(m1, { token: t.viewer })
    expect(viewer.status).toBe(403)
    expect(viewer.json.error.message).toContain('admin')
    expect((await upload(m1, { token: t.operator })).status).toBe(403)

    const empty = await upload('')
    expect(empty.status).toBe(400)
    expect(empty.json.error.code).toBe('empty_body')

    const big = await upload(new Uint8Array(9000))
    expect(big.status).toBe(413)

    const bad = await upload(corrupt(m1))
    expect(bad.status).toBe(400)
    expect(bad.json.error.code).toBe('invalid_model')
    expect(bad.json.error.message).toMatch(/MODEL_(NOT_ONNX|META_INVALID|LOAD_FAILED)/)

    const junk = await upload(new TextEncoder().encode('not a model at all'))
    expect(junk.status).toBe(400)

    const shape = await upload(wrongShapeModel('reg-test-shape'))
    expect(shape.status).toBe(400)
    expect(shape.json.error.message).toContain('MODEL_SHAPE_MISMATCH')

    const json = await t.call('POST', '/api/v1/models', { model: 'base64…' })
    expect(json.status).toBe(415)

    // None of these left anything behind.
    expect((await t.call('GET', '/api/v1/models', undefined, t.viewer)).json.data.models).toEqual([])
  })

  test('upload stores version (from the metadata), sha256 and size; identical re-upload is idempotent, different bytes conflict', async () => {
    const mismatch = await upload(m1, { query: '?version=something-else' })
    expect(mismatch.status).toBe(400)
    expect(mismatch.json.error.code).toBe('version_mismatch')

    const r = await upload(m1, { query: '?version=reg-test-1' })
    expect(r.status).toBe(201)
    expect(r.json.data).toMatchObject({ version: 'reg-test-1', sha256: sha(m1), size: m1.length, url: '/api/v1/agents/models/reg-test-1' })
    expect(r.json.data.meta).toMatchObject({ schema: 'scops.anomaly-model/1', version: 'reg-test-1' })
    expect((await upload(m1)).status).toBe(200)
    const other = variantModel('reg-test-1', [3, 0, 0, 0])
    const conflict = await upload(other)
    expect(conflict.status).toBe(409)
    expect(conflict.json.error.code).toBe('model_version_exists')
    expect((await upload(m2)).status).toBe(201)

    const list = await t.call('GET', '/api/v1/models', undefined, t.viewer)
    expect(list.status).toBe(200)
    expect(list.json.data.models.map((m: { version: string }) => m.version).sort()).toEqual(['reg-test-1', 'reg-test-2'])
    const one = await t.call('GET', '/api/v1/models/reg-test-2', undefined, t.viewer)
    expect(one.json.data).toMatchObject({ version: 'reg-test-2', sha256: sha(m2), assignments: [], hosts_running: 0 })
    expect((await t.call('GET', '/api/v1/models/nope', undefined, t.viewer)).status).toBe(404)

    const audit = (await t.call('GET', '/api/v1/audit?limit=50')).json.data
    const entries = (audit.entries ?? audit.items ?? audit) as Array<{ path: string; status_code: number; detail: Record<string, unknown> }>
    expect(entries.some((e) => e.path.startsWith('/api/v1/models') && e.status_code === 201 && e.detail['sha256'] === sha(m1))).toBe(true)
    expect(entries.some((e) => e.path.startsWith('/api/v1/models') && e.status_code === 400)).toBe(true)
  })

  test('agents download the bytes with their credential only', async () => {
    const { credential } = await connected('models-dl')
    const none = await t.app.inject({ method: 'GET', url: '/api/v1/agents/models/reg-test-1' })
    expect(none.statusCode).toBe(401)
    const apiToken = await t.app.inject({ method: 'GET', url: '/api/v1/agents/models/reg-test-1', headers: { authorization: `Bearer ${t.admin}` } })
    expect(apiToken.statusCode).toBe(401)
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/agents/models/reg-test-1', headers: { authorization: `Bearer ${credential}` } })
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toBe('application/octet-stream')
    expect(sha(res.rawPayload)).toBe(sha(m1))
    expect(res.headers['x-model-sha256']).toBe(sha(m1))
    const missing = await t.app.inject({ method: 'GET', url: '/api/v1/agents/models/nope', headers: { authorization: `Bearer ${credential}` } })
    expect(missing.statusCode).toBe(404)
  })

  test('activate validates its target; fleet, group and host assignments reach agents at once, most specific wins; rollback pops', async () => {
    const web = await connected('models-web', { role: 'web' })
    const db = await connected('models-db', { role: 'db' }, 'builtin-1')
    expect(web.ds.payload.model).toBeUndefined()
    expect((await t.call('GET', `/api/v1/hosts/${db.host_id}`)).json.data.model).toMatchObject({ active_version: 'builtin-1', desired_version: null })

    expect((await t.call('POST', '/api/v1/models/reg-test-1/activate', {}, t.viewer)).status).toBe(403)
    expect((await t.call('POST', '/api/v1/models/reg-test-1/activate', {}, t.operator)).status).toBe(403)
    expect((await t.call('POST', '/api/v1/models/nope/activate', {})).status).toBe(404)
    expect((await t.call('POST', '/api/v1/models/reg-test-1/activate', { host_id: 'host_nope' })).status).toBe(404)
    const ambiguous = await t.call('POST', '/api/v1/models/reg-test-1/activate', { scope: 'host', selector: 'role=web' })
    expect(ambiguous.status).toBe(400)
    expect(ambiguous.json.error.message).toContain('host_id')
    expect((await t.call('POST', '/api/v1/models/reg-test-1/activate', { scope: 'planet' })).status).toBe(400)

    const webAt = web.agent.received.length
    const dbAt = db.agent.received.length
    const fleet = await t.call('POST', '/api/v1/models/reg-test-1/activate', { scope: 'fleet' })
    expect(fleet.status).toBe(201)
    const ref1 = { version: 'reg-test-1', sha256: sha(m1), size: m1.length, url: '/api/v1/agents/models/reg-test-1' }
    const webDs = await web.agent.next('desired_state', (m) => m.payload.model?.version === 'reg-test-1', { after: webAt })
    expect(webDs.payload.model).toEqual(ref1)
    await db.agent.next('desired_state', (m) => m.payload.model?.version === 'reg-test-1', { after: dbAt })
    // Activating what already runs there changes nothing.
    expect((await t.call('POST', '/api/v1/models/reg-test-1/activate', {})).json.data.changed).toBe(false)

    // The agent reports what it runs in its ack; status and drill-down show it.
    web.agent.send('desired_state.ack', { revision: webDs.payload.revision, ruleset_version: webDs.payload.ruleset.version, applied: true, model_version: 'reg-test-1' })
    const probe = web.agent.send('metrics.batch', { samples: [{ ts: Date.now(), metrics: { cpu_percent: 1 } }] })
    await web.agent.next('ack', (m) => m.payload.ids.includes(probe))
    const host = (await t.call('GET', `/api/v1/hosts/${web.host_id}`, undefined, t.viewer)).json.data
    expect(host.model).toEqual({ active_version: 'reg-test-1', desired_version: 'reg-test-1', in_sync: true })
    expect(host.desired.model).toEqual(ref1)
    const status = (await t.call('GET', '/api/v1/remediation/status', undefined, t.viewer)).json.data
    expect(status.model_versions_in_use).toEqual(expect.arrayContaining([{ version: 'reg-test-1', hosts: 1 }]))
    expect((await t.call('GET', '/api/v1/models/reg-test-1', undefined, t.viewer)).json.data.hosts_running).toBe(1)

    // A refused model: rules applied, error recorded, active version unchanged.
    web.agent.send('desired_state.ack', { revision: webDs.payload.revision, ruleset_version: webDs.payload.ruleset.version, applied: true, model_version: 'reg-test-1', error: 'model reg-test-x refused' })
    const probe2 = web.agent.send('metrics.batch', { samples: [{ ts: Date.now(), metrics: { cpu_percent: 1 } }] })
    await web.agent.next('ack', (m) => m.payload.ids.includes(probe2))
    expect((await t.call('GET', `/api/v1/hosts/${web.host_id}`)).json.data.applied).toMatchObject({ model_version: 'reg-test-1', error: 'model reg-test-x refused' })

    // group beats fleet, host beats group
    const webAt2 = web.agent.received.length
    expect((await t.call('POST', '/api/v1/models/reg-test-2/activate', { selector: 'role=web' })).status).toBe(201)
    await web.agent.next('desired_state', (m) => m.payload.model?.version === 'reg-test-2', { after: webAt2 })
    expect((await t.call('GET', `/api/v1/hosts/${db.host_id}`)).json.data.desired.model.version).toBe('reg-test-1')
    expect((await t.call('POST', '/api/v1/models/reg-test-1/activate', { host_id: web.host_id })).status).toBe(201)
    expect((await t.call('GET', `/api/v1/hosts/${web.host_id}`)).json.data.desired.model.version).toBe('reg-test-1')

    // rollback at the host → the group's model again; at the group → the fleet's; at the fleet → built-in
    expect((await t.call('POST', '/api/v1/models/rollback', { host_id: web.host_id }, t.operator)).status).toBe(403)
    const rb = await t.call('POST', '/api/v1/models/rollback', { host_id: web.host_id })
    expect(rb.status).toBe(200)
    expect(rb.json.data).toMatchObject({ cleared: { model_version: 'reg-test-1', scope: 'host' }, current: null })
    expect((await t.call('GET', `/api/v1/hosts/${web.host_id}`)).json.data.desired.model.version).toBe('reg-test-2')
    expect((await t.call('POST', '/api/v1/models/rollback', { selector: 'role=web' })).status).toBe(200)
    const webAt3 = web.agent.received.length
    expect((await t.call('POST', '/api/v1/models/rollback', {})).json.data.cleared.model_version).toBe('reg-test-1')
    const back = await web.agent.next('desired_state', (m) => m.payload.model === undefined, { after: webAt3 })
    expect(back.payload.model).toBeUndefined()
    const none = await t.call('POST', '/api/v1/models/rollback', { scope: 'fleet' })
    expect(none.status).toBe(404)
    expect(none.json.error.code).toBe('no_assignment')

    // fleet v1 then fleet v2, rollback → v1 (the previous version at the same scope)
    await t.call('POST', '/api/v1/models/reg-test-1/activate', {})
    await t.call('POST', '/api/v1/models/reg-test-2/activate', {})
    expect((await t.call('GET', `/api/v1/hosts/${db.host_id}`)).json.data.desired.model.version).toBe('reg-test-2')
    const rb2 = await t.call('POST', '/api/v1/models/rollback', {})
    expect(rb2.json.data.current.model_version).toBe('reg-test-1')
    expect((await t.call('GET', `/api/v1/hosts/${db.host_id}`)).json.data.desired.model.version).toBe('reg-test-1')
    const assignments = (await t.call('GET', '/api/v1/models', undefined, t.viewer)).json.data.assignments
    expect(assignments).toEqual([expect.objectContaining({ scope: 'fleet', model_version: 'reg-test-1' })])
  })
})
