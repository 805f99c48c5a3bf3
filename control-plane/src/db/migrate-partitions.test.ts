import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, expect, test } from 'vitest'
import { createTestDatabase } from '@smartcloudops/test-support'
import { backends } from '../../test-support/backends'
import { openDatabase, type Database } from './client'
import { runHistoryMaintenance } from './history-maintenance'
import { migrationsFolder, runMigrations } from './migrate'
import { dayPartitionName, utcDayStart } from './queries/metric-partitions'

const CONVERSION = 'metric_samples_partitioned'

/** A copy of the migrations folder that ends just before the conversion: the schema deployed today. */
function migrationsBeforeConversion(): string {
  const dir = mkdtempSync(join(tmpdir(), 'scops-migrations-'))
  cpSync(migrationsFolder, dir, { recursive: true })
  const journalPath = join(dir, 'meta', '_journal.json')
  const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: { tag: string }[] }
  const at = journal.entries.findIndex((e) => e.tag.endsWith(CONVERSION))
  expect(at).toBeGreaterThan(0)
  journal.entries = journal.entries.slice(0, at)
  writeFileSync(journalPath, JSON.stringify(journal))
  return dir
}

const folder = migrationsBeforeConversion()
afterAll(() => rmSync(folder, { recursive: true, force: true }))

async function openEmpty(kind: 'pglite' | 'postgres'): Promise<{ database: Database; drop(): Promise<void> }> {
  if (kind === 'pglite') {
    const database = await openDatabase({ dataDir: 'memory://' })
    return { database, drop: () => database.close() }
  }
  const t = await createTestDatabase()
  const database = await openDatabase({ url: t.url, poolSize: 2 })
  return { database, drop: async () => (await database.close(), await t.drop()) }
}

type Row = { id: string; host_id: string; ts: string; cpu: number; explanation: unknown }
const readAll = (d: Database) =>
  d.query<Row>(
    `select id::text, host_id, to_char(ts at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') as ts, (metrics->>'cpu_percent')::int as cpu, explanation
     from metric_samples order by metric_samples.id`,
  )

for (const backend of backends) {
  backend.describe(`upgrade of metric_samples to day partitions [${backend.name}]`, () => {
    test('a database at the previous head with samples keeps every one of them, ids and columns intact, and they end in their day partitions', async () => {
      const { database, drop } = await openEmpty(backend.name)
      try {
        await runMigrations(database, folder)
        const now = Date.now()
        await database.query("insert into hosts (id, hostname) values ('host-a', 'a'), ('host-b', 'b')")
        // 3 samples a day for 5 days, two hosts, one with a score explanation.
        await database.query(
          `insert into metric_samples (host_id, ts, metrics, anomaly_score, explanation)
           select h, $1::timestamptz - d * interval '1 day' - k * interval '1 hour', jsonb_build_object('cpu_percent', d * 10 + k), 0.5,
                  case when h = 'host-a' then '[{"metric":"cpu_percent","contribution":1}]'::jsonb end
           from unnest(array['host-a', 'host-b']) h, generate_series(0, 4) d, generate_series(0, 2) k`,
          [new Date(now).toISOString()],
        )
        const before = await readAll(database)
        expect(before).toHaveLength(30)

        await runMigrations(database)
        expect(await readAll(database)).toEqual(before)
        const [kind] = await database.query<{ k: string }>("select relkind::text as k from pg_class where relname = 'metric_samples'")
        expect(kind!.k).toBe('p')
        // New rows continue the id sequence.
        await database.query("insert into metric_samples (host_id, ts, metrics) values ('host-a', now(), '{\"cpu_percent\": 99}')")
        const after = await readAll(database)
        expect(Number(after.at(-1)!.id)).toBeGreaterThan(Math.max(...before.map((r) => Number(r.id))))

        await runHistoryMaintenance(database.db, { now, retentionDays: 14 })
        expect((await readAll(database)).slice(0, 30)).toEqual(before)
        const places = await database.query<{ ms: number; part: string }>(
          'select (extract(epoch from ts) * 1000)::float8 as ms, tableoid::regclass::text as part from metric_samples',
        )
        for (const p of places) expect(p.part).toBe(dayPartitionName(utcDayStart(Number(p.ms))))
        // Five days back from now span five or six UTC days.
        expect(new Set(places.map((p) => p.part)).size).toBeGreaterThanOrEqual(5)
      } finally {
        await drop()
      }
    })
  })
}
