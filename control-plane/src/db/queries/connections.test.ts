import { eq } from 'drizzle-orm'
import postgres from 'postgres'
import { expect, test } from 'vitest'
import { waitFor } from '@smartcloudops/test-support'
import { backends, describeEachBackend } from '../../../test-support/backends'
import { helloPayload } from '../../../test-support/fake-agent'
import { hosts } from '../schema'
import { expireUnconfirmed, flushLiveness, markOffline } from './connections'
import { enrollHost, recordHellos } from './hosts'

describeEachBackend('connection writes of one replica', (get) => {
  test('leave the hosts another replica holds as they are, and write their own', async () => {
    const db = get().db
    const mine = await enrollHost(db, { hostname: 'held-here', labels: {} })
    const theirs = await enrollHost(db, { hostname: 'held-there', labels: {} })
    await recordHellos(db, new Map([[mine.id, helloPayload('held-here')]]), 'replica-a')
    await recordHellos(db, new Map([[theirs.id, helloPayload('held-there')]]), 'replica-b')
    const row = async (id: string) => (await db.select().from(hosts).where(eq(hosts.id, id)))[0]!
    const before = await row(theirs.id)

    // Replica a still lists both (the other host moved to b after its socket here closed).
    const reported = { depth: 7, oldestAgeS: 12, reportedAt: new Date() }
    await flushLiveness(db, 'replica-a', [mine.id, theirs.id].map((id) => ({ id, state: 'stale' as const, outbox: reported })))
    expect(await row(theirs.id)).toEqual(before)
    expect(await row(mine.id)).toMatchObject({ connectionState: 'stale', outboxDepth: 7, connectedReplica: 'replica-a' })

    await markOffline(db, [mine.id, theirs.id], 'replica-a')
    expect(await row(theirs.id)).toEqual(before)
    expect(await row(mine.id)).toMatchObject({ connectionState: 'offline', connectedReplica: null })
  })
})

const pg = backends.find((b) => b.name === 'postgres')!

pg.describe('expiry of unconfirmed hosts [postgres]', () => {
  test('spares a host its replica confirms while the expiry waits for its row', async () => {
    const { database, url, drop } = await pg.open()
    const replica = postgres(url!, { max: 1, onnotice: () => {} })
    try {
      const db = database.db
      const host = await enrollHost(db, { hostname: 'confirmed-meanwhile', labels: {} })
      await recordHellos(db, new Map([[host.id, helloPayload('confirmed-meanwhile')]]), 'replica-a')
      await database.query(`update hosts set connection_checked_at = now() - interval '1 hour' where id = $1`, [host.id])

      // Replica a confirms the host in a transaction still open when the expiry starts: the
      // expiry's snapshot sees the host unconfirmed, and it waits for the row.
      const confirm = await replica.reserve()
      await confirm`begin`
      await confirm`update hosts set connection_checked_at = now() where id = ${host.id}`
      const expiry = expireUnconfirmed(db, 60)
      await waitFor(async () => (await database.query<{ n: number }>(`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock' and query like '%make_interval%'`))[0]!.n > 0, { description: 'the expiry waiting for the row' })
      await confirm`commit`
      confirm.release()

      expect(await expiry).toEqual([])
      expect((await db.select().from(hosts).where(eq(hosts.id, host.id)))[0]).toMatchObject({ connectionState: 'online' })
    } finally {
      await replica.end()
      await drop()
    }
  })
})
