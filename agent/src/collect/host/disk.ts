import si from 'systeminformation'
import { CollectError, type Collector } from '../types'

export interface FsEntry {
  fs: string
  type: string
  mount: string
  size: number
  used: number
  available: number
}

/** Filesystems that hold no user data or are views of another one. */
const PSEUDO_FS = /^(tmpfs|devtmpfs|overlay|squashfs|proc|sysfs|cgroup2?|nsfs|autofs|devpts|mqueue|debugfs|tracefs|securityfs|pstore|bpf|fusectl|configfs|ramfs|hugetlbfs|efivarfs|iso9660)$/

/**
 * disk_percent:<mount> per filesystem (df's formula: used / (used + available), so the blocks
 * reserved for root count as full), and the bare name for the fullest one.
 */
export function diskMetrics(entries: readonly FsEntry[]): Record<string, number> {
  const out: Record<string, number> = {}
  let worst: number | undefined
  for (const e of entries) {
    if (PSEUDO_FS.test(e.type) || !(e.size > 0) || /\s/.test(e.mount) || !e.mount.startsWith('/')) continue
    const denom = e.used + e.available
    if (!(denom > 0)) continue
    const pct = (e.used / denom) * 100
    out[`disk_percent:${e.mount}`] = pct
    worst = worst === undefined ? pct : Math.max(worst, pct)
  }
  if (worst === undefined) throw new CollectError('no_data', 'no real filesystem found')
  out.disk_percent = worst
  return out
}

export interface DiskOptions {
  /** How often `df` is run again; between runs the last result is reported. */
  refreshMs?: number
  read?: () => Promise<FsEntry[]>
  now?: () => number
}

/**
 * Through systeminformation's fsSize(), which spawns `df` (~190 ms measured here): far too slow
 * for every 1-second sample, so it runs at most every `refreshMs` (default 60 s) in the
 * background and samples report the last result. A result older than three refresh periods
 * (a hung NFS mount makes `df` hang) is reported missing as `stale`, not passed on.
 */
export function diskCollector(opts: DiskOptions = {}): Collector {
  const refreshMs = opts.refreshMs ?? 60_000
  const read = opts.read ?? (() => si.fsSize())
  const now = opts.now ?? (() => performance.now())
  let cached: { at: number; metrics: Record<string, number> } | undefined
  let lastError: unknown
  let inflight: Promise<void> | undefined

  const refresh = (): Promise<void> => {
    inflight ??= (async () => {
      try {
        cached = { at: now(), metrics: diskMetrics(await read()) }
        lastError = undefined
      } catch (err) {
        lastError = err
      } finally {
        inflight = undefined
      }
    })()
    return inflight
  }

  return {
    name: 'disk',
    defaultEnabled: true,
    provides: ['disk_percent'],
    async collect(signal) {
      if (!cached) {
        await Promise.race([
          refresh(),
          new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason), { once: true })),
        ])
      } else if (now() - cached.at >= refreshMs) {
        void refresh()
      }
      if (cached && now() - cached.at < 3 * refreshMs) return { ...cached.metrics }
      if (lastError instanceof CollectError) throw lastError
      if (lastError) throw new CollectError('df_failed', `disk usage: ${(lastError as Error).message ?? lastError}`, { cause: lastError })
      throw new CollectError('stale', 'disk usage has not been refreshed for three periods')
    },
  }
}
