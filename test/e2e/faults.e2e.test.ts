import postgres from 'postgres'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { DATABASE_URL_ENV, createTestDatabase, describeWithPostgres, freePort, waitFor, type TestDatabase } from '@smartcloudops/test-support'
import { openDatabase } from '@smartcloudops/control-plane/db/client'
import { enrollHost } from '@smartcloudops/control-plane/db/queries/hosts'
import { issueAgentCredential } from '@smartcloudops/control-plane/db/queries/tokens'
import { startControlPlaneProcess, type ControlPlaneProcess } from '@smartcloudops/control-plane/test-support/control-plane-process'
import { SimAgent } from './support/sim-agent'

// Issue 9's fault suite (server side): 200 simulated agents stream decisions over real WebSockets
// to a real control-plane process on PostgreSQL while (1) the process is killed with SIGKILL and
// started again, and (2) the database refuses every connection for a while. Each agent keeps its
// events until acknowledged and re-sends them (after a retryable error, after a reconnect). In the
// end every produced event is stored exactly once.

const AGENTS = 200

describeWithPostgres('e2e faults: control-plane kill -9 and a database outage under 200 streaming agents', () => {
  let db: TestDatabase
  let sql: postgres.Sql
  /** On the cluster's admin database: a database cannot refuse connections to itself. */
  let admin: postgres.Sql
  let cp: ControlPlaneProcess
  let port: number
  const agents: SimAgent[] = []

  const produce = (rounds: number) => {
    for (let r = 0; r < rounds; r++) for (const a of agents) a.produce()
  }
  const acked = () => agents.reduce((n, a) => n + a.produced.length - a.outbox.size, 0)
  const unacked = () => agents.reduce((n, a) => n + a.outbox.size, 0)

  beforeAll(async () => {
    db = await createTestDatabase()
    sql = postgres(db.url, { max: 2, onnotice: () => {} })
    admin = postgres(process.env[DATABASE_URL_ENV]!, { max: 1, onnotice: () => {} })
    port = await freePort()
    cp = await startControlPlaneProcess(db.url, {}, port)
    // Enrolled through the product's own queries: POST /agents/enroll is rate-limited to 60 a minute.
    const setup = await openDatabase({ url: db.url, poolSize: 2 })
    try {
      for (let i = 0; i < AGENTS; i++) {
        const name = `sim-${String(i).padStart(3, '0')}`
        const host = await enrollHost(setup.db, { hostname: name, labels: {}, agentVersion: 'sim' })
        agents.push(new SimAgent(name, cp.wsUrl, await issueAgentCredential(setup.db, host.id)))
      }
    } finally {
      await setup.close()
    }
    for (const a of agents) a.start()
  }, 240_000)
  afterAll(async () => {
    for (const a of agents) a.stop()
    await cp?.kill9()
    await sql?.end({ timeout: 1 })
    await admin?.end({ timeout: 1 })
    await db?.drop()
  })

  it('stores every event exactly once across a kill -9 and a database outage', async () => {
    produce(3)
    await waitFor(() => acked() >= AGENTS, { timeoutMs: 120_000, intervalMs: 100, description: 'the fleet streaming' })

    // (1) kill -9 mid-stream; events produced while it is down wait in the outboxes.
    produce(2)
    await cp.kill9()
    produce(2)
    cp = await startControlPlaneProcess(db.url, {}, port)

    // (2) the database away while the agents are connected: every new connection refused, the
    // control plane's own connections cut.
    await waitFor(() => unacked() === 0, { timeoutMs: 180_000, intervalMs: 200, description: 'the outboxes to drain after the restart' })
    const datname = new URL(db.url).pathname.slice(1)
    await admin.unsafe(`alter database "${datname}" with allow_connections false`)
    await admin`select pg_terminate_backend(pid) from pg_stat_activity where datname = ${datname}`
    const errorsBefore = agents.reduce((n, a) => n + a.retryableErrors, 0)
    produce(2)
    await waitFor(() => agents.reduce((n, a) => n + a.retryableErrors, 0) > errorsBefore, { timeoutMs: 60_000, description: 'retryable errors during the outage' })
    await admin.unsafe(`alter database "${datname}" with allow_connections true`)
    produce(1)

    await waitFor(() => unacked() === 0, { timeoutMs: 180_000, intervalMs: 200, description: 'every outbox to drain' })
    const produced = agents.flatMap((a) => a.produced)
    const rows = await sql<{ id: string }[]>`select id from decisions where rule = 'Fault suite'`
    const stored = new Set(rows.map((r) => r.id))
    const missing = produced.filter((id) => !stored.has(id))
    const retried = agents.reduce((n, a) => n + a.retryableErrors, 0)
    const reconnects = agents.reduce((n, a) => n + a.reconnects, 0)
    // The figures the issue asks for, printed with every run.
    console.log(`faults e2e: ${AGENTS} agents, produced ${produced.length}, stored ${rows.length} (distinct ${stored.size}), missing ${missing.length}, retryable errors ${retried}, reconnects ${reconnects}`)
    expect(missing).toEqual([])
    expect(rows.length).toBe(produced.length) // nothing twice, nothing extra
    expect(reconnects).toBeGreaterThanOrEqual(AGENTS) // the kill did cut every agent off
  }, 600_000)
})
