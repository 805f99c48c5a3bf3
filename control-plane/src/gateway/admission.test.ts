import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { waitFor } from '@smartcloudops/test-support'
import { openDatabase, type Database } from '../db/client'
import { runMigrations } from '../db/migrate'
import { agentConnector, refusedUpgrade } from '../../test-support/connect'
import { FakeAgent, helloPayload } from '../../test-support/fake-agent'
import { createTestApp, type TestApp } from '../../test-support/test-app'
import { Admission } from './admission'

// Issue 15: in a reconnect storm a replica admits a bounded number of agents between upgrade and
// welcome; the others are told when to come back (503 + Retry-After) instead of waiting in a
// queue until their handshake times out.

describe('Admission (pure)', () => {
  test('bounds connections in flight; a slot comes back on welcome or on close, once', () => {
    const a = new Admission(2, 60, () => 0)
    const s1 = a.enter()
    const s2 = a.enter()
    // Nothing welcomed yet (assumed 1/s): the 2 in flight and this refusal take 3 s.
    expect(a.enter()).toEqual({ retryAfterS: 3 })
    if (!('release' in s1) || !('release' in s2)) throw new Error('expected slots')
    s1.release(true)
    s1.release(false) // idempotent: not two slots back
    expect(a.pending).toBe(1)
    expect('release' in a.enter()).toBe(true)
    expect('retryAfterS' in a.enter()).toBe(true)
  })

  test('Retry-After is the last second’s refusals over its welcomes, within [1, max]', () => {
    let t = 0
    const a = new Admission(10, 30, () => t)
    // Second 0: 10 admitted and welcomed, 40 refused.
    const slots = Array.from({ length: 10 }, () => a.enter())
    for (let i = 0; i < 40; i++) a.enter()
    for (const s of slots) if ('release' in s) s.release(true)
    t = 1000
    // Second 1: the measured throughput is 10/s and the demand 40 + what is in flight.
    const held = Array.from({ length: 10 }, () => a.enter())
    expect(a.enter()).toEqual({ retryAfterS: 5 })
    for (const s of held) if ('release' in s) s.release(false)
    // A storm far beyond the throughput is capped at the maximum.
    for (let i = 0; i < 10; i++) a.enter()
    for (let i = 0; i < 1000; i++) a.enter()
    t = 2000
    for (let i = 0; i < 10; i++) a.enter()
    expect(a.enter()).toEqual({ retryAfterS: 30 })
  })
})

describe('the agents’ WebSocket upgrade under admission', () => {
  let database: Database
  let t: TestApp
  let wsUrl: string

  beforeAll(async () => {
    database = await openDatabase({ dataDir: 'memory://' })
    await runMigrations(database)
    t = await createTestApp(database, { maxConnectingAgents: 1 })
    wsUrl = `${(await t.app.listen({ host: '127.0.0.1', port: 0 })).replace(/^http/, 'ws')}/api/v1/agent/ws`
  })
  afterAll(async () => {
    await t.app.close()
    await database.close()
  })

  test('past the bound an agent gets 503 with Retry-After; after the first one’s welcome it connects', async () => {
    const token = (await t.call('POST', '/api/v1/enrollment-tokens', { name: 'admission', max_uses: 5 })).json.data.token
    const c = agentConnector(t, wsUrl, () => token)
    const first = await c.enroll('adm-1')
    const second = await c.enroll('adm-2')
    // The first is upgraded but has not said hello yet: it holds the only slot.
    const a1 = await FakeAgent.connect(wsUrl, first.credential)
    const refused = await refusedUpgrade(wsUrl, second.credential)
    expect(refused).toMatchObject({ status: 503, body: { status: 'error', error: { code: 'connections_throttled' } } })
    expect(String((refused.body as { error: { message: string } }).error.message)).toMatch(/retry in \d+ s/)
    a1.send('hello', helloPayload('adm-1'))
    await a1.next('welcome')
    // The slot is free again: the second agent connects and gets its snapshot.
    const a2 = await waitFor(() => FakeAgent.connect(wsUrl, second.credential).catch(() => null), { description: 'the second agent admitted' })
    a2.send('hello', helloPayload('adm-2'))
    expect((await a2.next('desired_state')).payload.host_id).toBe(second.host_id)
    a1.close()
    a2.close()
  })
})
