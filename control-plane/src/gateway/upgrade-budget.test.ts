import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { openDatabase, type Database } from '../db/client'
import { runMigrations } from '../db/migrate'
import { agentConnector, refusedUpgrade } from '../../test-support/connect'
import { createTestApp, type TestApp } from '../../test-support/test-app'

// Issue 9: failed authentications at the agents' WebSocket upgrade share the API's budget per
// address, so a flood of made-up credentials is refused with 429 before it costs a database lookup.

describe('WebSocket upgrade under the failed-authentication budget', () => {
  let database: Database
  let t: TestApp
  let wsUrl: string

  beforeAll(async () => {
    database = await openDatabase({ dataDir: 'memory://' })
    await runMigrations(database)
    t = await createTestApp(database, { authFailuresPerMinute: 3 })
    wsUrl = `${(await t.app.listen({ host: '127.0.0.1', port: 0 })).replace(/^http/, 'ws')}/api/v1/agent/ws`
  })
  afterAll(async () => {
    await t.app.close()
    await database.close()
  })

  test('past the budget a bad credential gets 429 without a lookup; within it, a valid agent connects', async () => {
    const token = (await t.call('POST', '/api/v1/enrollment-tokens', { name: 'budget', max_uses: 5 })).json.data.token
    const c = agentConnector(t, wsUrl, () => token)
    // Within the budget (nothing failed yet) a real agent connects.
    const good = await c.connect('budget-1')
    expect(good.welcome.payload.host_id).toBe(good.host_id)

    const counters = t.app.authLimiter.counters
    const lookupsBefore = counters.lookups_total
    for (let i = 0; i < 3; i++) expect((await refusedUpgrade(wsUrl, `scops_agt_made_up_${i}`)).status).toBe(401)
    expect(counters.lookups_total - lookupsBefore).toBe(3)

    for (let i = 0; i < 20; i++) {
      const r = await refusedUpgrade(wsUrl, `scops_agt_flood_${i}`)
      expect(r).toMatchObject({ status: 429, body: { status: 'error', error: { code: 'auth_rate_limited' } } })
    }
    // The flood cost no database lookups.
    expect(counters.lookups_total - lookupsBefore).toBe(3)
    // The API's budget is the same one: this address is refused there too, before any lookup.
    expect((await t.call('GET', '/api/v1/hosts', undefined, 'scops_adm_made_up')).status).toBe(429)
    c.closeAll()
  })
})
