import { afterAll, beforeAll, expect, test } from 'vitest'
import { createTestDatabase, describeWithPostgres } from '@smartcloudops/test-support'
import { openDatabase, type Database } from '../db/client'
import { runMigrations } from '../db/migrate'
import { FakeAgent, helloPayload } from '../../test-support/fake-agent'
import { createTestApp, type TestApp } from '../../test-support/test-app'

describeWithPostgres('two replicas on one PostgreSQL', () => {
  let drop: () => Promise<void>
  let dbA: Database
  let dbB: Database
  let a: TestApp
  let b: TestApp
  let wsB: string
  const agents: FakeAgent[] = []

  beforeAll(async () => {
    const t = await createTestDatabase()
    drop = t.drop
    dbA = await openDatabase({ url: t.url, poolSize: 3 })
    dbB = await openDatabase({ url: t.url, poolSize: 3 })
    await Promise.all([runMigrations(dbA), runMigrations(dbB)])
    a = await createTestApp(dbA)
    b = await createTestApp(dbB)
    await a.app.listen({ host: '127.0.0.1', port: 0 })
    wsB = `${(await b.app.listen({ host: '127.0.0.1', port: 0 })).replace(/^http/, 'ws')}/api/v1/agent/ws`
  })
  afterAll(async () => {
    for (const ag of agents) ag.close()
    await a.app.close()
    await b.app.close()
    await dbA.close()
    await dbB.close()
    await drop()
  })

  test('a pause made through replica A reaches an agent connected to replica B (LISTEN/NOTIFY)', async () => {
    const tok = (await a.call('POST', '/api/v1/enrollment-tokens', { name: 'r', max_uses: 1 })).json.data.token
    const enr = (await a.call('POST', '/api/v1/agents/enroll', { token: tok, hostname: 'rep-1' }, null)).json.data
    const agent = await FakeAgent.connect(wsB, enr.credential)
    agents.push(agent)
    agent.send('hello', helloPayload('rep-1'))
    const first = await agent.next('desired_state')
    expect(first.payload.override.mode).toBe('enabled')
    expect((await a.call('POST', '/api/v1/remediation/disable', { reason: 'from A' }, a.operator)).status).toBe(201)
    const paused = await agent.next('desired_state', (m) => m.payload.override.mode === 'paused')
    expect(paused.payload.revision).toBeGreaterThan(first.payload.revision)
    expect(paused.payload.override.reason).toBe('from A')
  })
})
