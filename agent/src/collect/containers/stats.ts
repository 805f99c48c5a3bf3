/**
 * Parsing of the Docker Engine's container stats (GET /containers/{id}/stats). The shape differs
 * between cgroup v1 hosts (memory_stats.stats has cache / total_inactive_file, percpu_usage) and
 * cgroup v2 hosts (memory_stats.stats has inactive_file, anon, file; no percpu_usage). With
 * `one-shot=true` the engine leaves precpu_stats empty, so CPU is computed from two samples kept by
 * the caller.
 */

export interface CpuSample {
  /** Container CPU time, ns. */
  container: number
  /** Host CPU time (all CPUs), ns, as the engine reports it. */
  system: number
  onlineCpus: number
}

interface RawCpuStats {
  cpu_usage?: { total_usage?: number; percpu_usage?: number[] | null }
  system_cpu_usage?: number
  online_cpus?: number
}

export interface RawStats {
  read?: string
  cpu_stats?: RawCpuStats
  precpu_stats?: RawCpuStats
  memory_stats?: { usage?: number; limit?: number; stats?: Record<string, number> }
}

const num = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v)

export function cpuSample(s: RawCpuStats | undefined): CpuSample | undefined {
  const container = s?.cpu_usage?.total_usage
  const system = s?.system_cpu_usage
  if (!num(container) || !num(system) || system <= 0) return undefined
  const online = num(s?.online_cpus) && s.online_cpus > 0 ? s.online_cpus : s?.cpu_usage?.percpu_usage?.length || 1
  return { container, system, onlineCpus: online }
}

/**
 * Percent of one core, as `docker stats` shows it (200 = two cores busy):
 * Δcontainer / Δsystem × online CPUs × 100. Undefined when there is no usable previous sample.
 */
export function cpuPercent(prev: CpuSample | undefined, cur: CpuSample | undefined): number | undefined {
  if (!prev || !cur) return undefined
  const dc = cur.container - prev.container
  const ds = cur.system - prev.system
  if (ds <= 0 || dc < 0) return undefined
  return (dc / ds) * cur.onlineCpus * 100
}

/**
 * Memory in use, without page cache the kernel can reclaim (what `docker stats` shows):
 * v1 subtracts total_inactive_file (older engines: cache), v2 subtracts inactive_file.
 */
export function memoryUsed(m: RawStats['memory_stats']): number | undefined {
  if (!m || !num(m.usage)) return undefined
  const s = m.stats ?? {}
  if (num(s.total_inactive_file)) return s.total_inactive_file < m.usage ? m.usage - s.total_inactive_file : m.usage // v1
  if (num(s.inactive_file)) return s.inactive_file < m.usage ? m.usage - s.inactive_file : m.usage // v2 (and v1 without totals)
  if (num(s.cache)) return s.cache < m.usage ? m.usage - s.cache : m.usage // old v1 engines
  return m.usage
}

export function memoryPercent(m: RawStats['memory_stats']): number | undefined {
  const used = memoryUsed(m)
  const limit = m?.limit
  if (used === undefined || !num(limit) || limit <= 0) return undefined
  return (used / limit) * 100
}

export function cgroupVersion(s: RawStats): 1 | 2 | undefined {
  const st = s.memory_stats?.stats
  if (!st) return undefined
  if ('total_inactive_file' in st || 'cache' in st || 'hierarchical_memory_limit' in st) return 1
  if ('anon' in st || 'file' in st || 'inactive_file' in st) return 2
  return undefined
}
