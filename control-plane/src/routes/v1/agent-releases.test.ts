import { createHash, generateKeyPairSync, randomBytes, sign } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { ACCEPTS_AGENT_RELEASE } from '@smartcloudops/shared'
import { fakeReleaseTarball, waitFor } from '@smartcloudops/test-support'
import { describeEachBackend } from '../../../test-support/backends'
import { FakeAgent, helloPayload } from '../../../test-support/fake-agent'
import { createTestApp, type TestApp } from '../../../test-support/test-app'

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex')

describeEachBackend('agent releases', (get) => {
  let t: TestApp
  let wsUrl: string
  let enrollToken: string
  const agents: FakeAgent[] = []
  const r1 = fakeReleaseTarball({ version: '9.0.1' })
  const r2 = fakeReleaseTarball({ version: '9.0.2' })

  beforeAll(async () => {
    t = await createTestApp(get(), { releaseMaxBytes: 64 * 1024 })
    const addr = await t.app.listen({ host: '127.0.0.1', port: 0 })
    wsUrl = `${addr.replace(/^http/, 'ws')}/api/v1/agent/ws`
    enrollToken = (await t.call('POST', '/api/v1/enrollment-tokens', { name: 'releases', max_uses: 100 })).json.data.token
  })
  afterAll(async () => {
    for (const a of agents) a.close()
    await t.app.close()
  })

  async function upload(app: TestApp, bytes: Uint8Array | string, headers: Record<string, string> = {}, token: string | null = app.admin) {
    const res = await app.app.inject({
      method: 'POST',
      url: '/api/v1/agent-releases',
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), 'content-type': 'application/gzip', ...headers },
      payload: typeof bytes === 'string' ? bytes : Buffer.from(bytes),
    })
    return { status: res.statusCode, json: res.json() }
  }

  async function connected(hostname: string, accepts: string[]) {
    const r = await t.call('POST', '/api/v1/agents/enroll', { token: enrollToken, hostname, labels: {} }, null)
    const { host_id, credential } = r.json.data as { host_id: string; credential: string }
    const agent = await FakeAgent.connect(wsUrl, credential)
    agents.push(agent)
    agent.send('hello', { ...helloPayload(hostname), agent_version: '9.0.1', accepts })
    await agent.next('desired_state')
    return { agent, host_id, credential }
  }

  test('upload is admin-only; bad, tampered, oversized and non-gzip bodies are refused with the reason and leave nothing behind', async () => {
    expect((await upload(t, r1, {}, null)).status).toBe(401)
    expect((await upload(t, r1, {}, t.operator)).status).toBe(403)
    const tampered = await upload(t, fakeReleaseTarball({ version: '9.0.9', after: (d) => writeFileSync(join(d, 'deploy', 'README.md'), 'changed') }))
    expect(tampered.status).toBe(400)
    expect(tampered.json.error).toMatchObject({ code: 'bad_release' })
    expect(tampered.json.error.message).toMatch(/deploy\/README.md: sha256 .* is not the manifest's/)
    const badManifest = await upload(t, fakeReleaseTarball({ version: '9.0.9', manifest: (m) => ({ ...m, arch: 'sparc' }) }))
    expect(badManifest.status).toBe(400)
    expect(badManifest.json.error.message).toMatch(/manifest.json at \/arch/)
    expect((await upload(t, 'not a tarball')).json.error.code).toBe('bad_release')
    expect((await upload(t, fakeReleaseTarball({ version: '9.0.9', files: { 'agent/big.bin': randomBytes(100 * 1024).toString('base64') } }))).status).toBe(413)
    expect((await upload(t, JSON.stringify({ release: 'base64…' }), { 'content-type': 'application/json' })).status).toBe(415)
    expect((await t.call('GET', '/api/v1/agent-releases', undefined, t.viewer)).json.data.releases).toEqual([])
  })

  test('upload stores the manifest version, sha256 and size; the same bytes again is 200, other bytes under that version 409', async () => {
    const r = await upload(t, r1)
    expect(r.status).toBe(201)
    expect(r.json.data).toMatchObject({ version: '9.0.1', sha256: sha(r1), size: r1.length, arch: 'x64', node: null, files: 2, signed: false, url: '/api/v1/agents/releases/9.0.1' })
    expect((await upload(t, r1)).status).toBe(200)
    const other = await upload(t, fakeReleaseTarball({ version: '9.0.1', files: { 'agent/dist/scops-agent.mjs': 'other' } }))
    expect(other.status).toBe(409)
    expect(other.json.error.code).toBe('release_version_exists')
    expect((await upload(t, r2)).status).toBe(201)
    const one = await t.call('GET', '/api/v1/agent-releases/9.0.2', undefined, t.viewer)
    expect(one.json.data).toMatchObject({ version: '9.0.2', sha256: sha(r2), assignments: [], hosts_running: 0 })
    expect((await t.call('GET', '/api/v1/agent-releases/nope', undefined, t.viewer)).status).toBe(404)
  })

  test('an assignment reaches agents that accept agent_release (never older ones); they download with their credential; reports show in agent-versions', async () => {
    const newer = await connected('rel-new', [ACCEPTS_AGENT_RELEASE])
    const older = await connected('rel-old', [])
    const assigned = await t.call('POST', '/api/v1/agent-releases/9.0.2/assign', { host_id: newer.host_id })
    expect(assigned.status).toBe(201)
    const ds = await newer.agent.next('desired_state', (m) => m.payload.agent_release !== undefined)
    expect(ds.payload.agent_release).toEqual({ version: '9.0.2', sha256: sha(r2), size: r2.length, url: '/api/v1/agents/releases/9.0.2' })
    await t.call('POST', '/api/v1/agent-releases/9.0.2/assign', {})
    const fleetWide = await older.agent.next('desired_state', (m) => m.payload.revision > 0 && older.agent.received.filter((x) => x.type === 'desired_state').length > 1)
    expect(fleetWide.payload.agent_release).toBeUndefined()

    expect((await t.app.inject({ method: 'GET', url: '/api/v1/agents/releases/9.0.2' })).statusCode).toBe(401)
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/agents/releases/9.0.2', headers: { authorization: `Bearer ${t.admin}` } })).statusCode).toBe(401)
    const dl = await t.app.inject({ method: 'GET', url: '/api/v1/agents/releases/9.0.2', headers: { authorization: `Bearer ${newer.credential}` } })
    expect(dl.statusCode).toBe(200)
    expect(sha(dl.rawPayload)).toBe(sha(r2))

    const id = newer.agent.send('agent.upgrade', { from_version: '9.0.1', to_version: '9.0.2', outcome: 'rolled_back', error: 'did not connect within 120 s', at: Date.now() })
    await newer.agent.next('ack', (m) => m.payload.ids.includes(id))
    newer.agent.send('agent.upgrade', { from_version: '9.0.1', to_version: '9.0.2', outcome: 'rolled_back', error: 'did not connect within 120 s', at: Date.now() }, id)
    await newer.agent.next('ack', (m) => m.payload.ids.includes(id) && newer.agent.received.filter((x) => x.type === 'ack').length > 1)
    const versions = await waitFor(async () => {
      const hosts = (await t.call('GET', '/api/v1/agent-versions', undefined, t.viewer)).json.data.hosts as Array<Record<string, unknown>>
      const h = hosts.find((x) => x.host_id === newer.host_id)
      return h?.last_upgrade ? hosts : null
    }, { description: 'the upgrade report in agent-versions' })
    expect(versions.find((x) => x.host_id === newer.host_id)).toMatchObject({
      running_version: '9.0.1',
      target_version: '9.0.2',
      last_upgrade: { from_version: '9.0.1', to_version: '9.0.2', outcome: 'rolled_back', error: 'did not connect within 120 s' },
    })
    expect(versions.find((x) => x.host_id === older.host_id)).toMatchObject({ running_version: '9.0.1', target_version: '9.0.2', last_upgrade: null })

    const rb = await t.call('POST', '/api/v1/agent-releases/rollback', {})
    expect(rb.json.data).toMatchObject({ cleared: { version: '9.0.2', scope: 'fleet' }, current: null })
    expect((await t.call('POST', '/api/v1/agent-releases/rollback', {})).status).toBe(404)
  })

  test('with a release key configured, only releases signed by it are accepted', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'scops-relkey-'))
    const keys = generateKeyPairSync('ed25519')
    writeFileSync(join(dir, 'release.pub'), keys.publicKey.export({ type: 'spki', format: 'pem' }))
    const signed = await createTestApp(get(), { releasePublicKeyFile: join(dir, 'release.pub'), releaseMaxBytes: 64 * 1024 })
    try {
      const r3 = fakeReleaseTarball({ version: '9.0.3' })
      const unsigned = await upload(signed, r3)
      expect(unsigned.status).toBe(400)
      expect(unsigned.json.error.code).toBe('unsigned')
      const wrong = sign(null, r3, generateKeyPairSync('ed25519').privateKey).toString('base64')
      expect((await upload(signed, r3, { 'x-scops-signature': wrong })).json.error.code).toBe('bad_signature')
      const good = await upload(signed, r3, { 'x-scops-signature': sign(null, r3, keys.privateKey).toString('base64') })
      expect(good.status).toBe(201)
      expect(good.json.data.signed).toBe(true)
    } finally {
      await signed.app.close()
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
