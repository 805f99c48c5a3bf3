import { afterAll, beforeAll, expect, test } from 'vitest'
import { DATABASE_URL_ENV, describeWithPostgres } from '@smartcloudops/test-support'
import { openDatabase, type Database } from '@smartcloudops/control-plane/db/client'
import { createTestApp, type TestApp } from '@smartcloudops/control-plane/test-support/test-app'
import { Fleet } from '../bench/support/fleet-sim/fleet'
import { seedFleet } from '../bench/support/fleet-sim/seed'

// The fleet simulator (test/bench/support/fleet-sim) in CI, small: 40 agents in two processes
// against a real control plane on PostgreSQL. What the benchmarks rely on: every agent connects
// and holds its snapshot, a fleet pause reaches all of them, and their events are stored and
// acknowledged (through the coalesced metrics path) without a refusal or an invalid frame.

const N = 40

describeWithPostgres('fleet simulator against the control plane', () => {
  let seeded: Awaited<ReturnType<typeof seedFleet>>
  let database: Database
  let t: TestApp
  let fleet: Fleet

  beforeAll(async () => {
    seeded = await seedFleet(process.env[DATABASE_URL_ENV]!, N)
    database = await openDatabase({ url: seeded.url, poolSize: 4 })
    t = await createTestApp(database, { heartbeatIntervalS: 3600 })
    const base = await t.app.listen({ host: '127.0.0.1', port: 0 })
    fleet = await Fleet.start({
      url: `${base.replace(/^http/, 'ws')}/api/v1/agent/ws`,
      agents: seeded.agents,
      rates: { heartbeatS: 0.5, metricsS: 0.3, samplesPerBatch: 5, decisionsS: 0.7, actionsS: 1.1 },
      processes: 2,
    })
  })
  afterAll(async () => {
    await fleet?.stop()
    await t?.app.close()
    await database?.close()
    await seeded?.drop()
  })

  test('every agent connects, a pause reaches all, and their events are stored once and acknowledged', async () => {
    await fleet.mark('first')
    fleet.connect({ concurrency: 10 })
    await fleet.waitMark('first', N, 60_000)

    await fleet.mark('paused', { mode: 'paused' })
    expect((await t.call('POST', '/api/v1/remediation/disable', { reason: 'fleet-sim test' }, t.operator)).status).toBe(201)
    await fleet.waitMark('paused', N, 60_000)

    await fleet.until(() => fleet.stats().eventsAcked >= 10 * N, 90_000, `${10 * N} events acknowledged`)
    const s = fleet.stats()
    expect(s).toMatchObject({ agents: N, invalidFrames: 0, refused: {} })
    // Acknowledged means stored: at least as many distinct stored events as first acks seen.
    const [row] = await database.query<{ n: number }>('select count(*)::int as n from ingested_events')
    expect(row!.n).toBeGreaterThanOrEqual(s.eventsAcked)
    // Each stored batch has its 5 samples, never a replay's again (one statement: one snapshot).
    const [c] = await database.query<{ samples: number; hosts: number; batches: number }>(
      `select (select count(*)::int from metric_samples) as samples, (select count(distinct host_id)::int from metric_samples) as hosts,
              (select count(*)::int from ingested_events where type = 'metrics.batch') as batches`,
    )
    expect(c!.hosts).toBe(N)
    expect(c!.samples).toBe(c!.batches * 5)
  })
})
