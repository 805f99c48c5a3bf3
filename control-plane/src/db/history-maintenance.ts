import type { FastifyBaseLogger } from 'fastify'
import type { Db } from './client'
import { deleteIngestedEventsBefore } from './queries/ingest'
import { DAY_MS, daysWaitingInDefault, dropExpiredPartitions, ensureDayPartition, utcDayStart } from './queries/metric-partitions'

/** Days created ahead of today: a replica down over a weekend still finds its days there. */
export const PARTITION_DAYS_AHEAD = 3
const HOURLY = 3_600_000

export interface HistoryMaintenanceReport {
  /** Day partitions created, with the rows each moved out of the default partition. */
  created: { name: string; moved: number }[]
  dropped: string[]
  defaultRowsDeleted: number
  eventsDeleted: number
}

/**
 * One pass: the partitions of today and the next PARTITION_DAYS_AHEAD days exist, and so does the
 * partition of every day within the retention window that has rows waiting in the default
 * partition (an upgrade's rows, a late outbox); then everything older than `retentionDays` goes.
 */
export async function runHistoryMaintenance(db: Db, opts: { now: number; retentionDays: number }): Promise<HistoryMaintenanceReport> {
  const before = opts.now - opts.retentionDays * DAY_MS
  const today = utcDayStart(opts.now)
  const end = today + (PARTITION_DAYS_AHEAD + 1) * DAY_MS
  const days = new Set<number>()
  for (let d = today; d < end; d += DAY_MS) days.add(d)
  for (const d of await daysWaitingInDefault(db, utcDayStart(before), end)) days.add(d)
  const created: HistoryMaintenanceReport['created'] = []
  for (const day of [...days].sort((a, b) => a - b)) {
    const r = await ensureDayPartition(db, day)
    if (r.created) created.push({ name: new Date(day).toISOString().slice(0, 10), moved: r.moved })
  }
  const { dropped, defaultRowsDeleted } = await dropExpiredPartitions(db, new Date(before))
  const eventsDeleted = await deleteIngestedEventsBefore(db, new Date(before))
  return { created, dropped, defaultRowsDeleted, eventsDeleted }
}

/**
 * Runs the pass now and then hourly. Every replica runs it (the partition changes queue on an
 * advisory lock and find nothing left to do); a failed pass is logged and retried an hour later,
 * and meanwhile samples still land in the default partition.
 */
export interface HistoryMaintenance {
  stop(): void
  /** The pass under way (or the last one): shutdown waits for it. */
  readonly running: Promise<void>
}

export function startHistoryMaintenance(
  db: Db,
  opts: { retentionDays: number; log: FastifyBaseLogger; onDropped?: (partitions: number) => void; intervalMs?: number },
): HistoryMaintenance {
  const log = opts.log.child({ component: 'history-maintenance' })
  let running: Promise<void> = Promise.resolve()
  const pass = () => {
    running = runHistoryMaintenance(db, { now: Date.now(), retentionDays: opts.retentionDays })
      .then((r) => {
        if (r.created.length) log.info({ created: r.created }, 'metrics history: day partitions created')
        if (r.dropped.length || r.defaultRowsDeleted) {
          opts.onDropped?.(r.dropped.length)
          log.info({ dropped: r.dropped, default_rows_deleted: r.defaultRowsDeleted, retention_days: opts.retentionDays }, 'metrics history: retention dropped old days')
        }
        if (r.eventsDeleted) log.debug({ events_deleted: r.eventsDeleted }, 'idempotency log trimmed')
      })
      .catch((err) => log.error({ err }, 'metrics history maintenance failed; retrying next hour'))
  }
  pass()
  const timer = setInterval(pass, opts.intervalMs ?? HOURLY)
  timer.unref()
  return {
    stop: () => clearInterval(timer),
    get running() {
      return running
    },
  }
}
