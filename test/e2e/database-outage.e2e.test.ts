import { mkdtempSync, rmSync } from 'node:fs'
import { randomBytes } from 'node:crypto'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import postgres from 'postgres'
import { afterAll, expect, it } from 'vitest'
import { describeWithPostgres, freePort, startTempPostgres, waitFor, type TempPostgres } from '@smartcloudops/test-support'
import { agentProcess, dockerSocketPath, type AgentProcess } from './support/agent-process'
import { startControlPlane, type ControlPlane } from './support/control-plane'
import { pushRules } from './support/scenario'

// Issue 9, "delivery that never stalls": a real agent process streams to a real control plane on
// a PostgreSQL server this test owns; the server is stopped for ~60 s (60 agent cycles) while the
// agent keeps its WebSocket. The gateway answers every event with server_error meanwhile. Once the
// database is back, every event the agent recorded must be stored within 30 s, exactly once, on the
// SAME connection (the old agent kept refused events in flight and sent nothing until a reconnect).

const OUTAGE_CYCLES = 60
const CATCH_UP_MS = 30_000

const cleanup: Array<() => Promise<void> | void> = []
afterAll(async () => {
  for (const c of cleanup.reverse()) await c()
}, 120_000)

describeWithPostgres('e2e PostgreSQL outage while an agent streams', () => {
  let pg: TempPostgres
  let cp: ControlPlane
  let agent: AgentProcess

  it('delivers everything within 30 s of the database coming back, without a reconnect, each event once', async () => {
    const runId = randomBytes(4).toString('hex')
    pg = await startTempPostgres()
    cleanup.push(() => pg.stop())
    const dataDir = mkdtempSync(join(tmpdir(), 'scops-e2e-outage-'))
    cleanup.push(() => rmSync(dataDir, { recursive: true, force: true }))
    // Quiet: every refused event during the outage is an error line of the gateway, on purpose.
    cp = await startControlPlane({ port: await freePort(), dataDir, databaseUrl: pg.url, logLevel: 'fatal' })
    cleanup.push(() => cp.stop())
    await pushRules(cp, [
      // Holds on every sample: a decision, an action and an alert every cycle (1 s), plus metrics.
      { name: 'Outage stream (e2e)', conditions: [{ metric: 'memory_percent', operator: 'gt', threshold: 0.01 }], actions: [{ type: 'send_alert', params: { severity: 'info', message: 'outage test' } }], priority: 3, cooldown: '1s' },
    ])
    const token = await cp.api.enrollmentToken(`outage-${runId}`)
    agent = agentProcess({
      control_plane_url: cp.url,
      enrollment_token: token,
      hostname: `outage-${runId}`,
      interval: '1s',
      buffer_size: 2,
      docker_socket: dockerSocketPath(),
      log_level: 'debug',
      policy: { actions: { send_alert: {} } },
    })
    cleanup.push(async () => {
      await agent.kill('SIGKILL')
      rmSync(join(agent.stateDir, '..'), { recursive: true, force: true })
    })
    const host = await waitFor(() => cp.api.hostByName(`outage-${runId}`), { timeoutMs: 90_000, description: 'the agent to enroll' })

    const recorded = () => agent.logs.filter((l) => l['msg'] === 'event recorded').map((l) => String(l['id']))
    const decisions = () => agent.logs.filter((l) => l['msg'] === 'event recorded' && l['type'] === 'decision').length
    const storedIds = async (): Promise<string[]> => {
      const sql = postgres(pg.url, { max: 1, onnotice: () => {} })
      try {
        return (await sql<{ id: string }[]>`select id from ingested_events where host_id = ${host.id}`).map((r) => r.id)
      } finally {
        await sql.end({ timeout: 1 })
      }
    }
    await waitFor(async () => (await storedIds()).length >= 5, { timeoutMs: 60_000, description: 'events stored before the outage' })

    await pg.stopServer()
    const stoppedAt = Date.now()
    const downAt = decisions()
    const refusals = () => agent.logs.filter((l) => l['code'] === 'server_error').length
    await waitFor(() => refusals() > 0, { timeoutMs: 60_000, description: 'the gateway refusing an event (server_error)' })
    await waitFor(() => decisions() >= downAt + OUTAGE_CYCLES, { timeoutMs: 240_000, intervalMs: 500, description: `${OUTAGE_CYCLES} cycles during the outage` })

    await pg.startServer()
    const backAt = Date.now()
    const produced = recorded()
    const stored = await waitFor(
      async () => {
        const ids = new Set(await storedIds())
        return produced.every((id) => ids.has(id)) ? ids : null
      },
      { timeoutMs: CATCH_UP_MS, intervalMs: 250, description: `every event recorded by the database's return to be stored (${produced.length})` },
    )
    const catchUpMs = Date.now() - backAt

    // One connection all along: the agent never reconnected to get its events through.
    expect(agent.logs.filter((l) => l['msg'] === 'connected to the control plane')).toHaveLength(1)
    expect(agent.logs.filter((l) => l['msg'] === 'disconnected from the control plane')).toHaveLength(0)
    // Each event stored once: every stored id is one the agent recorded, and no row twice.
    const all = new Set(recorded())
    expect([...stored].filter((id) => !all.has(id))).toEqual([])
    const sql = postgres(pg.url, { max: 1, onnotice: () => {} })
    cleanup.push(() => sql.end({ timeout: 1 }))
    const [dup] = await sql<{ n: number }[]>`select count(*)::int - count(distinct id)::int as n from decisions where host_id = ${host.id}`
    expect(dup!.n).toBe(0)
    const retries = refusals()
    const types = new Map<string, number>()
    for (const l of agent.logs) if (l['msg'] === 'event recorded') types.set(String(l['type']), (types.get(String(l['type'])) ?? 0) + 1)
    console.log(
      `[database outage] produced by the return: ${produced.length} events (${[...types].map(([t, n]) => `${t} ${n}`).join(', ')} in all); ` +
        `stored: ${stored.size}, all within ${catchUpMs} ms of the database's return; refusals seen by the agent: ${retries}; connections: 1; outage: ${backAt - stoppedAt} ms`,
    )
  }, 420_000)
})
