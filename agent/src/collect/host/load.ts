import type { Collector } from '../types'
import { parseLoadavg } from './proc'
import { parseOrThrow, readProc } from './read'

/** load_1/5/15 from /proc/loadavg (what os.loadavg reads too; the file makes it testable). */
export function loadCollector(opts: { procRoot?: string } = {}): Collector {
  const procRoot = opts.procRoot ?? '/proc'
  return {
    name: 'load',
    defaultEnabled: true,
    provides: ['load_1', 'load_5', 'load_15'],
    async collect(signal) {
      const text = await readProc(procRoot, 'loadavg', signal)
      const [l1, l5, l15] = parseOrThrow('/proc/loadavg', () => parseLoadavg(text))
      return { load_1: l1, load_5: l5, load_15: l15 }
    },
  }
}
