/**
 * The API fuzz suite at benchmark size: 100k malformed requests (fixed seed) over every operation
 * of the OpenAPI document; counts answers ≥ 500 and refused writes that changed stored data (both
 * must be 0), beside a reference run of valid requests (GET /api/v1/remediation/status) in the same
 * process, so the rate is comparable across machines as a ratio.
 *
 *   pnpm bench:fuzz                         # PGlite in memory, 100k
 *   DATABASE_URL=postgres://… pnpm bench:fuzz
 *   BENCH_FUZZ_RUNS=20000 BENCH_FUZZ_SEED=7 pnpm bench:fuzz
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { openDatabase } from '@smartcloudops/control-plane/db/client'
import { runMigrations } from '@smartcloudops/control-plane/db/migrate'
import { enrollHost } from '@smartcloudops/control-plane/db/queries/hosts'
import { runFuzz } from '@smartcloudops/control-plane/test-support/fuzz-run'
import { createTestApp } from '@smartcloudops/control-plane/test-support/test-app'

const RUNS = Number(process.env.BENCH_FUZZ_RUNS ?? 100_000)
const SEED = Number(process.env.BENCH_FUZZ_SEED ?? 20261201)
const REFERENCE = Number(process.env.BENCH_FUZZ_REFERENCE ?? 1000)

async function main() {
  const database = await openDatabase({ url: process.env.DATABASE_URL, dataDir: process.env.DATABASE_URL ? undefined : 'memory://' })
  await runMigrations(database)
  const t = await createTestApp(database, { rateLimitPerMinute: 1_000_000_000, authFailuresPerMinute: 1_000_000 })
  await t.app.ready()
  const host = await enrollHost(database.db, { hostname: `fuzz-bench-${Date.now()}`, labels: { env: 'prod' } })

  const refStart = Date.now()
  for (let i = 0; i < REFERENCE; i++) await t.call('GET', '/api/v1/remediation/status', undefined, t.viewer)
  const refMs = Date.now() - refStart

  const report = await runFuzz(t, database, { runs: RUNS, seed: SEED, ids: [host.id, '1', 'High CPU Usage'] })
  await t.app.close()
  await database.close()

  const fuzzRate = (report.inputs / report.ms) * 1000
  const refRate = (REFERENCE / refMs) * 1000
  const meta = { backend: database.kind, seed: SEED, operations: report.operations, node: process.version }
  console.log(`\nAPI fuzz (${meta.backend}, seed ${SEED}, ${report.operations} operations)\n`)
  console.log('| run | requests | ms | req/s | ≥ 500 | refused writes that changed data |')
  console.log('|---|---:|---:|---:|---:|---:|')
  console.log(`| reference: GET /remediation/status | ${REFERENCE} | ${refMs} | ${refRate.toFixed(0)} | – | – |`)
  console.log(`| fuzz | ${report.inputs} | ${report.ms} | ${fuzzRate.toFixed(0)} | ${report.serverErrors.length} | ${report.changedByRefused.length} |`)
  console.log(`\nfuzz / reference rate: ${(fuzzRate / refRate).toFixed(2)}; by status ${JSON.stringify(report.byStatus)}`)
  for (const line of [...report.serverErrors, ...report.changedByRefused].slice(0, 20)) console.log(`  ${line}`)
  const outDir = join(import.meta.dirname, '..', 'results')
  mkdirSync(outDir, { recursive: true })
  writeFileSync(join(outDir, `fuzz-${meta.backend}.json`), JSON.stringify({ meta, reference: { requests: REFERENCE, ms: refMs }, report }, null, 2))
  if (report.serverErrors.length || report.changedByRefused.length) process.exitCode = 1
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
