import { createHash } from 'node:crypto'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { sql } from 'drizzle-orm'
import { enrollHost } from '../../db/queries/hosts'
import { insertModel } from '../../db/queries/models'
import { describeEachBackend } from '../../../test-support/backends'
import { createTestApp, type TestApp } from '../../../test-support/test-app'

// Set-based label selectors (!=, in, notin, exists, !key) on the two stored targets — overrides and
// model assignments — on PGlite and PostgreSQL: what they match, how they are shown and named back,
// and rows written before the `requirements` column still meaning what they meant.

describeEachBackend('set-based selectors for overrides and model assignments', (get) => {
  let t: TestApp
  const ids: Record<string, string> = {}
  const hostnames = ['ss-web-1', 'ss-web-2', 'ss-api-1', 'ss-db-1', 'ss-canary-1']

  beforeAll(async () => {
    t = await createTestApp(get())
    const labels: Record<string, Record<string, string>> = {
      'ss-web-1': { role: 'web', env: 'prod' },
      'ss-web-2': { role: 'web', env: 'staging' },
      'ss-api-1': { role: 'api', env: 'prod' },
      'ss-db-1': { role: 'db', env: 'prod' },
      'ss-canary-1': { role: 'web', env: 'prod', canary: 'true' },
    }
    for (const h of hostnames) ids[h] = (await enrollHost(get().db, { hostname: h, labels: labels[h]! })).id
    for (const version of ['ss-model-a', 'ss-model-b']) {
      const bytes = Buffer.from(version)
      await insertModel(get().db, { version, sha256: createHash('sha256').update(bytes).digest('hex'), bytes, meta: {}, uploadedBy: 'test' })
    }
  })
  afterAll(async () => {
    await t.app.close()
  })

  const modeOf = async (h: string) => (await t.call('GET', `/api/v1/hosts/${ids[h]}`)).json.data.effective_override.mode as string
  const desiredModel = async (h: string) => ((await t.call('GET', `/api/v1/hosts/${ids[h]}`)).json.data.desired.model?.version ?? null) as string | null

  test('a set-based dry-run covers exactly the selected hosts, counts them, and is named back by its label_selector', async () => {
    const r = await t.call('POST', '/api/v1/overrides', { mode: 'dry_run', selector: 'role in (web,api), !canary', reason: 'set' }, t.operator)
    expect(r.status, JSON.stringify(r.json)).toBe(201)
    expect(r.json.data).toMatchObject({ scope: 'group', selector: {}, label_selector: '!canary,role in (api,web)', matched_hosts: 3, warnings: [] })
    const modes = Object.fromEntries(await Promise.all(hostnames.map(async (h) => [h, await modeOf(h)])))
    expect(modes).toEqual({ 'ss-web-1': 'dry_run', 'ss-web-2': 'dry_run', 'ss-api-1': 'dry_run', 'ss-db-1': 'enabled', 'ss-canary-1': 'enabled' })
    // The fleet's status counts the three hosts, and does not call the whole fleet dry-run
    // (a label-less stand-in host would match !canary).
    const status = (await t.call('GET', '/api/v1/remediation/status')).json.data
    expect(status).toMatchObject({ mode: 'enabled', hosts: { dry_run: 3 } })
    expect(status.active_overrides[0]).toMatchObject({ label_selector: '!canary,role in (api,web)' })

    // GET → POST round trip: the listed label_selector names the same group (same canonical text, same hosts).
    const listed = ((await t.call('GET', '/api/v1/overrides')).json.data as { id: string; label_selector: string | null; matched_hosts: number }[]).find((o) => o.id === r.json.data.id)!
    expect(listed).toMatchObject({ label_selector: '!canary,role in (api,web)', matched_hosts: 3 })
    const again = await t.call('POST', '/api/v1/overrides', { mode: 'paused', selector: listed.label_selector, reason: 'again' }, t.operator)
    expect(again.json.data).toMatchObject({ label_selector: listed.label_selector, matched_hosts: 3 })
    expect(await modeOf('ss-api-1')).toBe('paused')

    // Resume at exactly that group, typed in another order with repeated values: both cleared, nothing else.
    const other = await t.call('POST', '/api/v1/overrides', { mode: 'paused', selector: 'role=db' }, t.operator)
    const resumed = await t.call('POST', '/api/v1/remediation/enable', { selector: 'role in (api,web,web),!canary' }, t.operator)
    expect(resumed.status).toBe(200)
    expect(resumed.json.data.cleared.map((o: { id: string }) => o.id).sort()).toEqual([r.json.data.id, again.json.data.id].sort())
    expect(resumed.json.data.still_active.map((o: { id: string }) => o.id)).toContain(other.json.data.id)
    expect(await modeOf('ss-web-1')).toBe('enabled')
    expect(await modeOf('ss-db-1')).toBe('paused')
    expect((await t.call('DELETE', `/api/v1/overrides/${other.json.data.id}`, undefined, t.operator)).status).toBe(200)
  })

  test('a set-based selector that matches none is stored with a warning; a malformed one is a 400 naming the problem', async () => {
    const none = await t.call('POST', '/api/v1/remediation/disable', { selector: 'role notin (web,api,db)', reason: 'typo' }, t.operator)
    expect(none.status).toBe(201)
    expect(none.json.data.matched_hosts).toBe(0)
    expect(none.json.data.warnings[0]).toContain('matches no enrolled host now: hosts matching role notin (api,db,web)')
    expect((await t.call('DELETE', `/api/v1/overrides/${none.json.data.id}`, undefined, t.operator)).status).toBe(200)
    const bad = await t.call('POST', '/api/v1/overrides', { mode: 'paused', selector: 'role in web' }, t.operator)
    expect(bad.status).toBe(400)
    expect(bad.json.error).toMatchObject({ code: 'invalid_selector' })
    expect(bad.json.error.message).toContain('parentheses')
  })

  test('model assignments take set-based selectors: the selected hosts get the model, re-activation is a no-op, rollback by the same group pops it', async () => {
    const a = await t.call('POST', '/api/v1/models/ss-model-a/activate', { selector: 'env!=staging,role in (web,api)' })
    expect(a.status, JSON.stringify(a.json)).toBe(201)
    expect(a.json.data.assignment).toMatchObject({ scope: 'group', selector: {}, label_selector: 'env!=staging,role in (api,web)' })
    expect(a.json.data.target).toBe('hosts matching env!=staging,role in (web,api)')
    expect(await Promise.all(hostnames.map(desiredModel))).toEqual(['ss-model-a', null, 'ss-model-a', null, 'ss-model-a'])
    // The same group, typed differently, already runs ss-model-a.
    const same = await t.call('POST', '/api/v1/models/ss-model-a/activate', { scope: 'group', selector: 'role in (api,web),env!=staging' })
    expect(same.json.data.changed).toBe(false)
    const b = await t.call('POST', '/api/v1/models/ss-model-b/activate', { selector: 'role in (api,web),env!=staging' })
    expect(b.json.data).toMatchObject({ changed: true, previous_version: 'ss-model-a' })
    expect(await desiredModel('ss-api-1')).toBe('ss-model-b')
    const back = await t.call('POST', '/api/v1/models/rollback', { selector: 'role in (web,api),env!=staging' })
    expect(back.status).toBe(200)
    expect(back.json.data.current).toMatchObject({ model_version: 'ss-model-a', label_selector: 'env!=staging,role in (api,web)' })
    expect(await desiredModel('ss-api-1')).toBe('ss-model-a')
    expect((await t.call('POST', '/api/v1/models/rollback', { selector: 'env!=staging,role in (web,api)' })).status).toBe(200)
    expect(await Promise.all(hostnames.map(desiredModel))).toEqual([null, null, null, null, null])
  })

  test('rows stored before the requirements column (equality selector, requirements NULL) keep applying and are resumed as before', async () => {
    // Written as the previous schema wrote them (no requirements column in the INSERT), then a
    // control plane started over them, as after an upgrade.
    await get().db.execute(sql`insert into overrides (id, scope, selector, mode, reason, author) values ('ovr_legacy_1', 'group', '{"role":"web","env":"prod"}'::jsonb, 'paused', 'legacy', 'test')`)
    await get().db.execute(sql`insert into model_assignments (id, scope, selector, model_version, author) values ('mda_legacy_1', 'group', '{"role":"db"}'::jsonb, 'ss-model-b', 'test')`)
    const restarted = await createTestApp(get())
    try {
      const host = async (h: string) => (await restarted.call('GET', `/api/v1/hosts/${ids[h]}`)).json.data
      const listed = ((await restarted.call('GET', '/api/v1/overrides')).json.data as { id: string }[]).find((o) => o.id === 'ovr_legacy_1')
      expect(listed).toMatchObject({ selector: { role: 'web', env: 'prod' }, label_selector: 'env=prod,role=web', matched_hosts: 2 })
      expect((await host('ss-web-1')).effective_override.mode).toBe('paused')
      expect((await host('ss-web-2')).effective_override.mode).toBe('enabled')
      expect((await host('ss-db-1')).desired.model?.version).toBe('ss-model-b')
      const resumed = await restarted.call('POST', '/api/v1/remediation/enable', { selector: 'role=web,env=prod' }, restarted.operator)
      expect(resumed.json.data.cleared.map((o: { id: string }) => o.id)).toEqual(['ovr_legacy_1'])
      expect((await restarted.call('POST', '/api/v1/models/rollback', { selector: 'role==db' })).json.data.cleared.id).toBe('mda_legacy_1')
    } finally {
      await restarted.app.close()
    }
  })
})
