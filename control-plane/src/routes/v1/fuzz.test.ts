import { afterAll, beforeAll, expect, test } from 'vitest'
import { enrollHost } from '../../db/queries/hosts'
import { describeEachBackend } from '../../../test-support/backends'
import { runFuzz } from '../../../test-support/fuzz-run'
import { createTestApp, type TestApp } from '../../../test-support/test-app'

/**
 * Per back-end; CI runs both, so twice this many in all (about 10 ms a request on a loaded 2-core
 * machine: see README). `pnpm bench:fuzz` runs 100k; SCOPS_FUZZ_RUNS=20000 runs more here.
 */
const RUNS = Number(process.env.SCOPS_FUZZ_RUNS ?? 10_000)

/**
 * Malformed requests over every operation of the OpenAPI document (fixed seed): no answer ≥ 500,
 * no crash, and a refused write leaves the stored data as it was.
 */
describeEachBackend('API fuzz', (get) => {
  let t: TestApp
  let ids: string[]
  beforeAll(async () => {
    t = await createTestApp(get(), { rateLimitPerMinute: 100_000_000, authFailuresPerMinute: 1_000_000 })
    await t.app.ready()
    const host = await enrollHost(get().db, { hostname: 'fuzz-host', labels: { env: 'prod' } })
    ids = [host.id, '1', 'High CPU Usage', 'scops-anomaly-1.0.0']
  })
  afterAll(async () => {
    await t.app.close()
  })

  test(`${RUNS} fuzzed requests: 0 answers ≥ 500, stored data unchanged by refused writes`, { timeout: 600_000 }, async () => {
    const report = await runFuzz(t, get(), { runs: RUNS, seed: 20261201, ids })
    console.log(`fuzz: ${report.inputs} inputs over ${report.operations} operations in ${report.ms} ms; by status ${JSON.stringify(report.byStatus)}`)
    expect(report.serverErrors.slice(0, 10)).toEqual([])
    expect(report.changedByRefused.slice(0, 10)).toEqual([])
    // The generator reaches handlers, not only the validator.
    expect(Object.keys(report.byStatus).some((s) => s.startsWith('2'))).toBe(true)
  })
})
