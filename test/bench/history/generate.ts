import type { Database } from '@smartcloudops/control-plane/db/client'
import { runHistoryMaintenance } from '@smartcloudops/control-plane/db/history-maintenance'
import { DAY_MS, ensureDayPartition, utcDayStart } from '@smartcloudops/control-plane/db/queries/metric-partitions'

export interface HistorySpec {
  hosts: number
  days: number
  stepMinutes: number
  now: number
}

/** The reference: today's schema before migration 0011, one table with its two indexes. */
export const FLAT_TABLE = 'bench_samples_unpartitioned'

export const benchHostId = (i: number) => `bench-h-${i}`

/**
 * Hosts and `days` of samples every `stepMinutes` for each, generated inside PostgreSQL with
 * generate_series (a day per statement, straight into its day partition), then the same rows copied
 * into the unpartitioned reference table. Eight metrics per sample, like a host's collectors.
 */
export async function generateHistory(database: Database, spec: HistorySpec, log: (m: string) => void): Promise<{ rows: number; seconds: number }> {
  const t0 = Date.now()
  await database.query(
    `insert into hosts (id, hostname, labels) select 'bench-h-' || g, 'bench-' || g, jsonb_build_object('env', case when g % 3 = 0 then 'prod' else 'staging' end)
     from generate_series(1, $1::int) g`,
    [spec.hosts],
  )
  // The control plane's own pass makes today and the days ahead; the past days are made here, empty.
  await runHistoryMaintenance(database.db, { now: spec.now, retentionDays: spec.days + 1 })
  const today = utcDayStart(spec.now)
  for (let d = spec.days; d >= 1; d--) await ensureDayPartition(database.db, today - d * DAY_MS)
  const start = spec.now - spec.days * DAY_MS
  for (let day = utcDayStart(start); day <= spec.now; day += DAY_MS) {
    const from = Math.max(day, start)
    const to = Math.min(day + DAY_MS, spec.now)
    if (from >= to) continue
    await database.query(
      `insert into metric_samples (host_id, ts, metrics, anomaly_score, confidence, model_version)
       select 'bench-h-' || h, t,
              jsonb_build_object('cpu_percent', round((random() * 100)::numeric, 2), 'memory_percent', round((30 + random() * 50)::numeric, 2),
                                 'disk_percent', round((40 + random() * 40)::numeric, 2), 'load_1m', round((random() * 4)::numeric, 2),
                                 'net_rx_bytes_per_s', floor(random() * 1e7), 'net_tx_bytes_per_s', floor(random() * 1e7),
                                 'ml_anomaly_score', round(random()::numeric, 4), 'ml_confidence', 0.9),
              random(), 0.9, 'v1'
       from generate_series(1, $1::int) h, generate_series($2::timestamptz, $3::timestamptz - interval '1 microsecond', make_interval(mins => $4::int)) t`,
      [spec.hosts, new Date(from).toISOString(), new Date(to).toISOString(), spec.stepMinutes],
    )
    log(`generated ${new Date(day).toISOString().slice(0, 10)} (${Math.round((Date.now() - t0) / 1000)} s)`)
  }
  await database.query(`create table ${FLAT_TABLE} (like metric_samples including defaults)`)
  await database.query(`insert into ${FLAT_TABLE} select * from metric_samples`)
  await database.query(`alter table ${FLAT_TABLE} add primary key (id)`)
  await database.query(`create index ${FLAT_TABLE}_host_ts_idx on ${FLAT_TABLE} (host_id, ts desc)`)
  await database.query(`create index ${FLAT_TABLE}_ts_idx on ${FLAT_TABLE} (ts)`)
  log(`copied into ${FLAT_TABLE} (${Math.round((Date.now() - t0) / 1000)} s)`)
  // Visibility maps and statistics, as autovacuum would have them on a table this old.
  await database.query('vacuum analyze metric_samples')
  await database.query(`vacuum analyze ${FLAT_TABLE}`)
  const [n] = await database.query<{ n: number }>('select count(*)::int as n from metric_samples')
  return { rows: n!.n, seconds: Math.round((Date.now() - t0) / 1000) }
}
