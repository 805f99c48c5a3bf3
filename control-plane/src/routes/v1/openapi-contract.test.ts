/* eslint-disable @typescript-eslint/no-explicit-any -- walks an OpenAPI document */
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { isDeepStrictEqual } from 'node:util'
import { Ajv } from 'ajv'
import addFormats from 'ajv-formats'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { fakeReleaseTarball } from '@smartcloudops/test-support'
import { clientTypes } from '../../api-client/generate'
import { enrollHost } from '../../db/queries/hosts'
import { ingestEvent } from '../../db/queries/ingest'
import { requestPermit } from '../../db/queries/permits'
import { enqueue } from '../../db/queries/permit-queue'
import { backends } from '../../../test-support/backends'
import { variantModel } from '@smartcloudops/shared/test-support/models'
import { createTestApp, type TestApp } from '../../../test-support/test-app'

// The OpenAPI document is the contract the generated client (CLI, console) is built on. This suite
// walks it against a seeded control plane: every operation named and typed, every GET answering
// what its schema says, and nothing the handler returned dropped by the serializer (fastify's
// fast-json-stringify silently drops fields a response schema does not declare).

const pglite = backends[0]!

describe('OpenAPI contract', () => {
  let t: TestApp
  let close: () => Promise<void>
  let doc: any
  const handed = new Map<string, unknown>()
  const seeded: Record<string, string> = {}

  beforeAll(async () => {
    const handle = await pglite.open()
    t = await createTestApp(handle.database)
    close = async () => {
      await t.app.close()
      await handle.drop()
    }
    // What each handler returned, before serialization (keyed by a test header).
    t.app.addHook('preSerialization', async (req, _reply, payload) => {
      const key = req.headers['x-contract-key']
      if (typeof key === 'string') handed.set(key, JSON.parse(JSON.stringify(payload)))
      return payload
    })
    const db = handle.database.db
    const h = await enrollHost(db, { hostname: 'contract-1', labels: { env: 'prod', role: 'web' } })
    seeded.hostId = h.id
    const now = Date.now()
    await ingestEvent(db, h.id, 'evt-contract-01', {
      type: 'metrics.batch',
      payload: { samples: [{ ts: now - 1000, metrics: { cpu_percent: 97, ml_anomaly_score: 0.93 }, missing: { disk_percent: 'collector failed' } }] },
    })
    await ingestEvent(db, h.id, 'evt-contract-02', {
      type: 'decision',
      payload: {
        decision_id: 'dec-contract-01',
        rule: 'High CPU Usage',
        priority: 2,
        ruleset_version: 1,
        sample_ts: now - 1000,
        outcome: 'execute',
        suppressed_by: 'none',
        override_mode: 'enabled',
        reason: 'cpu_percent 97 > 80',
        conditions: [{ metric: 'cpu_percent', operator: 'gt', threshold: 80, observed: 97, held: true }],
        actions: [{ type: 'scale_up' }],
      },
    })
    await ingestEvent(db, h.id, 'evt-contract-03', {
      type: 'action.finished',
      payload: { action_id: 'act-contract-01', decision_id: 'dec-contract-01', rule: 'High CPU Usage', type: 'scale_up', ok: false, retryable: true, error: { code: 'timeout', message: 'took too long' }, started_at: now - 900, finished_at: now - 100 },
    })
    // A verification, so the rules' health has something to rate.
    await ingestEvent(db, h.id, 'evt-contract-04', {
      type: 'action.verified',
      payload: { action_id: 'act-contract-01', decision_id: 'dec-contract-01', rule: 'High CPU Usage', cleared: false, window_s: 60, checked_at: now - 50, outcome: 'holding' },
    })
    await t.call('POST', '/api/v1/overrides', { mode: 'dry_run', selector: 'role=web', reason: 'contract', expires_in: '1h' })
    await t.call('POST', '/api/v1/enrollment-tokens', { name: 'contract', max_uses: 2 })
    await t.call('PUT', '/api/v1/settings', { notifiers: [{ name: 'hook', kind: 'webhook', url: 'http://127.0.0.1:9/x', headers: { authorization: 'secret' } }] })
    const up = await t.app.inject({
      method: 'POST',
      url: '/api/v1/models',
      headers: { authorization: `Bearer ${t.admin}`, 'content-type': 'application/octet-stream' },
      payload: Buffer.from(variantModel('contract-1.0.0')),
    })
    expect(up.statusCode).toBe(201)
    seeded.modelVersion = 'contract-1.0.0'
    await t.call('POST', '/api/v1/models/contract-1.0.0/activate', { selector: 'env=prod' })
    const rollout = await t.call('POST', '/api/v1/rollouts', {
      kind: 'ruleset',
      rules: [{ name: 'contract staged', description: 'c', conditions: [{ metric: 'cpu_percent', operator: 'gt', threshold: 95 }], actions: [{ type: 'send_alert' }], priority: 4, cooldown: '1m' }],
      stages: [{ selector: 'role=web', soak: '10m' }, { percent: 100, soak: '10m' }],
    })
    expect(rollout.status).toBe(201)
    seeded.rolloutId = rollout.json.data.id
    const rel = await t.app.inject({
      method: 'POST',
      url: '/api/v1/agent-releases',
      headers: { authorization: `Bearer ${t.admin}`, 'content-type': 'application/gzip' },
      payload: fakeReleaseTarball({ version: '7.0.0-contract' }),
    })
    expect(rel.statusCode).toBe(201)
    seeded.releaseVersion = '7.0.0-contract'
    await t.call('POST', '/api/v1/agent-releases/7.0.0-contract/assign', { selector: 'env=prod' })
    // A budget with a holder and an inhibition of each condition kind.
    seeded.budgetId = (await t.call('POST', '/api/v1/budgets', { name: 'contract', selector: 'env=prod', max_percent: 25, min_healthy_percent: 10 })).json.data.id
    await requestPermit(db, { hostId: h.id, rule: 'High CPU Usage', action: 'restart_container', target: 'container:web', ttlMs: 60_000 })
    // And a request waiting in its queue (as permit.request.v2 leaves one), so the queue's shape is checked too.
    const enqueuedAt = new Date()
    await enqueue(db, { hostId: h.id, budgetId: seeded.budgetId!, requestId: 'contractwait01', rule: 'High CPU Usage', action: 'restart_service', target: 'service:app', ttlS: 60, replica: 'replica_contract', enqueuedAt, waitUntil: new Date(enqueuedAt.getTime() + 600_000) })
    seeded.inhibitionId = (await t.call('POST', '/api/v1/inhibitions', { name: 'contract-db', condition: { group_unhealthy: { selector: 'role=db', below_percent: 50 } } })).json.data.id
    await t.call('POST', '/api/v1/inhibitions', { name: 'contract-alert', actions: ['restart_service'], rules: ['High CPU Usage'], condition: { alert_firing: { labels: { alertname: 'DbDown' } } } })
    doc = (await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json()
  }, 120_000)

  afterAll(async () => {
    await close?.()
  })

  const operations = () =>
    Object.entries<any>(doc.paths).flatMap(([path, item]) => Object.entries<any>(item).map(([method, op]) => ({ path, method, op })))

  function validatorFor(schema: unknown) {
    const ajv = new Ajv({ strict: false, allErrors: true })
    addFormats(ajv)
    // OpenAPI 3.0 spells "or null" as nullable: true; turn it into JSON Schema for ajv.
    const toJsonSchema = (s: any): any => {
      if (Array.isArray(s)) return s.map(toJsonSchema)
      if (!s || typeof s !== 'object') return s
      const out: any = {}
      for (const [k, v] of Object.entries(s)) if (k !== 'nullable') out[k] = k === '$ref' ? String(v).replace('#/components/schemas/', 'c#/$defs/') : toJsonSchema(v)
      return s.nullable ? { anyOf: [out, { type: 'null' }] } : out
    }
    ajv.addSchema({ $id: 'c', $defs: toJsonSchema(doc.components.schemas) })
    return ajv.compile(toJsonSchema(schema))
  }

  test('every operation has a unique operationId and a typed success response', () => {
    const ops = operations()
    expect(ops.length).toBeGreaterThan(40)
    const ids = ops.map((o) => o.op.operationId)
    expect(ids.filter((id) => !id)).toEqual([])
    expect(new Set(ids).size).toBe(ids.length)
    const untyped = ops.filter(({ op }) => {
      const success = Object.entries<any>(op.responses).filter(([code]) => code.startsWith('2'))
      return success.length === 0 || success.some(([, r]) => {
        const content = r.content ?? {}
        const json = content['application/json']?.schema
        if (!json) return Object.keys(content).length === 0
        if (json.type === 'string') return false // a file (the rules export as JSON)
        const data = json.properties?.data
        return !data || Object.keys(data).length === 0
      })
    })
    expect(untyped.map((o) => `${o.method} ${o.path}`)).toEqual([])
    expect(Object.keys(doc.components.schemas)).toEqual(expect.arrayContaining(['Host', 'HostDetail', 'Action', 'Decision', 'Override', 'RulesetVersion', 'RemediationStatus', 'Budget', 'BudgetHolder', 'BudgetWaiter', 'Inhibition', 'RulesetReplay']))
  })

  test('the committed generated client (api-client/v1.ts) is what the served document generates', async () => {
    const committed = readFileSync(fileURLToPath(new URL('../../api-client/v1.ts', import.meta.url)), 'utf8')
    const fresh = await clientTypes(doc)
    // Stale types would let the CLI and console compile against an API that no longer exists.
    expect(fresh === committed, 'control-plane/src/api-client/v1.ts is stale: run `pnpm api:client` and commit it').toBe(true)
    expect(fresh).toContain('HostDetail: {')
  })

  test('optional query parameters are not marked required', () => {
    const required = operations().flatMap(({ path, method, op }) =>
      (op.parameters ?? []).filter((p: any) => p.in === 'query' && p.required).map((p: any) => `${method} ${path} ?${p.name}`),
    )
    // /rulesets/diff needs both ends; nothing else requires a query parameter.
    expect(required.sort()).toEqual(['get /api/v1/rulesets/diff ?from', 'get /api/v1/rulesets/diff ?to'])
  })

  test('every GET answers what its schema says, and the serializer drops nothing the handler returned', async () => {
    const fill: Record<string, string> = { '{id}': seeded.hostId!, '{version}': '' }
    let checked = 0
    for (const { path, method, op } of operations()) {
      if (method !== 'get') continue
      const schema = op.responses['200']?.content?.['application/json']?.schema
      if (!schema || schema.type === 'string') continue // model bytes, rules file: checked in their own tests
      let url = path.replace('{id}', fill['{id}']!).replace('{name}', encodeURIComponent('High CPU Usage'))
      if (path.startsWith('/api/v1/budgets/{id}')) url = path.replace('{id}', seeded.budgetId!)
      if (path.startsWith('/api/v1/inhibitions/{id}')) url = path.replace('{id}', seeded.inhibitionId!)
      if (path.includes('/models/{version}')) url = path.replace('{version}', seeded.modelVersion!)
      else if (path.includes('/rollouts/{id}')) url = path.replace('{id}', seeded.rolloutId!)
      else if (path.includes('/agent-releases/{version}')) url = path.replace('{version}', seeded.releaseVersion!)
      else url = url.replace('{version}', '1')
      if (path.endsWith('/rulesets/diff')) url += '?from=1&to=1'
      const key = `${method} ${path}`
      const res = await t.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${t.admin}`, 'x-contract-key': key } })
      expect(res.statusCode, `${key}: ${res.body}`).toBe(200)
      const body = res.json()
      const validate = validatorFor(schema)
      expect(validate(body) ? [] : validate.errors, key).toEqual([])
      const before = handed.get(key)
      if (!isDeepStrictEqual(before, body)) expect(body, `${key}: the serializer changed the handler's answer`).toEqual(before)
      checked++
    }
    expect(checked).toBeGreaterThanOrEqual(20)
  })

  test('mutating calls answer what their schemas say, and nothing is dropped', async () => {
    const calls: [string, string, unknown][] = [
      ['POST', '/api/v1/overrides', { mode: 'paused', host_id: seeded.hostId, reason: 'contract' }],
      ['POST', '/api/v1/remediation/disable', { selector: 'role=nothing', reason: 'typo' }],
      ['POST', '/api/v1/remediation/enable', { selector: 'role=nothing' }],
      ['POST', '/api/v1/remediation/test', { cpu_percent: 97 }],
      ['PUT', '/api/v1/integration/config', { interval_s: 20 }],
      ['POST', '/api/v1/integration/trigger', { wait_ms: 0 }],
      ['POST', '/api/v1/tokens', { name: 'contract viewer', role: 'viewer' }],
      ['POST', `/api/v1/rollouts/${seeded.rolloutId}/pause`, { reason: 'contract' }],
      ['POST', '/api/v1/budgets', { name: 'contract-fleet', max_hosts: 3 }],
      ['POST', '/api/v1/inhibitions', { name: 'contract-post', selector: 'role=web', condition: { alert_firing: { labels: { severity: 'critical' } } } }],
      // Every list of the replay filled: a firing (cpu 97), the stored action in the comparison, the baseline per rule.
      ['POST', '/api/v1/rulesets/replay', { change: { remove: ['Low Resource Utilization'] }, from: new Date(Date.now() - 3_600_000).toISOString(), baseline: true }],
    ]
    for (const [method, url, body] of calls) {
      const path = url.split('?')[0]!
      const key = `${method} ${path}`
      const res = await t.app.inject({ method: method as 'POST', url, payload: body as object, headers: { authorization: `Bearer ${t.admin}`, 'x-contract-key': key } })
      expect(res.statusCode, `${key}: ${res.body}`).toBeLessThan(300)
      const docPath = seeded.rolloutId ? path.replace(seeded.rolloutId, '{id}') : path
      const schema = doc.paths[docPath][method.toLowerCase()].responses[String(res.statusCode)].content['application/json'].schema
      const validate = validatorFor(schema)
      expect(validate(res.json()) ? [] : validate.errors, key).toEqual([])
      expect(res.json(), key).toEqual(handed.get(key))
    }
  })
})
