import { CollectError, delay, type Collector } from '../types'
import { parseProcStatCpu, type CpuTimes } from './proc'
import { parseOrThrow, readProc } from './read'

export interface CpuOptions {
  procRoot?: string
  /** Gap between the two readings of the very first sample (there is no previous one yet). */
  primeMs?: number
}

/**
 * cpu_percent from /proc/stat deltas between two collections: one small file read (~0.1 ms),
 * cheaper than systeminformation's currentLoad and testable on fixture files.
 */
export function cpuCollector(opts: CpuOptions = {}): Collector {
  const procRoot = opts.procRoot ?? '/proc'
  let prev: CpuTimes | undefined
  let last: number | undefined
  const read = async (signal: AbortSignal) => {
    const text = await readProc(procRoot, 'stat', signal)
    return parseOrThrow('/proc/stat', () => parseProcStatCpu(text))
  }

  return {
    name: 'cpu',
    defaultEnabled: true,
    provides: ['cpu_percent'],
    async collect(signal) {
      if (!prev) {
        prev = await read(signal)
        await delay(opts.primeMs ?? 250, signal)
      }
      const now = await read(signal)
      const dTotal = now.total - prev.total
      const dIdle = now.idle - prev.idle
      if (dTotal > 0 && dIdle >= 0 && dIdle <= dTotal) {
        last = ((dTotal - dIdle) / dTotal) * 100
        prev = now
      } else if (dTotal < 0) {
        prev = now // counters went backwards (checkpoint/restore, fixture swap): start again
      }
      if (last === undefined) throw new CollectError('no_data', 'no CPU time elapsed between two readings yet')
      return { cpu_percent: last }
    },
  }
}
