import { CollectError, type Collector } from '../types'
import { parseMeminfo } from './proc'
import { parseOrThrow, readProc } from './read'

export interface MemoryReading {
  total: number
  available: number
  swaptotal: number
  swapused: number
}

/**
 * memory_percent counts what is not available (so page cache the kernel can reclaim is not "used");
 * swap_percent is 0 on a host without swap, which is the truth there.
 */
export function memoryMetrics(m: MemoryReading): Record<string, number> {
  if (!(m.total > 0) || !(m.available >= 0)) throw new CollectError('no_data', 'memory totals are not available')
  const out: Record<string, number> = { memory_percent: ((m.total - Math.min(m.available, m.total)) / m.total) * 100 }
  out.swap_percent = m.swaptotal > 0 ? (Math.min(m.swapused, m.swaptotal) / m.swaptotal) * 100 : 0
  return out
}

/** One read of `<procRoot>/meminfo` (what systeminformation's mem() reads, but from any proc root). */
export function memoryCollector(opts: { procRoot?: string } = {}): Collector {
  const procRoot = opts.procRoot ?? '/proc'
  return {
    name: 'memory',
    defaultEnabled: true,
    provides: ['memory_percent', 'swap_percent'],
    async collect(signal) {
      const text = await readProc(procRoot, 'meminfo', signal)
      return memoryMetrics(parseOrThrow('/proc/meminfo', () => parseMeminfo(text)))
    },
  }
}
