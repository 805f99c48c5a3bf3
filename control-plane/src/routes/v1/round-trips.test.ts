import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { parseRules } from '@smartcloudops/shared/rules/yaml'
import { enrollHost } from '../../db/queries/hosts'
import type { Db } from '../../db/client'
import { getSetting } from '../../db/queries/settings'
import { hosts } from '../../db/schema'
import { backends } from '../../../test-support/backends'
import { createTestApp, type TestApp } from '../../../test-support/test-app'

// What an operator reads can be written back; what an operator names (a hostname) is found; what
// an operator pauses says how many hosts it touched.

describe('round trips and names', () => {
  let t: TestApp
  let drop: () => Promise<void>
  let db: () => Db
  const ids: Record<string, string> = {}
  beforeAll(async () => {
    const handle = await backends[0]!.open()
    t = await createTestApp(handle.database)
    drop = handle.drop
    db = () => handle.database.db
    for (const [name, labels] of [['rt-web-1', { role: 'web', env: 'prod' }], ['rt-web-2', { role: 'web', env: 'staging' }], ['rt-db-1', { role: 'db', env: 'prod' }]] as const) {
      ids[name] = (await enrollHost(handle.database.db, { hostname: name, labels })).id
    }
    // Enrollment reuses a hostname's host, but nothing in the schema stops two racing enrollments
    // from both inserting one: the lookup must not pick either.
    await handle.database.db.insert(hosts).values([
      { id: 'host_twin_a', hostname: 'rt-twin', labels: {} },
      { id: 'host_twin_b', hostname: 'rt-twin', labels: {} },
    ])
  }, 60_000)
  afterAll(async () => {
    await t.app.close()
    await drop()
  })

  test('GET /integration/config → PUT back unchanged is accepted and changes nothing (fleet and host)', async () => {
    const fleet = (await t.call('GET', '/api/v1/integration/config')).json.data
    const put = await t.call('PUT', '/api/v1/integration/config', fleet, t.operator)
    expect(put.status, JSON.stringify(put.json)).toBe(200)
    expect((await t.call('GET', '/api/v1/integration/config')).json.data).toEqual(fleet)

    expect((await t.call('PUT', `/api/v1/integration/config?host_id=${ids['rt-web-1']}`, { buffer_size: 42 }, t.operator)).status).toBe(200)
    const host = (await t.call('GET', `/api/v1/integration/config?host_id=${ids['rt-web-1']}`)).json.data
    expect(host).toMatchObject({ scope: 'host', host_patch: { buffer_size: 42 }, config: { buffer_size: 42 } })
    expect((await t.call('PUT', `/api/v1/integration/config?host_id=${ids['rt-web-1']}`, host, t.operator)).status).toBe(200)
    expect((await t.call('GET', `/api/v1/integration/config?host_id=${ids['rt-web-1']}`)).json.data).toEqual(host)

    // An edit inside the document is applied, not silently ignored.
    const edited = { ...host, config: { ...host.config, interval_s: 7 } }
    expect((await t.call('PUT', `/api/v1/integration/config?host_id=${ids['rt-web-1']}`, edited, t.operator)).status).toBe(200)
    expect((await t.call('GET', `/api/v1/integration/config?host_id=${ids['rt-web-1']}`)).json.data.host_patch).toEqual({ buffer_size: 42, interval_s: 7 })
    // A host document written to the fleet is refused with what to do.
    const wrong = await t.call('PUT', '/api/v1/integration/config', host, t.operator)
    expect(wrong.status).toBe(400)
    expect(wrong.json.error.code).toBe('scope_mismatch')
  })

  test('GET /settings → PUT back keeps the notifier secrets it showed as [redacted]', async () => {
    const hook = { name: 'ops-hook', kind: 'webhook', url: 'http://127.0.0.1:9/hook', headers: { authorization: 'Bearer s3cret' } }
    expect((await t.call('PUT', '/api/v1/settings', { notifiers: [hook] })).status).toBe(200)
    const shown = (await t.call('GET', '/api/v1/settings')).json.data
    expect(shown.notifiers[0].headers.authorization).toBe('[redacted]')
    expect((await t.call('PUT', '/api/v1/settings', shown)).status).toBe(200)
    const [stored] = await getSetting(db(), 'notifiers')
    expect(stored?.headers).toEqual({ authorization: 'Bearer s3cret' })
    const unknown = await t.call('PUT', '/api/v1/settings', { notifiers: [{ ...hook, name: 'new-hook', headers: { authorization: '[redacted]' } }] })
    expect(unknown.status).toBe(400)
    // main's secrets handling (http/secrets.ts) names this error secret_placeholder.
    expect(unknown.json.error.code).toBe('secret_placeholder')
  })

  test('rulesets export as YAML; PUT of the export makes no new version; an edited export does', async () => {
    const before = (await t.call('GET', '/api/v1/rulesets')).json.data.current_version
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/rulesets/export', headers: { authorization: `Bearer ${t.viewer}` } })
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toContain('application/yaml')
    const parsed = parseRules(res.body, { format: 'yaml' })
    expect(parsed.ok).toBe(true)
    const current = (await t.call('GET', `/api/v1/rulesets/${before}`)).json.data.rules
    if (parsed.ok) expect(parsed.rules).toEqual(current)
    const same = await t.call('PUT', '/api/v1/rulesets', res.body, t.operator)
    // main's PUT /rulesets answers changed: false (and modified: [...]) where this branch said new_version.
    expect(same.json.data).toMatchObject({ version: before, changed: false })
    const edited = await t.call('PUT', '/api/v1/rulesets', res.body.replace('name: High CPU Usage', 'name: High CPU'), t.operator)
    expect(edited.json.data).toMatchObject({ version: before + 1, changed: true, added: ['High CPU'], removed: ['High CPU Usage'] })
  })

  test('hosts are found by hostname as well as id; a shared hostname is refused with the ids', async () => {
    const byName = await t.call('GET', '/api/v1/hosts/rt-db-1', undefined, t.viewer)
    expect(byName.status).toBe(200)
    expect(byName.json.data.id).toBe(ids['rt-db-1'])
    expect((await t.call('GET', `/api/v1/hosts/${ids['rt-db-1']}`)).json.data.hostname).toBe('rt-db-1')
    expect((await t.call('GET', '/api/v1/hosts/rt-db-1/actions')).status).toBe(200)
    const twin = await t.call('GET', '/api/v1/hosts/rt-twin')
    expect(twin.status).toBe(409)
    expect(twin.json.error.code).toBe('ambiguous_hostname')
    expect(twin.json.error.message).toContain('host_twin_a')
    expect((await t.call('GET', '/api/v1/hosts/rt-nobody')).status).toBe(404)
  })

  test('label selectors in the Kubernetes grammar select hosts and overrides', async () => {
    const names = async (sel: string) => {
      const r = await t.call('GET', `/api/v1/hosts?selector=${encodeURIComponent(sel)}`)
      expect(r.status, JSON.stringify(r.json)).toBe(200)
      return (r.json.data.hosts as { hostname: string }[]).map((h) => h.hostname).filter((n) => n.startsWith('rt-web') || n.startsWith('rt-db')).sort()
    }
    expect(await names('env==prod')).toEqual(['rt-db-1', 'rt-web-1'])
    expect(await names('role=web,env!=prod')).toEqual(['rt-web-2'])
    expect(await names('env in (prod,staging),role notin (db)')).toEqual(['rt-web-1', 'rt-web-2'])
    expect(await names('role,!nothing')).toEqual(['rt-db-1', 'rt-web-1', 'rt-web-2'])
    const bad = await t.call('GET', `/api/v1/hosts?selector=${encodeURIComponent('env===prod')}`)
    expect(bad.status).toBe(400)
    expect(bad.json.error.code).toBe('invalid_selector')
    const eq = await t.call('POST', '/api/v1/overrides', { mode: 'dry_run', selector: 'env==prod', reason: 'eq' }, t.operator)
    expect(eq.json.data).toMatchObject({ selector: { env: 'prod' }, matched_hosts: 2 })
    // Set-based terms are stored too (set-selectors.test.ts has their semantics); the twins have no env label.
    const set = await t.call('POST', '/api/v1/overrides', { mode: 'paused', selector: 'env!=prod' }, t.operator)
    expect(set.json.data).toMatchObject({ label_selector: 'env!=prod', matched_hosts: 3 })
    expect((await t.call('DELETE', `/api/v1/overrides/${set.json.data.id}`, undefined, t.operator)).status).toBe(200)
    expect((await t.call('DELETE', `/api/v1/overrides/${eq.json.data.id}`, undefined, t.operator)).status).toBe(200)
    // Reads narrow by any selector.
    const acts = await t.call('GET', `/api/v1/remediation/actions?selector=${encodeURIComponent('role in (web)')}`)
    expect(acts.status).toBe(200)
  })

  test('overrides and pauses answer how many hosts they match, with a warning when none', async () => {
    const web = await t.call('POST', '/api/v1/remediation/disable', { selector: 'role=web', reason: 'deploy', expires_in: '30m' }, t.operator)
    expect(web.status).toBe(201)
    expect(web.json.data).toMatchObject({ matched_hosts: 2, warnings: [] })
    const typo = await t.call('POST', '/api/v1/overrides', { mode: 'dry_run', selector: 'role=wbe' }, t.operator)
    expect(typo.status).toBe(201)
    expect(typo.json.data.matched_hosts).toBe(0)
    expect(typo.json.data.warnings[0]).toContain('matches no enrolled host')
    const host = await t.call('POST', '/api/v1/overrides', { mode: 'paused', host_id: ids['rt-db-1'] }, t.operator)
    expect(host.json.data.matched_hosts).toBe(1)
    const list = (await t.call('GET', '/api/v1/overrides')).json.data as { id: string; matched_hosts: number }[]
    expect(list.find((o) => o.id === web.json.data.id)?.matched_hosts).toBe(2)
    expect(list.find((o) => o.id === typo.json.data.id)?.matched_hosts).toBe(0)
    // Timestamps are ISO 8601, including the effective override's expiry on a host.
    const d = (await t.call('GET', `/api/v1/hosts/${ids['rt-web-2']}`)).json.data
    expect(d.effective_override.expires_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/)
  })
})
