import { readFile } from 'node:fs/promises'
import { totalmem } from 'node:os'
import { join } from 'node:path'

/**
 * A container's CPU and memory read straight from its cgroup files — no request to the engine at
 * all (ContainerWatch `source: 'cgroup'`; the default is the stream). Measured (root README):
 * Docker's streaming stats cost the engine ~0.07 % of a core per container (it reads these same
 * files and encodes JSON every second), these reads nothing in the engine — but more in the agent,
 * and, read in the cycle, they put tens of ms between sample and action under load. The paths
 * come from /proc/<pid>/cgroup of the container's main process, so the cgroup driver (cgroupfs or
 * systemd) and the nesting do not matter; v1 and v2 are both read:
 *   v1: cpuacct/<path>/cpuacct.usage (ns), memory/<path>/memory.usage_in_bytes, memory.stat
 *       (total_inactive_file), memory.limit_in_bytes
 *   v2: <path>/cpu.stat (usage_usec), memory.current, memory.stat (inactive_file), memory.max
 * Memory in use excludes inactive file cache, as `docker stats` does; an unlimited cgroup is
 * measured against the host's memory, as the engine does.
 */
export interface CgroupFiles {
  version: 1 | 2
  cpu: string
  memUsage: string
  memStat: string
  memLimit: string
}

export interface CgroupReading {
  /** Container CPU time, ns. */
  cpuNs: number
  memUsed: number
  memLimit: number
}

export interface CgroupRoots {
  procRoot: string
  cgroupRoot: string
}

export const defaultRoots: CgroupRoots = { procRoot: '/proc', cgroupRoot: '/sys/fs/cgroup' }

/** Where a process's cgroup files are; undefined when they cannot be read here (then: streaming stats). */
export async function cgroupFilesOf(pid: number, roots: CgroupRoots = defaultRoots): Promise<CgroupFiles | undefined> {
  if (!Number.isInteger(pid) || pid <= 0) return undefined
  let text: string
  try {
    text = await readFile(join(roots.procRoot, String(pid), 'cgroup'), 'utf8')
  } catch {
    return undefined
  }
  const byController = new Map<string, string>()
  let unified: string | undefined
  for (const line of text.split('\n')) {
    const m = /^\d+:([^:]*):(\/.*)$/.exec(line.trim())
    if (!m) continue
    if (m[1] === '') unified = m[2]
    else for (const c of m[1]!.split(',')) byController.set(c, m[2]!)
  }
  const cpuacct = byController.get('cpuacct')
  const memory = byController.get('memory')
  let files: CgroupFiles | undefined
  if (cpuacct !== undefined && memory !== undefined) {
    const mem = join(roots.cgroupRoot, 'memory', memory)
    files = { version: 1, cpu: join(roots.cgroupRoot, 'cpuacct', cpuacct, 'cpuacct.usage'), memUsage: join(mem, 'memory.usage_in_bytes'), memStat: join(mem, 'memory.stat'), memLimit: join(mem, 'memory.limit_in_bytes') }
  } else if (unified !== undefined && byController.size === 0) {
    const dir = join(roots.cgroupRoot, unified)
    files = { version: 2, cpu: join(dir, 'cpu.stat'), memUsage: join(dir, 'memory.current'), memStat: join(dir, 'memory.stat'), memLimit: join(dir, 'memory.max') }
  }
  if (!files) return undefined
  return (await readCgroup(files)) ? files : undefined
}

function statField(stat: string, key: string): number | undefined {
  const m = new RegExp(`^${key} (\\d+)$`, 'm').exec(stat)
  return m ? Number(m[1]) : undefined
}

const int = (s: string): number | undefined => (/^\d+$/.test(s.trim()) ? Number(s.trim()) : undefined)

/** One reading; undefined when a file is gone (the container stopped) or malformed. */
export async function readCgroup(f: CgroupFiles): Promise<CgroupReading | undefined> {
  let texts: string[]
  try {
    texts = await Promise.all([f.cpu, f.memUsage, f.memStat, f.memLimit].map((p) => readFile(p, 'utf8')))
  } catch {
    return undefined
  }
  const [cpu = '', usage = '', stat = '', limit = ''] = texts
  const cpuNs = f.version === 1 ? int(cpu) : (statField(cpu, 'usage_usec') ?? NaN) * 1000
  const used = int(usage)
  const inactive = statField(stat, f.version === 1 ? 'total_inactive_file' : 'inactive_file') ?? 0
  const host = totalmem()
  // v1 writes "unlimited" as a huge number, v2 as "max": either way the host's memory is the limit.
  const lim = limit.trim() === 'max' ? host : int(limit)
  if (cpuNs === undefined || !Number.isFinite(cpuNs) || used === undefined || lim === undefined) return undefined
  return { cpuNs, memUsed: inactive < used ? used - inactive : used, memLimit: Math.min(lim, host) }
}
