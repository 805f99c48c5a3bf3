/** Parsers for the few /proc files the host collectors read. Pure, so tests run on fixture files. */

export interface CpuTimes {
  /** All jiffies except guest time (already counted in user/nice). */
  total: number
  /** idle + iowait. */
  idle: number
}

/** The aggregate `cpu` line of /proc/stat. */
export function parseProcStatCpu(text: string): CpuTimes {
  const line = text.split('\n').find((l) => l.startsWith('cpu '))
  if (!line) throw new Error('no aggregate "cpu" line in /proc/stat')
  const f = line.trim().split(/\s+/).slice(1).map(Number)
  if (f.length < 4 || f.some((n) => !Number.isFinite(n))) throw new Error('malformed "cpu" line in /proc/stat')
  const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = f
  return { total: user + nice + system + idle + iowait + irq + softirq + steal, idle: idle + iowait }
}

export interface NetCounters {
  rx: number
  tx: number
}

/** /proc/net/dev: interface → received / transmitted byte counters. */
export function parseNetDev(text: string): Map<string, NetCounters> {
  const out = new Map<string, NetCounters>()
  for (const line of text.split('\n').slice(2)) {
    const i = line.indexOf(':')
    if (i === -1) continue
    const name = line.slice(0, i).trim()
    const f = line.slice(i + 1).trim().split(/\s+/).map(Number)
    if (f.length < 9 || !Number.isFinite(f[0]) || !Number.isFinite(f[8])) continue
    out.set(name, { rx: f[0]!, tx: f[8]! })
  }
  return out
}

/** /proc/loadavg: the 1, 5 and 15 minute load averages. */
export function parseLoadavg(text: string): [number, number, number] {
  const [a, b, c] = text.trim().split(/\s+/).map(Number)
  if (![a, b, c].every((n) => typeof n === 'number' && Number.isFinite(n) && n >= 0)) throw new Error('malformed /proc/loadavg')
  return [a!, b!, c!]
}
