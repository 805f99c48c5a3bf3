import { CollectError, delay, type Collector } from '../types'
import { parseNetDev, type NetCounters } from './proc'
import { parseOrThrow, readProc } from './read'

/**
 * Interfaces left out of the host's totals: loopback, and the virtual ends of container networking,
 * which would count the same bytes again (veth → bridge → uplink).
 */
export const DEFAULT_NET_EXCLUDE = /^(lo|veth.*|docker[0-9]*|br-.*|virbr.*|cni.*|flannel.*|cali.*|vxlan.*|kube-.*)$/

export interface NetworkOptions {
  procRoot?: string
  exclude?: RegExp
  primeMs?: number
  /** Monotonic milliseconds; tests pass a fake clock with fixture files. */
  now?: () => number
}

interface Reading {
  at: number
  ifaces: Map<string, NetCounters>
}

/** network_rx/tx_bytes_per_s from /proc/net/dev deltas, summed over physical-looking interfaces. */
export function networkCollector(opts: NetworkOptions = {}): Collector {
  const procRoot = opts.procRoot ?? '/proc'
  const exclude = opts.exclude ?? DEFAULT_NET_EXCLUDE
  const now = opts.now ?? (() => performance.now())
  let prev: Reading | undefined
  const read = async (signal: AbortSignal): Promise<Reading> => {
    const text = await readProc(procRoot, 'net/dev', signal)
    const all = parseOrThrow('/proc/net/dev', () => parseNetDev(text))
    return { at: now(), ifaces: new Map([...all].filter(([name]) => !exclude.test(name))) }
  }
  return {
    name: 'network',
    defaultEnabled: true,
    provides: ['network_rx_bytes_per_s', 'network_tx_bytes_per_s'],
    async collect(signal) {
      if (!prev) {
        prev = await read(signal)
        await delay(opts.primeMs ?? 250, signal)
      }
      const cur = await read(signal)
      const seconds = (cur.at - prev.at) / 1000
      if (seconds <= 0) throw new CollectError('no_data', 'no time elapsed between two readings')
      let rx = 0
      let tx = 0
      for (const [name, c] of cur.ifaces) {
        const p = prev.ifaces.get(name)
        // A new interface, or counters that went back (interface re-created): no delta this time.
        if (!p) continue
        if (c.rx >= p.rx) rx += c.rx - p.rx
        if (c.tx >= p.tx) tx += c.tx - p.tx
      }
      prev = cur
      return { network_rx_bytes_per_s: rx / seconds, network_tx_bytes_per_s: tx / seconds }
    },
  }
}
