/**
 * Fleet fan-out: N simulated agents hold WebSocket connections to one control plane; a fleet-wide
 * pause is posted through the API; we measure how long until 99% (and 100%) of the agents have
 * received the new desired state and sent their acknowledgement, and until the server has recorded
 * 99% of those acks.
 *
 *   pnpm bench:fanout                    # N = 1000 and 5000, PGlite
 *   BENCH_AGENTS=1000,5000 DATABASE_URL=postgres://… pnpm bench:fanout
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import WebSocket from 'ws'
import { encodeAgentMessage } from '@smartcloudops/shared/protocol/codec'
import { buildApp } from '@smartcloudops/control-plane/app'
import { generateToken, hashToken, newId } from '@smartcloudops/control-plane/auth/tokens'
import { loadConfig } from '@smartcloudops/control-plane/config'
import { openDatabase, type Database } from '@smartcloudops/control-plane/db/client'
import { runMigrations } from '@smartcloudops/control-plane/db/migrate'
import { createApiToken } from '@smartcloudops/control-plane/db/queries/tokens'
import { agentCredentials, hosts } from '@smartcloudops/control-plane/db/schema/index'
import { ensureDefaultRuleset } from '@smartcloudops/control-plane/fleet/rules-service'

const SIZES = (process.env.BENCH_AGENTS ?? '1000,5000').split(',').map(Number)

interface SimAgent {
  ws: WebSocket
  pausedAckAt?: number
}

function hello(i: number) {
  return encodeAgentMessage('hello', {
    agent_version: 'bench',
    protocol_versions: [1],
    hostname: `fan-${i}`,
    labels: { bench: 'fanout' },
    capabilities: { actions: ['send_alert'], collectors: ['cpu'] },
    facts: { os: 'linux', arch: 'x64', kernel: 'bench', cpus: 1, memory_bytes: 1 },
    monitoring: true,
  })
}

/** Hosts and credentials in bulk (enrolling 5,000 agents through the API is not what is measured). */
async function seed(database: Database, n: number): Promise<string[]> {
  const creds: string[] = []
  for (let i = 0; i < n; i += 500) {
    const rows = Array.from({ length: Math.min(500, n - i) }, (_, k) => ({ id: newId('host'), hostname: `fan-${i + k}`, labels: { bench: 'fanout' } }))
    const cs = rows.map(() => generateToken('agent'))
    await database.db.insert(hosts).values(rows)
    await database.db.insert(agentCredentials).values(rows.map((r, k) => ({ id: newId('cred'), hostId: r.id, tokenHash: hashToken(cs[k]!) })))
    creds.push(...cs)
  }
  return creds
}

async function connectAll(url: string, creds: string[], onPaused: (a: SimAgent) => void): Promise<SimAgent[]> {
  const agents: SimAgent[] = []
  let next = 0
  // Connect in waves so the benchmark measures fan-out, not a connection storm.
  const worker = async () => {
    while (next < creds.length) {
      const i = next++
      await new Promise<void>((resolve, reject) => {
        const ws = new WebSocket(url, { headers: { authorization: `Bearer ${creds[i]}` }, perMessageDeflate: false })
        const agent: SimAgent = { ws }
        ws.on('message', (data) => {
          const m = JSON.parse(data.toString()) as { type: string; payload: { revision: number; ruleset: { version: number }; override: { mode: string } } }
          if (m.type !== 'desired_state') return
          ws.send(encodeAgentMessage('desired_state.ack', { revision: m.payload.revision, ruleset_version: m.payload.ruleset.version, applied: true }))
          if (m.payload.override.mode === 'paused' && agent.pausedAckAt === undefined) {
            agent.pausedAckAt = performance.now()
            onPaused(agent)
          } else resolve()
        })
        ws.once('open', () => ws.send(hello(i)))
        ws.once('error', reject)
        agents.push(agent)
      })
    }
  }
  await Promise.all(Array.from({ length: 50 }, worker))
  return agents
}

async function runOne(n: number) {
  const dir = process.env.DATABASE_URL ? undefined : mkdtempSync(join(tmpdir(), 'scops-bench-fanout-'))
  const database = await openDatabase({ url: process.env.DATABASE_URL, dataDir: dir })
  await runMigrations(database)
  await ensureDefaultRuleset(database.db)
  const { token } = await createApiToken(database.db, { name: 'bench', role: 'operator', createdBy: 'bench' })
  const creds = await seed(database, n)
  const config = loadConfig({}, { port: 0, dataDir: dir ?? 'memory://', logLevel: 'silent', heartbeatIntervalS: 3600 })
  const app = await buildApp(config, { database })
  const base = await app.listen({ host: '127.0.0.1', port: 0 })

  let paused = 0
  let resolveAll: () => void = () => {}
  const allPaused = new Promise<void>((r) => (resolveAll = r))
  const c0 = performance.now()
  const agents = await connectAll(`${base.replace(/^http/, 'ws')}/api/v1/agent/ws`, creds, () => {
    if (++paused === n) resolveAll()
  })
  const connectS = (performance.now() - c0) / 1000

  const t0 = performance.now()
  const res = await fetch(`${base}/api/v1/remediation/disable`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ reason: 'fan-out benchmark' }),
  })
  if (res.status !== 201) throw new Error(`disable answered ${res.status}: ${await res.text()}`)
  const apiMs = performance.now() - t0
  await Promise.race([allPaused, new Promise((r) => setTimeout(r, 120_000).unref())])
  const times = agents.map((a) => (a.pausedAckAt ?? Infinity) - t0).sort((a, b) => a - b)
  const q = (p: number) => times[Math.min(times.length - 1, Math.ceil(p * times.length) - 1)]!

  // Server side: until 99% of the acks of the paused snapshot are recorded in the database.
  const target = Math.ceil(n * 0.99)
  let serverMs = NaN
  for (;;) {
    const rows = await database.query<{ n: number; rev: string }>(
      `select count(*)::int as n, max(desired_revision)::text as rev from hosts where applied_revision = desired_revision and decommissioned_at is null`,
    )
    if (rows[0]!.n >= target) {
      serverMs = performance.now() - t0
      break
    }
    if (performance.now() - t0 > 120_000) break
    await new Promise((r) => setTimeout(r, 20))
  }
  for (const a of agents) a.ws.terminate()
  await app.close()
  await database.close()
  if (dir) rmSync(dir, { recursive: true, force: true })
  return {
    agents: n,
    backend: database.kind,
    connect_s: Number(connectS.toFixed(1)),
    api_ms: Number(apiMs.toFixed(1)),
    p50_ms: Number(q(0.5).toFixed(1)),
    p99_ms: Number(q(0.99).toFixed(1)),
    all_ms: Number(q(1).toFixed(1)),
    server_99_recorded_ms: Number(serverMs.toFixed(1)),
    missing: times.filter((t) => t === Infinity).length,
  }
}

async function main() {
  const results = []
  for (const n of SIZES) results.push(await runOne(n))
  console.log('\nFleet fan-out: fleet-wide pause → agents acknowledge the new desired state\n')
  console.log('| agents | backend | connect s | API call ms | p50 ack ms | 99% ack ms | 100% ack ms | 99% recorded ms | missing |')
  console.log('|---:|---|---:|---:|---:|---:|---:|---:|---:|')
  for (const r of results) {
    console.log(`| ${r.agents} | ${r.backend} | ${r.connect_s} | ${r.api_ms} | ${r.p50_ms} | ${r.p99_ms} | ${r.all_ms} | ${r.server_99_recorded_ms} | ${r.missing} |`)
  }
  const outDir = join(import.meta.dirname, '..', 'results')
  mkdirSync(outDir, { recursive: true })
  writeFileSync(join(outDir, 'fanout.json'), JSON.stringify({ node: process.version, results }, null, 2))
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
