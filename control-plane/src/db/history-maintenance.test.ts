import { expect, test } from 'vitest'
import { describeEachBackend } from '../../test-support/backends'
import type { Database } from './client'
import { PARTITION_DAYS_AHEAD, runHistoryMaintenance } from './history-maintenance'
import { latestSamples, listSamples } from './queries/history'
import { enrollHost } from './queries/hosts'
import { ingestEvent } from './queries/ingest'
import { DAY_MS, dayPartitionName, listDayPartitions, utcDayStart } from './queries/metric-partitions'

/** Which table holds each of a host's samples, by sample time (ms). */
async function whereStored(database: Database, hostId: string): Promise<Map<number, string>> {
  const rows = await database.query<{ ts: Date | string; part: string }>(
    'select ts, tableoid::regclass::text as part from metric_samples where host_id = $1',
    [hostId],
  )
  return new Map(rows.map((r) => [new Date(r.ts).getTime(), r.part]))
}

async function storeSamples(database: Database, hostname: string, times: number[]): Promise<string> {
  const host = await enrollHost(database.db, { hostname, labels: {} })
  await ingestEvent(database.db, host.id, `evt-${hostname}`, {
    type: 'metrics.batch',
    payload: { samples: times.map((ts, i) => ({ ts, metrics: { cpu_percent: i } })) },
  })
  return host.id
}

describeEachBackend('metrics history partitions', (get) => {
  // A fixed clock, mid-day, far from today's real partitions: the passes below own these days.
  const now = Date.UTC(2031, 2, 10, 12, 0, 0)
  const today = utcDayStart(now)

  test('a pass creates today and the days ahead once; a second pass and a concurrent one change nothing', async () => {
    const first = await runHistoryMaintenance(get().db, { now, retentionDays: 14 })
    const expected = Array.from({ length: PARTITION_DAYS_AHEAD + 1 }, (_, i) => dayPartitionName(today + i * DAY_MS))
    const names = (await listDayPartitions(get().db)).map((p) => p.name)
    for (const n of expected) expect(names).toContain(n)
    expect(first.created.map((c) => c.name)).toEqual(expected.map((_, i) => new Date(today + i * DAY_MS).toISOString().slice(0, 10)))
    const [again, concurrent] = await Promise.all([
      runHistoryMaintenance(get().db, { now, retentionDays: 14 }),
      runHistoryMaintenance(get().db, { now, retentionDays: 14 }),
    ])
    expect(again.created).toEqual([])
    expect(concurrent.created).toEqual([])
    expect((await listDayPartitions(get().db)).length).toBe(names.length)
  })

  test('a sample from a clock days ahead is kept in the default partition, then moved into its day when that day is created', async () => {
    const skewed = today + 20 * DAY_MS + 3_600_000
    const hostId = await storeSamples(get(), 'skewed-clock', [now, skewed])
    let stored = await whereStored(get(), hostId)
    expect(stored.get(now)).toBe(dayPartitionName(today))
    expect(stored.get(skewed)).toBe('metric_samples_default')

    const later = await runHistoryMaintenance(get().db, { now: skewed, retentionDays: 30 })
    expect(later.created).toContainEqual({ name: new Date(utcDayStart(skewed)).toISOString().slice(0, 10), moved: 1 })
    stored = await whereStored(get(), hostId)
    expect(stored.get(skewed)).toBe(dayPartitionName(utcDayStart(skewed)))
    expect(stored.get(now)).toBe(dayPartitionName(today))
    const read = await listSamples(get().db, { hostId, limit: 10 })
    expect(read.map((s) => s.ts.getTime())).toEqual([skewed, now])
  })

  test("the fleet view's newest sample per host is the newest across day partitions and the default partition", async () => {
    const a = await storeSamples(get(), 'latest-a', [now - DAY_MS, now])
    const b = await storeSamples(get(), 'latest-b', [now, today + 40 * DAY_MS])
    const c = await storeSamples(get(), 'latest-c', [now - 2 * DAY_MS])
    const latest = await latestSamples(get().db, [a, b, c])
    expect(latest.map((s) => [s.hostId, s.ts.getTime()])).toEqual(
      [
        [a, now],
        [b, today + 40 * DAY_MS],
        [c, now - 2 * DAY_MS],
      ].sort((x, y) => String(x[0]).localeCompare(String(y[0]))),
    )
    expect(latest[0]!.metrics).toHaveProperty('cpu_percent')
  })

  test('a newest-first read without a range gives the same answer whether the last day holds enough samples or not', async () => {
    const real = Date.now()
    // 3 samples in the last day, 4 older ones over the past month.
    const times = [real - 60_000, real - 3_600_000, real - 20 * 3_600_000, real - 2 * DAY_MS, real - 5 * DAY_MS, real - 12 * DAY_MS, real - 25 * DAY_MS]
    const hostId = await storeSamples(get(), 'quiet-host', times)
    const newest = async (limit: number, to?: Date) => (await listSamples(get().db, { hostId, limit, to })).map((s) => s.ts.getTime())
    expect(await newest(2)).toEqual(times.slice(0, 2))
    expect(await newest(3)).toEqual(times.slice(0, 3))
    expect(await newest(5)).toEqual(times.slice(0, 5))
    expect(await newest(50)).toEqual(times)
    expect(await newest(2, new Date(real - DAY_MS))).toEqual(times.slice(3, 5))
  })

  test('retention drops whole days older than retentionDays, keeps the boundary day and recent days, and the rest stays readable', async () => {
    const at = today + 100 * DAY_MS + 6 * 3_600_000
    const atDay = utcDayStart(at)
    const times = [atDay - 30 * DAY_MS + 1000, atDay - 8 * DAY_MS + 1000, atDay - 7 * DAY_MS + 1000, atDay - 2 * DAY_MS, at]
    const hostId = await storeSamples(get(), 'retention-host', times)
    // A first pass with a long retention gives every one of those days its partition.
    await runHistoryMaintenance(get().db, { now: at, retentionDays: 60 })
    expect(new Set((await whereStored(get(), hostId)).values())).toEqual(new Set(times.map((t) => dayPartitionName(utcDayStart(t)))))

    const r = await runHistoryMaintenance(get().db, { now: at, retentionDays: 7 })
    expect(r.dropped).toContain(dayPartitionName(utcDayStart(times[0]!)))
    expect(r.dropped).toContain(dayPartitionName(utcDayStart(times[1]!)))
    expect(r.dropped).not.toContain(dayPartitionName(utcDayStart(times[2]!)))
    const left = (await listSamples(get().db, { hostId, limit: 10 })).map((s) => s.ts.getTime())
    // The day holding the cutoff (at − 7 days) is kept whole, including its sample older than 7 days.
    expect(left).toEqual([at, atDay - 2 * DAY_MS, atDay - 7 * DAY_MS + 1000])
    const oldest = (await listDayPartitions(get().db))[0]!
    expect(oldest.day).toBe(utcDayStart(at - 7 * DAY_MS))
  })

  test('retention deletes old rows from the default partition (no day partition to drop there)', async () => {
    const at = today + 200 * DAY_MS
    // Older than the oldest partition and older than the retention window: it stays in the default partition.
    const ancient = at - 400 * DAY_MS
    const hostId = await storeSamples(get(), 'ancient-clock', [ancient, at])
    expect((await whereStored(get(), hostId)).get(ancient)).toBe('metric_samples_default')
    const r = await runHistoryMaintenance(get().db, { now: at, retentionDays: 7 })
    expect(r.defaultRowsDeleted).toBeGreaterThanOrEqual(1)
    expect((await listSamples(get().db, { hostId, limit: 10 })).map((s) => s.ts.getTime())).toEqual([at])
  })
})
