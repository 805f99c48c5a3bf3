import { expect, test } from 'vitest'
import { backends } from '../../../test-support/backends'
import { expireUnconfirmed, flushLiveness, markOffline, recordAcks } from './connections'
import { sqlStateOf } from '../errors'
import { deadlockRetries } from '../retry-deadlock'
import { ingestMetricsEvents } from './ingest-metrics'
import { enrollHost, recordHellos, setConfigPatch, setDesired } from './hosts'

// Replicas write the same hosts' rows in batches at once (a hello storm on one, a liveness sweep
// and acks on another). Each statement used to lock the rows it shares in its plan's order; handed
// the same hosts in opposite orders, two of them deadlocked and PostgreSQL aborted one (40P01, 1 to
// 10 times a run of this test). A retry hid it; the writes now lock in id order, so none is needed.
/** What a failed write says, with its SQL state (drizzle's message alone is the query text). */
const failure = (err: unknown) => `${sqlStateOf(err) ?? 'no SQL state'}: ${String(err).slice(0, 120)}`
const postgres = backends.find((b) => b.name === 'postgres')!

postgres.describe('batch writes of shared host rows from several connections [postgres]', () => {
  test('hellos, sweeps, acks, desired marks, disconnects, patches, metrics and expiry over the same hosts in opposite orders never deadlock', async () => {
    const { database, drop } = await postgres.open()
    try {
      const db = database.db
      const ids: string[] = []
      for (let i = 0; i < 80; i++) ids.push((await enrollHost(db, { hostname: `shared-${i}`, labels: {} })).id)
      const hello = { agent_version: '1.0.0', labels: {}, capabilities: { actions: [], collectors: [] }, facts: {}, monitoring: true } as never
      const writer = async (order: 1 | -1, replica: string) => {
        const hosts = order === 1 ? ids : [...ids].reverse()
        for (let round = 0; round < 15; round++) {
          await recordHellos(db, new Map(hosts.map((id) => [id, hello])), replica)
          await recordAcks(db, new Map(hosts.map((id) => [id, { revision: round, applied: true, ruleset_version: 1 } as never])))
          await flushLiveness(db, replica, hosts.map((id) => ({ id, state: 'online' as const })))
          await setDesired(db, hosts, round, `hash-${round}`)
          await markOffline(db, hosts, replica)
          await setConfigPatch(db, hosts, { round })
          const ts = new Date().toISOString()
          await ingestMetricsEvents(db, hosts.map((id) => ({
            hostId: id,
            eventId: `${replica}-${round}-${id}`,
            batch: { samples: [{ ts, metrics: { ml_anomaly_score: round / 15 } }] } as never,
          })))
        }
      }
      // A replica's expiry sweep over every host at once (a confirmation older than 0 s expires).
      const expirer = async () => {
        for (let round = 0; round < 15; round++) await expireUnconfirmed(db, 0)
      }
      const retriedBefore = deadlockRetries()
      const results = await Promise.allSettled([writer(1, 'r1'), writer(-1, 'r2'), writer(1, 'r3'), writer(-1, 'r4'), expirer()])
      expect(results.filter((r) => r.status === 'rejected').map((r) => failure((r as PromiseRejectedResult).reason))).toEqual([])
      expect(deadlockRetries() - retriedBefore).toBe(0)
    } finally {
      await drop()
    }
  }, 120_000)
})
