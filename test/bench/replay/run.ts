/**
 * Replay throughput: POST /rulesets/replay over 100 hosts × 24 h of 30 s samples (288,000), on
 * PGlite and on PostgreSQL, in seconds for the range and samples/s, beside two references in the
 * same run: one plain SELECT of the same rows, and the replay's own chunked read without the
 * engine. The ratios are the engine's (and the comparison's) share; absolute figures move with
 * the machine's load.
 *
 *   pnpm bench:replay                                  # PGlite in a temp dir + a temporary PostgreSQL cluster
 *   BENCH_BACKENDS=pglite BENCH_HOSTS=20 BENCH_HOURS=6 pnpm bench:replay
 *   DATABASE_URL=postgres://… pnpm bench:replay       # that server instead of a temporary cluster
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { defaultRules } from '@smartcloudops/shared/rules/defaults'
import { buildApp } from '@smartcloudops/control-plane/app'
import { loadConfig } from '@smartcloudops/control-plane/config'
import { openDatabase, type Database } from '@smartcloudops/control-plane/db/client'
import { runMigrations } from '@smartcloudops/control-plane/db/migrate'
import { ingestEvent } from '@smartcloudops/control-plane/db/queries/ingest'
import { streamHostSamples } from '@smartcloudops/control-plane/db/queries/replay'
import { createApiToken } from '@smartcloudops/control-plane/db/queries/tokens'
import { ensureDefaultRuleset } from '@smartcloudops/control-plane/fleet/rules-service'
import { metricsRead } from '@smartcloudops/control-plane/fleet/replay/replay-host'
import type { Rule } from '@smartcloudops/shared'
import { startTempPostgres } from '../../support/postgres'
import { generateFleet, type GeneratedHost } from './generate'

const HOSTS = Number(process.env.BENCH_HOSTS ?? 100)
const HOURS = Number(process.env.BENCH_HOURS ?? 24)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3)
const BACKENDS = (process.env.BENCH_BACKENDS ?? 'pglite,postgres').split(',')
const STEP = 30_000
const END = Date.UTC(2026, 10, 30, 0, 0, 0)

/** The report's five rules plus one with `for`, cooldown and max_actions: what a fleet runs. */
const rules = [
  ...defaultRules,
  {
    name: 'CPU sustained',
    priority: 2,
    conditions: [{ metric: 'cpu_percent', operator: 'gt', threshold: 90 }],
    for: { samples: 3 },
    cooldown: '5m',
    max_actions: { count: 2, window: '30m' },
    actions: [{ type: 'scale_up', params: { group: 'app' } }],
  },
]

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

async function seedActions(database: Database, fleet: GeneratedHost[]): Promise<void> {
  // A few actions that "ran" per host, at hot samples, so the comparison has both sides.
  for (const [h, host] of fleet.entries()) {
    const hot = host.ts.filter((_, i) => host.cpu[i]! > 90).filter((_, k) => k % 7 === 0).slice(0, 5)
    for (const [k, at] of hot.entries()) {
      await ingestEvent(database.db, host.id, `bench-replay-a-${h}-${k}`, {
        type: 'action.finished',
        payload: { action_id: `bench-replay-act-${h}-${k}`, decision_id: `bench-replay-dec-${h}-${k}`, rule: 'CPU sustained', type: 'scale_up', ok: true, retryable: false, started_at: at, finished_at: at + 800 },
      })
    }
  }
}

/**
 * The simplest reference: every sample of the range in one plain SELECT (all hosts, whole metrics
 * object), rows counted — what any reader of these rows pays at least once.
 */
async function selectAll(database: Database, fleet: GeneratedHost[], from: Date, to: Date): Promise<number> {
  const rows = await database.query<{ ts: Date; metrics: unknown }>(
    'select host_id, ts, metrics from metric_samples where host_id = any($1) and ts >= $2 and ts < $3 order by host_id, ts',
    [fleet.map((h) => h.id), from, to],
  )
  return rows.length
}

/** The replay's own read (same query, same chunks, same metrics), without the engine. */
async function readAll(database: Database, fleet: GeneratedHost[], from: Date, to: Date): Promise<number> {
  let n = 0
  const keys = metricsRead([rules as Rule[]])
  for (const h of fleet) for await (const rows of streamHostSamples(database.db, h.id, from, to, 2000, keys)) n += rows.length
  return n
}

async function benchBackend(name: string, database: Database) {
  await runMigrations(database)
  await ensureDefaultRuleset(database.db)
  const t0 = performance.now()
  const fleet = await generateFleet(database, { hosts: HOSTS, hours: HOURS, stepMs: STEP, seed: 42, end: END }, 'bench')
  await seedActions(database, fleet)
  const seedS = (performance.now() - t0) / 1000
  const { token } = await createApiToken(database.db, { name: 'bench', role: 'viewer', createdBy: 'bench' })
  const app = await buildApp(loadConfig({}, { port: 0, dataDir: 'memory://', rateLimitPerMinute: 1_000_000, logLevel: 'silent' }), { database })
  await app.ready()
  const from = new Date(END - HOURS * 3_600_000)
  const to = new Date(END)
  const post = async (baseline: boolean) => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/rulesets/replay',
      headers: { authorization: `Bearer ${token}` },
      payload: { rules, from: from.toISOString(), to: to.toISOString(), baseline },
    })
    if (res.statusCode !== 200) throw new Error(`replay answered ${res.statusCode}: ${res.body}`)
    return res.json().data
  }
  await post(false) // warm-up: schema compilation, JIT
  const select: number[] = []
  const read: number[] = []
  const one: number[] = []
  const two: number[] = []
  let last: { samples: number; totals: unknown } | undefined
  for (let r = 0; r < ROUNDS; r++) {
    // Interleaved, so a change in the machine's load touches all four alike.
    let s = performance.now()
    const m = await selectAll(database, fleet, from, to)
    select.push((performance.now() - s) / 1000)
    s = performance.now()
    const n = await readAll(database, fleet, from, to)
    if (m !== n) throw new Error(`one SELECT read ${m} samples, the chunked stream ${n}`)
    read.push((performance.now() - s) / 1000)
    s = performance.now()
    last = await post(false)
    one.push((performance.now() - s) / 1000)
    if (last!.samples !== n) throw new Error(`replay read ${last!.samples} samples, the plain read ${n}`)
    s = performance.now()
    await post(true)
    two.push((performance.now() - s) / 1000)
  }
  await app.close()
  const samples = last!.samples
  const row = (what: string, xs: number[]) => ({ what, seconds: median(xs), samples_per_s: Math.round(samples / median(xs)), ratio_to_select: median(xs) / median(select), ratio_to_read: median(xs) / median(read) })
  return {
    backend: name,
    samples,
    seed_s: seedS,
    totals: last!.totals,
    rows: [
      row('one plain SELECT of the rows (reference)', select),
      row("replay's chunked read, no engine (reference)", read),
      row('replay, one ruleset', one),
      row('replay + baseline (two rulesets)', two),
    ],
  }
}

async function main() {
  const results = []
  const load = loadavg()[0]!
  for (const b of BACKENDS) {
    if (b === 'pglite') {
      const dir = mkdtempSync(join(tmpdir(), 'scops-bench-replay-'))
      const database = await openDatabase({ dataDir: dir })
      try {
        results.push(await benchBackend('PGlite', database))
      } finally {
        await database.close()
        rmSync(dir, { recursive: true, force: true })
      }
    } else if (b === 'postgres') {
      // A throw-away cluster (its own `postgres` database) unless DATABASE_URL names a server.
      const cluster = process.env.DATABASE_URL ? undefined : await startTempPostgres()
      const database = await openDatabase({ url: process.env.DATABASE_URL ?? cluster!.url, poolSize: 4 })
      try {
        results.push(await benchBackend('PostgreSQL', database))
      } finally {
        await database.close()
        await cluster?.stop()
      }
    } else throw new Error(`BENCH_BACKENDS: unknown backend ${JSON.stringify(b)} (pglite, postgres)`)
  }
  const meta = { hosts: HOSTS, hours: HOURS, step_s: STEP / 1000, rounds: ROUNDS, rules: rules.length, load_average_1m_at_start: load, load_average_1m_at_end: loadavg()[0], node: process.version }
  console.log(`\nReplay (${HOSTS} hosts × ${HOURS} h of ${STEP / 1000} s samples, ${rules.length} rules; median of ${ROUNDS}; load ${load.toFixed(1)} → ${loadavg()[0]!.toFixed(1)})\n`)
  console.log('| backend | run | samples | seconds for the range | samples/s | × one SELECT | × chunked read |')
  console.log('|---|---|---:|---:|---:|---:|---:|')
  for (const r of results) {
    for (const x of r.rows) console.log(`| ${r.backend} | ${x.what} | ${r.samples} | ${x.seconds.toFixed(2)} | ${x.samples_per_s} | ${x.ratio_to_select.toFixed(2)} | ${x.ratio_to_read.toFixed(2)} |`)
  }
  const outDir = join(import.meta.dirname, '..', 'results')
  mkdirSync(outDir, { recursive: true })
  writeFileSync(join(outDir, 'replay.json'), JSON.stringify({ meta, results }, null, 2))
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
