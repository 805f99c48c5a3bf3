import { expect, test } from 'vitest'
import { backends } from '../../../test-support/backends'
import { flushLiveness, recordAcks } from './connections'
import { sqlStateOf } from '../errors'
import { enrollHost, recordHellos } from './hosts'

// Replicas write the same hosts' rows in batches at once (a hello storm on one, a liveness sweep
// and acks on another). Each statement locks the rows it shares in its plan's order; handed the
// same hosts in opposite orders, two of them used to deadlock and PostgreSQL aborted one: a lost
// write (40P01, seen here with two overlapping recordHellos).
/** What a failed write says, with its SQL state (drizzle's message alone is the query text). */
const failure = (err: unknown) => `${sqlStateOf(err) ?? 'no SQL state'}: ${String(err).slice(0, 120)}`
const postgres = backends.find((b) => b.name === 'postgres')!

postgres.describe('batch writes of shared host rows from several connections [postgres]', () => {
  test('hellos, liveness sweeps and acks over the same hosts in opposite orders all succeed', async () => {
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
        }
      }
      const results = await Promise.allSettled([writer(1, 'r1'), writer(-1, 'r2'), writer(1, 'r3'), writer(-1, 'r4')])
      expect(results.filter((r) => r.status === 'rejected').map((r) => failure((r as PromiseRejectedResult).reason))).toEqual([])
    } finally {
      await drop()
    }
  }, 120_000)
})
