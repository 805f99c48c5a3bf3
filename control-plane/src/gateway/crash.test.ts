import { afterAll, beforeAll, expect, test } from 'vitest'
import { createTestDatabase, describeWithPostgres, waitFor } from '@smartcloudops/test-support'
import { openDatabase, type Database } from '../db/client'
import { runMigrations } from '../db/migrate'
import { agentConnector } from '../../test-support/connect'
import { startControlPlaneProcess, type ControlPlaneProcess } from '../../test-support/control-plane-process'
import { FakeAgent, helloPayload } from '../../test-support/fake-agent'
import { createTestApp, type TestApp } from '../../test-support/test-app'

// Issue 9: after a control plane dies (kill -9) its hosts must not stay "online". Two replicas on
// one PostgreSQL: A is a real child process (killed with SIGKILL), B runs in this process. B's
// sweep must leave A's hosts alone while A lives, and mark them offline once A is gone.

describeWithPostgres('connection state across a replica crash (PostgreSQL, kill -9)', () => {
  let drop: () => Promise<void>
  let database: Database
  let b: TestApp
  let a: ControlPlaneProcess
  const agents: FakeAgent[] = []

  beforeAll(async () => {
    const t = await createTestDatabase()
    drop = t.drop
    database = await openDatabase({ url: t.url, poolSize: 3 })
    await runMigrations(database)
    b = await createTestApp(database)
    await b.app.listen({ host: '127.0.0.1', port: 0 })
    a = await startControlPlaneProcess(t.url, { SCOPS_HEARTBEAT_INTERVAL_S: '1' })
  }, 120_000)
  afterAll(async () => {
    for (const ag of agents) ag.close()
    await a?.kill9()
    await b?.app.close()
    await database?.close()
    await drop?.()
  })

  const stateOf = async (hostId: string) => (await b.call('GET', `/api/v1/hosts/${hostId}`)).json.data.connection_state as string
  const sweepsOfA = async () => {
    const res = await fetch(`${a.url}/api/v1/integration/health`, { headers: { authorization: `Bearer ${a.adminToken}` } })
    return ((await res.json()) as { data: { gateway: { liveness_sweeps_total: number } } }).data.gateway.liveness_sweeps_total
  }
  /** Heartbeats like a real agent (every half interval), so its replica keeps it online. */
  const beating = (agent: FakeAgent) => {
    const timer = setInterval(() => agent.send('heartbeat', { uptime_s: 1, monitoring: true, outbox_depth: 0 }), 500)
    agent.ws.once('close', () => clearInterval(timer))
  }

  test("a killed replica's hosts go offline; the live replica's hosts stay online", async () => {
    const token = (await b.call('POST', '/api/v1/enrollment-tokens', { name: 'crash', max_uses: 10 })).json.data.token
    const bWs = `ws://127.0.0.1:${(b.app.server.address() as { port: number }).port}/api/v1/agent/ws`
    const onB = await agentConnector(b, bWs, () => token).connect('crash-on-b')
    agents.push(onB.agent)
    beating(onB.agent)
    const enrolled = (await b.call('POST', '/api/v1/agents/enroll', { token, hostname: 'crash-on-a' }, null)).json.data as { host_id: string; credential: string }
    const onA = await FakeAgent.connect(a.wsUrl, enrolled.credential)
    agents.push(onA)
    onA.send('hello', helloPayload('crash-on-a'))
    await onA.next('desired_state')
    beating(onA)

    // Both replicas sweep every second; once A has swept more often than the expiry span, neither
    // has marked the other's host offline.
    const start = await sweepsOfA()
    await waitFor(async () => (await sweepsOfA()) >= start + 7, { timeoutMs: 60_000, intervalMs: 200, description: 'seven sweeps of replica A' })
    expect(await stateOf(enrolled.host_id)).toBe('online')
    expect(await stateOf(onB.host_id)).toBe('online')

    await a.kill9()
    // Before the fix the row said "online" for ever: nothing was left to say otherwise.
    await waitFor(async () => (await stateOf(enrolled.host_id)) === 'offline', { timeoutMs: 30_000, intervalMs: 200, description: "the killed replica's host to go offline" })
    expect(b.app.gateway.counters.hosts_expired_total).toBe(1)
    expect(await stateOf(onB.host_id)).toBe('online')
  }, 120_000)
})
