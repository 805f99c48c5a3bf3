import type Docker from 'dockerode'
import { dockerErrorCode } from '../../remediate/result'
import { CollectError, type Collector } from '../types'
import { cpuPercent, cpuSample, memoryPercent, type CpuSample, type RawStats } from './stats'

export interface ContainersOptions {
  docker: Docker
  /** Inspect calls in flight at once. */
  concurrency?: number
  /**
   * Stats calls in flight at once. The engine answers a stats request on its next internal
   * sampling tick (up to ~1 s, measured on Docker 20.10 even with one-shot), so these wait in
   * parallel rather than one after another.
   */
  statsConcurrency?: number
}

/** Exit codes of a container that was told to stop (SIGTERM / SIGKILL after the grace period, Ctrl-C). */
const STOPPED_ON_PURPOSE = new Set([0, 130, 137, 143])

/**
 * "Unhealthy or exited unexpectedly": failing healthcheck, restarting, dead, OOM-killed, or
 * exited with a code other than a requested stop's. The engine does not say whether a person
 * stopped a container, so a crash that happens to exit 137/143 is not counted.
 */
function isUnhealthy(s: Docker.ContainerInspectInfo['State']): boolean {
  if (s.Health?.Status === 'unhealthy' || s.Restarting || s.Dead || s.OOMKilled) return true
  return s.Status === 'exited' && !STOPPED_ON_PURPOSE.has(s.ExitCode)
}

async function eachLimited<T>(items: readonly T[], limit: number, fn: (t: T) => Promise<void>): Promise<void> {
  let next = 0
  const worker = async () => {
    while (next < items.length) await fn(items[next++]!)
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
}

const gone = (err: unknown) => (err as { statusCode?: number })?.statusCode === 404

/**
 * Per container (qualifier = its name): container_running, container_restarts, container_healthy
 * (only with a healthcheck), container_cpu_percent and container_memory_percent (running only);
 * bare containers_unhealthy. CPU needs two samples: the first collection of a container has none.
 */
export function containersCollector(opts: ContainersOptions): Collector {
  const { docker } = opts
  const limit = opts.concurrency ?? 8
  const statsLimit = opts.statsConcurrency ?? 64
  const prevCpu = new Map<string, CpuSample>()

  return {
    name: 'containers',
    defaultEnabled: true,
    // The engine's stats latency (~1 s per tick) would trip a short sample timeout.
    timeoutMs: 5_000,
    provides: [
      'container_running',
      'container_restarts',
      'container_healthy',
      'container_cpu_percent',
      'container_memory_percent',
      'containers_unhealthy',
    ],
    async collect(signal) {
      let list: Docker.ContainerInfo[]
      try {
        list = await docker.listContainers({ all: true, abortSignal: signal })
      } catch (err) {
        if (signal.aborted) throw err
        throw new CollectError(dockerErrorCode(err).code, `listing containers: ${(err as Error).message}`, { cause: err })
      }
      const out: Record<string, number> = {}
      let unhealthy = 0
      const seen = new Set<string>()
      const running: { id: string; name: string }[] = []
      const wrap = (err: unknown): never => {
        if (signal.aborted || err instanceof CollectError) throw err
        throw new CollectError(dockerErrorCode(err).code, `reading containers: ${(err as Error).message}`, { cause: err })
      }
      await eachLimited(list, limit, async (c) => {
        const name = (c.Names[0] ?? c.Id.slice(0, 12)).replace(/^\//, '')
        let info: Docker.ContainerInspectInfo
        try {
          info = await docker.getContainer(c.Id).inspect({ abortSignal: signal })
        } catch (err) {
          if (gone(err)) return // removed since the list: it simply is not there any more
          throw err
        }
        seen.add(c.Id)
        const isRunning = info.State.Running === true
        out[`container_running:${name}`] = isRunning ? 1 : 0
        out[`container_restarts:${name}`] = info.RestartCount
        const health = info.State.Health?.Status
        if (health === 'healthy') out[`container_healthy:${name}`] = 1
        else if (health === 'unhealthy') out[`container_healthy:${name}`] = 0
        if (isUnhealthy(info.State)) unhealthy++
        if (isRunning) running.push({ id: c.Id, name })
        else prevCpu.delete(c.Id)
      }).catch(wrap)

      await eachLimited(running, statsLimit, async ({ id, name }) => {
        let stats: RawStats
        try {
          stats = (await docker.getContainer(id).stats({ stream: false, 'one-shot': true, abortSignal: signal } as object)) as RawStats
        } catch (err) {
          if (gone(err)) return
          throw err
        }
        const cur = cpuSample(stats.cpu_stats)
        // precpu_stats is filled by engines that sample twice themselves; with one-shot it is empty.
        const cpu = cpuPercent(cpuSample(stats.precpu_stats), cur) ?? cpuPercent(prevCpu.get(id), cur)
        if (cur) prevCpu.set(id, cur)
        if (cpu !== undefined) out[`container_cpu_percent:${name}`] = cpu
        const mem = memoryPercent(stats.memory_stats)
        if (mem !== undefined) out[`container_memory_percent:${name}`] = mem
      }).catch(wrap)
      for (const id of prevCpu.keys()) if (!seen.has(id)) prevCpu.delete(id)
      out.containers_unhealthy = unhealthy
      return out
    },
  }
}
