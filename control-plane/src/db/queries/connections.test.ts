import { eq } from 'drizzle-orm'
import { expect, test } from 'vitest'
import { describeEachBackend } from '../../../test-support/backends'
import { helloPayload } from '../../../test-support/fake-agent'
import { hosts } from '../schema'
import { flushLiveness, markOffline } from './connections'
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
