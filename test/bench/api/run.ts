/**
 * API latency under concurrent load: p50/p99 and requests/s of GET /remediation/status,
 * GET /remediation/rules and GET /hosts/:id (drill-down), with a few hundred hosts and history seeded.
 *
 *   pnpm bench:api                      # PGlite in a temp dir
 *   DATABASE_URL=postgres://… pnpm bench:api
 *   BENCH_BACKEND=postgres pnpm bench:api   # a temporary PostgreSQL cluster of its own
 *   BENCH_HOSTS=300 BENCH_SECONDS=10 BENCH_CONNECTIONS=20 pnpm bench:api
 *   BENCH_HOSTS=10000 BENCH_SAMPLES=10 BENCH_ACTIONS=1 pnpm bench:api   # a large fleet
 *   BENCH_ONLY=drill pnpm bench:api     # the reference and the endpoints whose name contains it
 *
 * The reference row, GET /healthz (one `select 1` through the same pool, no auth), is measured in
 * the same run: the machine is shared, so compare each endpoint with it rather than with a figure
 * from another day. Hosts are spread over connection states, agent, model and rule set versions,
 * and a few overrides are active, so the status answer has something to count.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import autocannon from 'autocannon'
import { buildApp } from '@smartcloudops/control-plane/app'
import { loadConfig } from '@smartcloudops/control-plane/config'
import { openDatabase } from '@smartcloudops/control-plane/db/client'
import { runMigrations } from '@smartcloudops/control-plane/db/migrate'
import { flushLiveness, recordAcks } from '@smartcloudops/control-plane/db/queries/connections'
import { enrollHost, recordHellos } from '@smartcloudops/control-plane/db/queries/hosts'
import { createOverride } from '@smartcloudops/control-plane/db/queries/overrides'
import { ingestEvent } from '@smartcloudops/control-plane/db/queries/ingest'
import { createApiToken } from '@smartcloudops/control-plane/db/queries/tokens'
import { startTempPostgres } from '../../support/postgres'
import { ensureDefaultRuleset } from '@smartcloudops/control-plane/fleet/rules-service'

const HOSTS = Number(process.env.BENCH_HOSTS ?? 300)
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 120)
const ACTIONS = Number(process.env.BENCH_ACTIONS ?? 5)
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10)
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 20)

async function main() {
  const cluster = !process.env.DATABASE_URL && process.env.BENCH_BACKEND === 'postgres' ? await startTempPostgres() : undefined
  const url = process.env.DATABASE_URL ?? cluster?.url
  const dir = url ? undefined : mkdtempSync(join(tmpdir(), 'scops-bench-api-'))
  const database = await openDatabase({ url, dataDir: dir })
  await runMigrations(database)
  await ensureDefaultRuleset(database.db)
  const { token } = await createApiToken(database.db, { name: 'bench', role: 'viewer', createdBy: 'bench' })

  const loadAtStart = loadavg()
  const t0 = Date.now()
  const hostIds: string[] = []
  const now = Date.now()
  for (let i = 0; i < HOSTS; i++) {
    const h = await enrollHost(database.db, { hostname: `bench-${i}`, labels: { env: i % 3 === 0 ? 'prod' : 'staging', role: i % 2 ? 'web' : 'db' } })
    hostIds.push(h.id)
    const samples = Array.from({ length: SAMPLES }, (_, k) => ({
      ts: now - (SAMPLES - k) * 30_000,
      metrics: { cpu_percent: (i + k) % 100, memory_percent: 50, ml_anomaly_score: ((i * k) % 100) / 100, ml_confidence: 0.9 },
    }))
    await ingestEvent(database.db, h.id, `bench-m-${i}`, { type: 'metrics.batch', payload: { samples } })
    for (let a = 0; a < ACTIONS; a++) {
      await ingestEvent(database.db, h.id, `bench-a-${i}-${a}`, {
        type: 'action.finished',
        payload: {
          action_id: `bench-act-${i}-${a}`,
          decision_id: `bench-dec-${i}-${a}`,
          rule: 'High CPU Usage',
          type: 'scale_up',
          ok: a % 4 !== 0,
          retryable: false,
          started_at: now - a * 60_000,
          finished_at: now - a * 60_000 + 1500,
        },
      })
    }
  }
  // Two thirds of the hosts said hello (three agent versions, two models), a seventh of those went
  // stale, half acknowledged the rule set; one group paused, one host in dry-run.
  const live = hostIds.filter((_, i) => i % 3 !== 0)
  for (let i = 0; i < live.length; i += 1000) {
    const batch = live.slice(i, i + 1000)
    await recordHellos(
      database.db,
      new Map(batch.map((id, k) => [id, { agent_version: `1.${(i + k) % 3}.0`, protocol_versions: [1], hostname: id, labels: {}, capabilities: { actions: [], collectors: [] }, facts: { os: 'linux', arch: 'x64', kernel: '6', cpus: 2, memory_bytes: 1 }, monitoring: true, model_version: (i + k) % 2 ? 'm-1' : 'm-2' }])),
      'bench',
    )
    await flushLiveness(database.db, 'bench', batch.filter((_, k) => (i + k) % 7 === 0).map((id) => ({ id, state: 'stale' as const })))
    await recordAcks(database.db, new Map(batch.filter((_, k) => (i + k) % 2 === 0).map((id) => [id, { revision: 1, applied: true, ruleset_version: 1 }])))
  }
  await createOverride(database.db, { scope: 'group', selector: { env: 'prod', role: 'db' }, requirements: null, mode: 'paused', reason: 'bench', author: 'bench' })
  await createOverride(database.db, { scope: 'host', selector: { host_id: hostIds[1]! }, requirements: null, mode: 'dry_run', reason: 'bench', author: 'bench' })
  const seedMs = Date.now() - t0

  const config = loadConfig({}, { port: 0, rateLimitPerMinute: 10_000_000, dataDir: dir ?? 'memory://', logLevel: 'silent' })
  const app = await buildApp(config, { database })
  const base = await app.listen({ host: '127.0.0.1', port: 0 })
  const headers = { authorization: `Bearer ${token}` }

  const scenarios: { name: string; path: string; vary?: boolean }[] = [
    { name: 'reference: GET /healthz (select 1)', path: '/healthz' },
    { name: 'GET /remediation/status', path: '/api/v1/remediation/status' },
    { name: 'GET /remediation/rules', path: '/api/v1/remediation/rules' },
    { name: 'GET /hosts/:id (drill-down)', path: '/api/v1/hosts/', vary: true },
  ]
  const only = process.env.BENCH_ONLY
  const results = []
  for (const s of scenarios.filter((s, i) => i === 0 || !only || s.name.includes(only))) {
    let n = 0
    const r = await autocannon({
      url: base,
      connections: CONNECTIONS,
      duration: SECONDS,
      headers,
      requests: [
        {
          method: 'GET',
          setupRequest: (req) => ({ ...req, path: s.vary ? `${s.path}${hostIds[n++ % hostIds.length]}` : s.path }),
        },
      ],
    })
    results.push({
      endpoint: s.name,
      p50_ms: r.latency.p50,
      p99_ms: r.latency.p99,
      req_per_s: Math.round(r.requests.average),
      requests: r.requests.total,
      non_2xx: r.non2xx,
      errors: r.errors,
    })
  }
  // autocannon drops its connections mid-request when time is up; their handlers still run. Let
  // them finish before the database closes under them (postgres.js would open fresh connections
  // for their next queries during its shutdown, and the process would never exit).
  await new Promise((resolve) => setTimeout(resolve, 2000))
  await app.close()
  await database.close()
  await cluster?.stop()
  if (dir) rmSync(dir, { recursive: true, force: true })

  const meta = { load_average_start: loadAtStart, load_average_end: loadavg(), backend: database.kind, hosts: HOSTS, samples_per_host: SAMPLES, actions_per_host: ACTIONS, seconds: SECONDS, connections: CONNECTIONS, seed_ms: seedMs, node: process.version }
  console.log(`\nAPI latency (${meta.backend}, ${HOSTS} hosts × ${SAMPLES} samples + ${ACTIONS} actions, ${CONNECTIONS} connections, ${SECONDS}s each)\n`)
  const ref = results[0]!
  console.log('| endpoint | p50 ms | p99 ms | req/s | non-2xx | p99 / reference p99 |')
  console.log('|---|---:|---:|---:|---:|---:|')
  for (const r of results) console.log(`| ${r.endpoint} | ${r.p50_ms} | ${r.p99_ms} | ${r.req_per_s} | ${r.non_2xx} | ${(r.p99_ms / ref.p99_ms).toFixed(2)} |`)
  console.log(`\nload average (1, 5, 15 min): ${loadAtStart.map((l) => l.toFixed(1)).join(' ')} at start, ${loadavg().map((l) => l.toFixed(1)).join(' ')} at end`)
  const outDir = join(import.meta.dirname, '..', 'results')
  mkdirSync(outDir, { recursive: true })
  writeFileSync(join(outDir, `api-${meta.backend}.json`), JSON.stringify({ meta, results }, null, 2))
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
