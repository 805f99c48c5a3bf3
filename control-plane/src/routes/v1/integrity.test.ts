import { Writable } from 'node:stream'
import pino from 'pino'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { buildApp } from '../../app'
import { loadConfig } from '../../config'
import { enrollHost } from '../../db/queries/hosts'
import { getSetting } from '../../db/queries/settings'
import { apiTokenIdOf, ensureAdminToken, revokeApiToken } from '../../db/queries/tokens'
import { describeEachBackend } from '../../../test-support/backends'
import { createTestApp, type TestApp } from '../../../test-support/test-app'

/** Issue 9, API side: configuration that holds, secrets that stay secret, bad input that stays a 4xx. */
describeEachBackend('API integrity', (get) => {
  const configured = 'scops_adm_configured-admin-token-for-tests-0001'
  let t: TestApp

  beforeAll(async () => {
    await ensureAdminToken(get().db, configured)
    t = await createTestApp(get(), { adminToken: configured, authFailuresPerMinute: 1000 })
    await t.app.ready()
  })
  afterAll(async () => {
    await t.app.close()
  })

  test('the configured admin token cannot be revoked (409 naming SCOPS_ADMIN_TOKEN), and a start after an old revocation still works', async () => {
    const id = await apiTokenIdOf(get().db, configured)
    const r = await t.call('DELETE', `/api/v1/tokens/${id}`)
    expect(r.status).toBe(409)
    expect(r.json.error).toMatchObject({ code: 'configured_token' })
    expect(r.json.error.message).toContain('SCOPS_ADMIN_TOKEN')
    expect((await t.call('GET', '/api/v1/audit?limit=1', undefined, configured)).status).toBe(200)
    // As an older version allowed: revoked in the database. The next start must not fail, and the token works.
    await revokeApiToken(get().db, id!)
    t.app.authLimiter.counters.lookups_total = 0
    await expect(ensureAdminToken(get().db, configured)).resolves.toEqual({})
    t.app.authLimiter.counters.lookups_total = 0
    const fresh = await t.call('GET', '/api/v1/tokens', undefined, configured)
    expect(fresh.status).toBe(200)
    // Other admin tokens stay revocable.
    const other = await t.call('POST', '/api/v1/tokens', { name: 'temp', role: 'admin' })
    expect((await t.call('DELETE', `/api/v1/tokens/${other.json.data.id}`)).status).toBe(200)
  })

  test('settings secrets are write-only: redacted for every role, a GET → PUT round trip stores exactly what was there', async () => {
    const notifiers = [
      { name: 'log', kind: 'log' },
      { name: 'hook', kind: 'webhook', url: 'https://ops:hunter2@hooks.example.test/services/T0000/B0000/abcdefghijklmnopqrstuvwx?token=s3cret&team=ops', headers: { authorization: 'Bearer abc' } },
      { name: 'plain', kind: 'webhook', url: 'https://example.test/alerts' },
    ]
    expect((await t.call('PUT', '/api/v1/settings', { notifiers })).status).toBe(200)
    const stored = await getSetting(get().db, 'notifiers')
    for (const token of [t.viewer, t.operator, t.admin]) {
      const text = JSON.stringify((await t.call('GET', '/api/v1/settings', undefined, token)).json.data)
      for (const secret of ['hunter2', 's3cret', 'abcdefghijklmnopqrstuvwx', 'Bearer abc']) expect(text).not.toContain(secret)
      expect(text).toContain('hooks.example.test')
      expect(text).toContain('https://example.test/alerts')
    }
    const shown = (await t.call('GET', '/api/v1/settings')).json.data
    const back = await t.call('PUT', '/api/v1/settings', shown)
    expect(back.status).toBe(200)
    expect(await getSetting(get().db, 'notifiers')).toEqual(stored)
    // A placeholder with nothing behind it is refused, naming where.
    const orphan = await t.call('PUT', '/api/v1/settings', { notifiers: [{ name: 'new', kind: 'webhook', url: 'https://x.test/', headers: { 'x-key': '[redacted]' } }] })
    expect(orphan.status).toBe(400)
    expect(orphan.json.error).toMatchObject({ code: 'secret_placeholder' })
    expect(orphan.json.error.message).toContain('body.notifiers[0].headers.x-key')
    expect(await getSetting(get().db, 'notifiers')).toEqual(stored)
  })

  test('durations that would overflow a timer are refused naming the field; nothing is stored', async () => {
    const before = (await t.call('GET', '/api/v1/integration/config')).json.data.config
    for (const [field, value] of [
      ['action_timeout', '50d'],
      ['verify_window', '50d'],
      ['action_timeout', 99999999],
      ['verify_window', '99999999999d'],
    ] as const) {
      const r = await t.call('PUT', '/api/v1/integration/config', { [field]: value }, t.operator)
      expect(r.status, `${field}=${value}`).toBe(400)
      expect(r.json.error.message).toContain(`body.${field}`)
    }
    expect((await t.call('GET', '/api/v1/integration/config')).json.data.config).toEqual(before)
    const within = await t.call('PUT', '/api/v1/integration/config', { action_timeout: '45m' }, t.operator)
    expect(within.status).toBe(200)
    const expiry = await t.call('POST', '/api/v1/remediation/disable', { expires_in: '99999999999d' }, t.operator)
    expect(expiry.status).toBe(400)
    expect(expiry.json.error.message).toContain('body.expires_in')
  })

  test('NUL bytes, Infinity, huge offsets and ids are 4xx, never 5xx', async () => {
    const host = await enrollHost(get().db, { hostname: 'nul-host', labels: {} })
    const cases: [string, string, unknown?][] = [
      ['GET', '/api/v1/hosts/%00'],
      ['GET', `/api/v1/hosts/${host.id}%00x`],
      ['GET', '/api/v1/hosts?selector=env%3D%00'],
      ['GET', '/api/v1/remediation/actions?rule=%00'],
      ['GET', '/api/v1/audit?limit=Infinity'],
      ['GET', '/api/v1/remediation/actions?limit=Infinity&offset=1e300'],
      ['GET', '/api/v1/hosts?offset=99999999999999999999'],
      ['GET', '/api/v1/rulesets/99999999999'],
      ['GET', '/api/v1/rulesets/diff?from=1&to=99999999999'],
      ['POST', '/api/v1/overrides', { mode: 'paused', reason: 'a\u0000b' }],
      ['POST', '/api/v1/remediation/test', { cpu_percent: 1, labels: { 'e\u0000': 'x' } }],
      ['PUT', '/api/v1/remediation/rules/x%00', { name: 'x', conditions: [], actions: [], priority: 1, cooldown: 0 }],
      ['POST', '/api/v1/enrollment-tokens', { name: 'n\u0000' }],
      ['POST', '/api/v1/enrollment-tokens', { name: 'n', max_uses: '1e309' }],
      ['PUT', `/api/v1/hosts/${host.id}/labels`, { labels: { env: 'p\u0000' } }],
    ]
    for (const [method, url, body] of cases) {
      const r = await t.call(method, url, body, t.admin)
      expect(r.status, `${method} ${url} → ${JSON.stringify(r.json)}`).toBeGreaterThanOrEqual(400)
      expect(r.status, `${method} ${url} → ${JSON.stringify(r.json)}`).toBeLessThan(500)
    }
    const nul = await t.call('POST', '/api/v1/overrides', { mode: 'paused', reason: 'a\u0000b' }, t.operator)
    expect(nul.json.error).toMatchObject({ code: 'nul_in_input' })
    expect(nul.json.error.message).toContain('body.reason')
  })

  test('a credential in the query string is refused, and neither the request log nor the audit log holds it', async () => {
    const lines: string[] = []
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk))
        done()
      },
    })
    const app = await buildApp(loadConfig({}, { port: 0, dataDir: 'memory://' }), { database: get(), logger: pino({ level: 'info' }, sink) })
    await app.ready()
    try {
      const secret = t.viewer
      for (const url of [`/api/v1/remediation/status?token=${secret}`, `/api/v1/hosts?x=${secret}`, `/api/v1/agents/enroll?access_token=${secret}`]) {
        const r = await app.inject({ method: url.includes('enroll') ? 'POST' : 'GET', url, payload: url.includes('enroll') ? { token: 'x', hostname: 'y' } : undefined })
        expect(r.statusCode, url).toBe(400)
        expect(r.json().error.code).toBe('credential_in_query')
      }
      expect(lines.length).toBeGreaterThan(0)
      expect(lines.join('\n')).not.toContain(secret)
      expect(lines.join('\n')).toContain('[redacted]')
      const audit = (await t.call('GET', '/api/v1/audit?limit=20')).json.data
      expect(JSON.stringify(audit)).not.toContain(secret)
    } finally {
      await app.close()
    }
  })
})

describeEachBackend('failed-authentication budget', (get) => {
  let t: TestApp
  beforeAll(async () => {
    t = await createTestApp(get(), { authFailuresPerMinute: 20 })
    await t.app.ready()
  })
  afterAll(async () => {
    await t.app.close()
  })

  test('a burst of made-up tokens gets 429s that cost no database lookup, while a valid token still works', async () => {
    // The valid token is known (cached) before the burst, as a client in use would be.
    expect((await t.call('GET', '/api/v1/remediation/status', undefined, t.viewer)).status).toBe(200)
    const c = t.app.authLimiter.counters
    const lookupsBefore = c.lookups_total
    const statuses: number[] = []
    for (let i = 0; i < 200; i++) statuses.push((await t.call('GET', '/api/v1/hosts', undefined, `scops_adm_random${i}`)).status)
    expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true)
    expect(statuses.slice(20).every((s) => s === 429)).toBe(true)
    // Only the budget's worth reached the database; the other 180 were refused before any lookup.
    expect(c.lookups_total - lookupsBefore).toBe(20)
    expect(c.limited_total).toBeGreaterThanOrEqual(180)
    const refused = await t.call('GET', '/api/v1/hosts', undefined, 'scops_adm_one-more')
    expect(refused.json.error.code).toBe('auth_rate_limited')
    expect(refused.json.error.message).toMatch(/retry in \d+ s/)
    // The user with a real token is not slowed down or locked out.
    expect((await t.call('GET', '/api/v1/remediation/status', undefined, t.viewer)).status).toBe(200)
    // Missing tokens and guessed enrollment tokens count against the same budget.
    expect((await t.call('GET', '/api/v1/hosts', undefined, null)).status).toBe(429)
    expect((await t.call('POST', '/api/v1/agents/enroll', { token: 'scops_enr_guess', hostname: 'h' }, null)).status).toBe(429)
  })
})
