import { afterAll, beforeAll, expect, test } from 'vitest'
import type { RegisteredRoute } from '../../app'
import { describeEachBackend } from '../../../test-support/backends'
import { createTestApp, type TestApp } from '../../../test-support/test-app'

const rank = { viewer: 1, operator: 2, admin: 3 } as const
type Caller = 'none' | 'bad' | 'viewer' | 'operator' | 'admin' | 'agent' | 'enrollment' | 'intake'

/**
 * The route × role table, generated from the routes the app registered (so a new route cannot
 * skip it): every route, called as nobody, with a made-up token, as each role, with an agent
 * credential and with an enrollment token. A caller below the declared role gets 401/403; a caller
 * at or above it gets through authentication (whatever the handler then says of the empty input),
 * and nothing answers 5xx.
 */
describeEachBackend('route × role', (get) => {
  let t: TestApp
  let routes: RegisteredRoute[]
  const tokens: Partial<Record<Caller, string | null>> = {}

  beforeAll(async () => {
    t = await createTestApp(get(), { authFailuresPerMinute: 1_000_000 })
    await t.app.ready()
    routes = t.app.routeTable.filter((r) => (r.url.startsWith('/api/v1/') || r.url === '/healthz') && r.method !== 'HEAD' && r.method !== 'OPTIONS')
    const enr = (await t.call('POST', '/api/v1/enrollment-tokens', { name: 'table', max_uses: 5 })).json.data.token as string
    const agent = (await t.call('POST', '/api/v1/agents/enroll', { token: enr, hostname: 'table-host' }, null)).json.data.credential as string
    const intake = (await t.call('POST', '/api/v1/intake-tokens', { name: 'table' })).json.data.token as string
    Object.assign(tokens, { none: null, bad: 'scops_adm_made-up', viewer: t.viewer, operator: t.operator, admin: t.admin, agent, enrollment: enr, intake })
  })
  afterAll(async () => {
    await t.app.close()
  })

  function expected(route: RegisteredRoute, caller: Caller): 'pass' | 401 | 403 {
    if (route.role === 'public' || route.role === 'enrollment') return 'pass'
    if (route.role === 'agent') return caller === 'agent' ? 'pass' : 401
    if (route.role === 'intake') return caller === 'intake' ? 'pass' : 401
    if (caller === 'none' || caller === 'bad' || caller === 'agent' || caller === 'enrollment' || caller === 'intake') return 401
    return rank[caller] >= rank[route.role] ? 'pass' : 403
  }

  test('the table covers the API: every resource file contributed routes, each with a declared role', () => {
    expect(routes.length).toBeGreaterThan(40)
    for (const prefix of ['/api/v1/remediation/', '/api/v1/integration/', '/api/v1/hosts', '/api/v1/rulesets', '/api/v1/tokens', '/api/v1/settings', '/api/v1/models', '/api/v1/agents/']) {
      expect(routes.some((r) => r.url.startsWith(prefix)), prefix).toBe(true)
    }
  })

  test('every route answers each caller as its declared role says, and never with a 5xx', async () => {
    const failures: string[] = []
    // Reads first, then writes, deletes last: a DELETE must not remove what a later call reads.
    const order = { GET: 0, POST: 1, PUT: 1, PATCH: 1, DELETE: 2 } as Record<string, number>
    const sorted = [...routes].sort((a, b) => (order[a.method] ?? 1) - (order[b.method] ?? 1))
    for (const route of sorted) {
      const url = route.url.replace(/:[A-Za-z_]+/g, 'zz-none')
      const body = route.method === 'GET' || route.method === 'DELETE' ? undefined : {}
      for (const caller of Object.keys(tokens) as Caller[]) {
        const r = await t.call(route.method, url, body, tokens[caller])
        const want = expected(route, caller)
        const ok = r.status < 500 && (want === 'pass' ? r.status !== 401 && r.status !== 403 : r.status === want)
        if (!ok) failures.push(`${route.method} ${route.url} as ${caller}: ${r.status} (expected ${want}) ${JSON.stringify(r.json).slice(0, 160)}`)
      }
    }
    expect(failures).toEqual([])
  })
})
