/**
 * Drill-down over a large metrics history: 10,000 hosts × 30 days in the day-partitioned
 * metric_samples (PostgreSQL, generated with generate_series), beside the same rows in an
 * unpartitioned copy with today's-schema indexes (the reference), in the same run. Prints p50/p99
 * of the drill-down queries on both, the same routes through HTTP (GET /hosts/:id and
 * /hosts/:id/metrics under 20 connections), and EXPLAIN ANALYZE of the partitioned queries
 * (which partitions they touch).
 *
 *   pnpm bench:history                       # temporary PostgreSQL cluster
 *   BENCH_HISTORY_HOSTS=10000 BENCH_HISTORY_DAYS=30 BENCH_HISTORY_STEP_MIN=60 pnpm bench:history
 *   DATABASE_URL=postgres://… pnpm bench:history   # an empty database
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import autocannon from 'autocannon'
import { startTempPostgres, type TempPostgres } from '@smartcloudops/test-support'
import { buildApp } from '@smartcloudops/control-plane/app'
import { loadConfig } from '@smartcloudops/control-plane/config'
import { openDatabase, type Database } from '@smartcloudops/control-plane/db/client'
import { runMigrations } from '@smartcloudops/control-plane/db/migrate'
import { listSamples } from '@smartcloudops/control-plane/db/queries/history'
import { createApiToken } from '@smartcloudops/control-plane/db/queries/tokens'
import { ensureDefaultRuleset } from '@smartcloudops/control-plane/fleet/rules-service'
import { mulberry32 } from '../rules/random'
import { FLAT_TABLE, benchHostId, generateHistory } from './generate'

const HOSTS = Number(process.env.BENCH_HISTORY_HOSTS ?? 10_000)
const DAYS = Number(process.env.BENCH_HISTORY_DAYS ?? 30)
const STEP_MIN = Number(process.env.BENCH_HISTORY_STEP_MIN ?? 60)
const QUERIES = Number(process.env.BENCH_HISTORY_QUERIES ?? 2000)
const HTTP_SECONDS = Number(process.env.BENCH_HISTORY_HTTP_SECONDS ?? 10)
const CONNECTIONS = 20

interface Scenario {
  name: string
  /** The query's SQL on a table; $1 host, $2 limit, $3 from (or null). */
  sql: (table: string) => string
  limit: number
  hours?: number
}

const cols = 'id, host_id, ts, metrics, missing, anomaly_score, confidence, model_version, explanation'
const scenarios: Scenario[] = [
  { name: 'latest sample (GET /hosts/:id)', limit: 1, sql: (t) => `select ${cols} from ${t} where host_id = $1 order by ts desc limit $2` },
  { name: 'newest 500 (GET /hosts/:id/metrics)', limit: 500, sql: (t) => `select ${cols} from ${t} where host_id = $1 order by ts desc limit $2` },
  {
    name: 'last 24 h (…/metrics?from=)',
    limit: 500,
    hours: 24,
    sql: (t) => `select ${cols} from ${t} where host_id = $1 and ts >= $3::timestamptz order by ts desc limit $2`,
  },
]

function quantiles(ms: number[]) {
  const s = [...ms].sort((a, b) => a - b)
  const q = (p: number) => Math.round(s[Math.min(s.length - 1, Math.floor(p * s.length))]! * 100) / 100
  return { p50_ms: q(0.5), p99_ms: q(0.99), max_ms: q(1) }
}

async function timeIt(fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now()
  await fn()
  return performance.now() - t
}

/** Each iteration: one random host, the query on both tables in alternating order (same load for both). */
async function measureSql(database: Database, now: number) {
  const rng = mulberry32(15)
  const out = []
  for (const s of scenarios) {
    const part: number[] = []
    const flat: number[] = []
    const real: number[] = []
    const from = s.hours ? new Date(now - s.hours * 3_600_000) : undefined
    for (let i = 0; i < QUERIES; i++) {
      const host = benchHostId(1 + Math.floor(rng() * HOSTS))
      const params = [host, s.limit, from?.toISOString() ?? null]
      const p = s.sql('metric_samples')
      const f = s.sql(FLAT_TABLE)
      const args = s.hours ? params : params.slice(0, 2)
      if (i % 2) {
        part.push(await timeIt(() => database.query(p, args)))
        flat.push(await timeIt(() => database.query(f, args)))
      } else {
        flat.push(await timeIt(() => database.query(f, args)))
        part.push(await timeIt(() => database.query(p, args)))
      }
      // What the route runs (drizzle's listSamples), on the partitioned table.
      real.push(await timeIt(() => listSamples(database.db, { hostId: host, limit: s.limit, from })))
    }
    out.push({ query: s.name, partitioned: quantiles(part), list_samples: quantiles(real), unpartitioned: quantiles(flat) })
  }
  return out
}

async function explain(database: Database, now: number) {
  const out: Record<string, string> = {}
  for (const s of scenarios) {
    const from = s.hours ? new Date(now - s.hours * 3_600_000).toISOString() : null
    const args = s.hours ? [benchHostId(42), s.limit, from] : [benchHostId(42), s.limit]
    const rows = await database.query<{ 'QUERY PLAN': string }>(`explain (analyze, buffers, costs off, timing off, summary off) ${s.sql('metric_samples')}`, args)
    out[s.name] = rows.map((r) => r['QUERY PLAN']).join('\n')
  }
  return out
}

async function measureHttp(database: Database) {
  await ensureDefaultRuleset(database.db)
  const { token } = await createApiToken(database.db, { name: 'bench-history', role: 'viewer', createdBy: 'bench' })
  const config = loadConfig({}, { port: 0, rateLimitPerMinute: 10_000_000, dataDir: 'memory://', logLevel: 'silent' })
  const app = await buildApp(config, { database })
  const base = await app.listen({ host: '127.0.0.1', port: 0 })
  const rng = mulberry32(16)
  const results = []
  for (const [name, suffix] of [
    ['GET /hosts/:id', ''],
    ['GET /hosts/:id/metrics', '/metrics'],
  ] as const) {
    const r = await autocannon({
      url: base,
      connections: CONNECTIONS,
      duration: HTTP_SECONDS,
      headers: { authorization: `Bearer ${token}` },
      requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: `/api/v1/hosts/${benchHostId(1 + Math.floor(rng() * HOSTS))}${suffix}` }) }],
    })
    results.push({ endpoint: name, p50_ms: r.latency.p50, p99_ms: r.latency.p99, req_per_s: Math.round(r.requests.average), non_2xx: r.non2xx, errors: r.errors })
  }
  // autocannon leaves requests in flight when time is up; let them finish before closing.
  await new Promise((resolve) => setTimeout(resolve, 2000))
  await app.close()
  return results
}

async function main() {
  let temp: TempPostgres | undefined
  let url = process.env.DATABASE_URL
  if (!url) {
    temp = await startTempPostgres()
    url = temp.url
  }
  const database = await openDatabase({ url, poolSize: 10 })
  try {
    await runMigrations(database)
    const now = Date.now()
    const log = (m: string) => console.error(`[bench:history] ${m}`)
    const gen = await generateHistory(database, { hosts: HOSTS, days: DAYS, stepMinutes: STEP_MIN, now }, log)
    const [size] = await database.query<{ part: string; flat: string }>(
      `select pg_size_pretty(sum(pg_total_relation_size(c.oid))) as part, pg_size_pretty(pg_total_relation_size('${FLAT_TABLE}')) as flat
       from pg_inherits i join pg_class c on c.oid = i.inhrelid where i.inhparent = 'metric_samples'::regclass`,
    )
    const [parts] = await database.query<{ n: number }>("select count(*)::int as n from pg_inherits where inhparent = 'metric_samples'::regclass")
    log(`measuring: ${QUERIES} queries per scenario`)
    const sqlResults = await measureSql(database, now)
    const plans = await explain(database, now)
    log('measuring through HTTP')
    const http = await measureHttp(database)

    const meta = { hosts: HOSTS, days: DAYS, step_minutes: STEP_MIN, rows: gen.rows, partitions: parts!.n, size_partitioned: size!.part, size_unpartitioned: size!.flat, generate_s: gen.seconds, queries: QUERIES, node: process.version }
    console.log(`\nDrill-down over ${HOSTS} hosts × ${DAYS} days, one sample per ${STEP_MIN} min: ${gen.rows} rows in ${parts!.n} partitions (${size!.part}; unpartitioned copy ${size!.flat}), generated in ${gen.seconds} s\n`)
    console.log('| query (one random host, sequential) | partitioned p50 / p99 ms | listSamples (the route\'s query) p50 / p99 ms | unpartitioned reference p50 / p99 ms |')
    console.log('|---|---:|---:|---:|')
    for (const r of sqlResults) console.log(`| ${r.query} | ${r.partitioned.p50_ms} / ${r.partitioned.p99_ms} | ${r.list_samples.p50_ms} / ${r.list_samples.p99_ms} | ${r.unpartitioned.p50_ms} / ${r.unpartitioned.p99_ms} |`)
    console.log(`\nThrough HTTP, ${CONNECTIONS} connections, ${HTTP_SECONDS} s each, random hosts:\n`)
    console.log('| endpoint | p50 ms | p99 ms | req/s | non-2xx |')
    console.log('|---|---:|---:|---:|---:|')
    for (const r of http) console.log(`| ${r.endpoint} | ${r.p50_ms} | ${r.p99_ms} | ${r.req_per_s} | ${r.non_2xx} |`)
    for (const [name, plan] of Object.entries(plans)) console.log(`\nEXPLAIN ANALYZE, ${name}:\n${plan}`)
    const outDir = join(import.meta.dirname, '..', 'results')
    mkdirSync(outDir, { recursive: true })
    writeFileSync(join(outDir, 'history.json'), JSON.stringify({ meta, sql: sqlResults, http, plans }, null, 2))
  } finally {
    await database.close()
    await temp?.stop()
  }
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
