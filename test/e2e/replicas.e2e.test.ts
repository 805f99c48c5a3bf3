import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pino from 'pino'
import postgres from 'postgres'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { createTestDatabase, describeWithPostgres, waitFor, type TestDatabase } from '@smartcloudops/test-support'
import type { DesiredState } from '@smartcloudops/shared'
import { encodeAgentMessage } from '@smartcloudops/shared/protocol/codec'
import type { Envelope } from '@smartcloudops/shared'
import { AgentLink } from '@smartcloudops/agent/link/connection'
import { Outbox } from '@smartcloudops/agent/link/outbox'
import { FileStateStore } from '@smartcloudops/agent/state/file-store'
import { openDatabase } from '@smartcloudops/control-plane/db/client'
import { runMigrations } from '@smartcloudops/control-plane/db/migrate'
import { ensureDefaultRuleset } from '@smartcloudops/control-plane/fleet/rules-service'
import { ensureAdminToken } from '@smartcloudops/control-plane/db/queries/tokens'
import { Api } from './support/control-plane'
import { startControlPlaneProcess, type ControlPlaneProcess } from './support/control-plane-process'

// Three control-plane replicas (real processes) on one PostgreSQL, and agents running the real
// link (agent/src/link) given all three URLs, as an operator deploys it. What a user notices:
// the agents spread over the replicas; a fleet pause made through any replica reaches every agent;
// when one replica is killed (SIGKILL) its agents move to the others within the reconnect bound
// (30 s, issue 15) and stay paused; what they recorded meanwhile is stored exactly once; every
// host is shown online, owned by a live replica, with its latest snapshot acknowledged; a resume
// through the third replica reaches everyone. Fixed seed: the same agents land on the same
// replicas on every run.

const N = 24
const RECONNECT_BOUND_MS = 30_000

/** mulberry32: a seeded random source per agent (its first replica and its backoff jitter). */
function seeded(seed: number): () => number {
  let a = seed
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

interface Agent {
  name: string
  link: AgentLink
  outbox: Outbox
  applied: DesiredState[]
  dir: string
}

function alertEvent(n: number): Envelope {
  const payload = { alert_id: `alert_${String(n).padStart(8, '0')}`, severity: 'info' as const, summary: `replica failover ${n}`, raised_at: Date.now() }
  return JSON.parse(encodeAgentMessage('alert', payload)) as Envelope
}

describeWithPostgres('three control-plane replicas: spread, pause through any, kill one', () => {
  let db: TestDatabase
  let sql: postgres.Sql
  const replicas: ControlPlaneProcess[] = []
  const agents: Agent[] = []
  const adminToken = `scops_adm_${'r'.repeat(40)}`

  beforeAll(async () => {
    db = await createTestDatabase()
    // Migrated and seeded once here, so the three processes start side by side on a ready schema.
    const database = await openDatabase({ url: db.url, poolSize: 2 })
    await runMigrations(database)
    await ensureDefaultRuleset(database.db)
    await ensureAdminToken(database.db, adminToken)
    await database.close()
    sql = postgres(db.url, { max: 1, onnotice: () => {} })
    const env = { SCOPS_HEARTBEAT_INTERVAL_S: '2', SCOPS_RATE_LIMIT_PER_MINUTE: '100000' }
    replicas.push(...(await Promise.all([0, 1, 2].map(() => startControlPlaneProcess({ databaseUrl: db.url, adminToken, env })))))

    const urls = replicas.map((r) => r.url)
    const token = await new Api(urls[0]!, adminToken).post<{ token: string }>('/enrollment-tokens', { name: 'replicas', max_uses: N, expires_in: '1h' })
    const log = pino({ level: 'silent' })
    for (let i = 0; i < N; i++) {
      const dir = mkdtempSync(join(tmpdir(), 'scops-replicas-'))
      const outbox = Outbox.open(join(dir, 'outbox'))
      const applied: DesiredState[] = []
      const name = `replica-host-${i}`
      const link = new AgentLink({
        controlPlaneUrls: urls,
        store: new FileStateStore(dir),
        hostname: name,
        labels: {},
        agentVersion: '0.0.0-test',
        enrollmentToken: token.token,
        outbox,
        log,
        reconnect: { random: seeded(1000 + i) },
        handlers: {
          hello: () => ({
            agent_version: '0.0.0-test',
            protocol_versions: [1],
            hostname: name,
            labels: {},
            capabilities: { actions: ['send_alert'], collectors: [] },
            facts: { os: 'Linux', arch: 'x64', kernel: '6', cpus: 2, memory_bytes: 1 },
            monitoring: true,
          }),
          heartbeat: () => ({ uptime_s: 1, monitoring: true }),
          current: () => (applied.length ? { revision: applied.at(-1)!.revision, ruleset_version: applied.at(-1)!.ruleset.version } : null),
          desiredState: async (s) => {
            applied.push(s)
            return { applied: true }
          },
          command: async () => ({ ok: true }),
        },
      })
      link.init()
      void link.start()
      agents.push({ name, link, outbox, applied, dir })
    }
  }, 180_000)

  afterAll(async () => {
    await Promise.all(agents.map((a) => a.link.stop()))
    for (const a of agents) {
      a.outbox.close()
      rmSync(a.dir, { recursive: true, force: true })
    }
    await Promise.all(replicas.map((r) => r.kill('SIGTERM')))
    await sql?.end({ timeout: 1 })
    await db?.drop()
  }, 60_000)

  const mode = (a: Agent) => a.applied.at(-1)?.override.mode
  const on = (url: string) => agents.filter((a) => a.link.connected && a.link.controlPlaneUrl === url)

  test('agents spread over three replicas; a pause through one reaches all; a killed replica’s agents move and stay paused', async () => {
    const [a, b, c] = replicas as [ControlPlaneProcess, ControlPlaneProcess, ControlPlaneProcess]
    await waitFor(() => agents.every((x) => x.link.connected && mode(x) === 'enabled'), { timeoutMs: 60_000, description: 'every agent connected with its first snapshot' })
    const spread = replicas.map((r) => on(r.url).length)
    expect(spread.reduce((s, n) => s + n, 0)).toBe(N)
    for (const n of spread) expect(n).toBeGreaterThan(0)

    // A fleet pause through replica B reaches the agents on A and C too (LISTEN/NOTIFY).
    await new Api(b.url, adminToken).post('/remediation/disable', { reason: 'replicas e2e' })
    await waitFor(() => agents.every((x) => mode(x) === 'paused'), { timeoutMs: 30_000, description: 'every agent paused' })
    const pausedRevision = new Map(agents.map((x) => [x.name, x.applied.at(-1)!.revision]))

    // Replica C dies without a goodbye.
    const moving = on(c.url)
    const k0 = Date.now()
    c.child.kill('SIGKILL')
    expect(await c.exited).toBeNull()
    // What the moving agents record while they have no control plane is delivered after the move.
    moving.forEach((x, i) => x.outbox.append(alertEvent(i)))
    moving.forEach((x) => x.link.pump())
    await waitFor(() => moving.every((x) => x.link.connected && x.link.controlPlaneUrl !== c.url), {
      timeoutMs: RECONNECT_BOUND_MS,
      intervalMs: 20,
      description: `the ${moving.length} agents of the killed replica on the others within ${RECONNECT_BOUND_MS / 1000} s`,
    })
    const movedMs = Date.now() - k0
    console.log(`replicas e2e: ${N} agents spread ${spread.join('/')}; ${moving.length} moved off the killed replica in ${movedMs} ms`)
    expect(on(a.url).length + on(b.url).length).toBe(N)
    // They are still paused: the new replica's snapshot is the pause again, never an older one.
    await waitFor(() => moving.every((x) => x.applied.length > 0 && x.link.connected), { description: 'snapshots after the move' })
    for (const x of agents) {
      expect(mode(x)).toBe('paused')
      expect(x.applied.at(-1)!.revision).toBeGreaterThanOrEqual(pausedRevision.get(x.name)!)
    }
    await waitFor(() => moving.every((x) => x.outbox.depth === 0), { timeoutMs: 15_000, description: 'the events recorded during the move acknowledged' })
    const [stored] = await sql<{ n: number; distinct_ids: number }[]>`select count(*)::int as n, count(distinct id)::int as distinct_ids from ingested_events where type = 'alert'`
    expect(stored).toEqual({ n: moving.length, distinct_ids: moving.length })

    // The database agrees: every host online on a live replica, with its latest snapshot acknowledged.
    await waitFor(
      async () => {
        const rows = await sql<{ online: number; on_live: number; acked: number }[]>`
          select count(*) filter (where connection_state = 'online')::int as online,
                 count(distinct connected_replica)::int as on_live,
                 count(*) filter (where applied_revision = desired_revision)::int as acked
            from hosts where decommissioned_at is null`
        return rows[0]!.online === N && rows[0]!.acked === N && rows[0]!.on_live === 2
      },
      { timeoutMs: 15_000, description: 'every host online on the two live replicas, latest snapshot acknowledged' },
    )
    const hosts = await new Api(a.url, adminToken).get<{ hosts: Array<{ connection_state: string }> }>('/hosts?limit=100')
    expect(hosts.hosts.filter((h) => h.connection_state === 'online')).toHaveLength(N)

    // Resumed through replica A: reaches every agent, on both survivors.
    await new Api(a.url, adminToken).post('/remediation/enable', {})
    await waitFor(() => agents.every((x) => mode(x) === 'enabled'), { timeoutMs: 30_000, description: 'every agent resumed' })
  }, 150_000)
})
