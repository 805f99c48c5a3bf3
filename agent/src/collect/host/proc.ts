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

/**
 * /proc/meminfo in bytes, as systeminformation's mem() reads it: MemAvailable (kernel ≥ 3.14),
 * else free + buffers + cached. Read here rather than through systeminformation, which always
 * opens /proc and cannot be pointed at a host's /proc mounted elsewhere (its issue #777).
 */
export function parseMeminfo(text: string): { total: number; available: number; swaptotal: number; swapused: number } {
  const kb = new Map<string, number>()
  for (const line of text.split('\n')) {
    const m = /^(\w+(?:\(\w+\))?):\s+([0-9]+)(?:\s+kB)?\s*$/.exec(line)
    if (m) kb.set(m[1]!, Number(m[2]) * 1024)
  }
  const total = kb.get('MemTotal')
  if (total === undefined) throw new Error('no MemTotal line in /proc/meminfo')
  const available = kb.get('MemAvailable') ?? (kb.get('MemFree') ?? 0) + (kb.get('Buffers') ?? 0) + (kb.get('Cached') ?? 0)
  const swaptotal = kb.get('SwapTotal') ?? 0
  return { total, available, swaptotal, swapused: Math.max(0, swaptotal - (kb.get('SwapFree') ?? swaptotal)) }
}

/** /proc/<pid>/mounts (fstab format; spaces in paths are octal escapes, `\040`). */
export function parseMounts(text: string): Array<{ fs: string; mount: string; type: string }> {
  const unescape = (s: string) => s.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8)))
  const out: Array<{ fs: string; mount: string; type: string }> = []
  for (const line of text.split('\n')) {
    const f = line.trim().split(/\s+/)
    if (f.length < 3) continue
    out.push({ fs: unescape(f[0]!), mount: unescape(f[1]!), type: f[2]! })
  }
  return out
}
