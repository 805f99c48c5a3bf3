import type Docker from 'dockerode'
import { lazyDocker } from '../docker/lazy-docker'
import { containersCollector } from './containers/collector'
import type { ContainerWatch } from './containers/watch'
import { cpuCollector } from './host/cpu'
import { diskCollector } from './host/disk'
import { readHostFilesystems } from './host/disk-statfs'
import { loadCollector } from './host/load'
import { memoryCollector } from './host/memory'
import { networkCollector } from './host/network'
import { probesCollector, type Probe } from './probes'
import type { Collector } from './types'

export interface CollectorOptions {
  /** Docker client for the containers collector (default: the local engine, DOCKER_HOST honoured). */
  docker?: Docker
  /** The container watch the containers collector reads (main.ts shares it with the target locks). */
  containerWatch?: ContainerWatch
  /** HTTP probes from local policy. */
  probes: readonly Probe[]
  /**
   * Root of the proc filesystem (tests use fixture trees; a container with the host's /proc
   * mounted elsewhere, e.g. /host/proc, passes that). When set, disk usage is read through it too
   * (readHostFilesystems: the host init's mounts and statfs via /proc/1/root) instead of `df`.
   */
  procRoot?: string
  /** How often disk usage (`df`) is refreshed; default 60 s. */
  diskRefreshMs?: number
  /** Names to run; default: every collector with defaultEnabled. */
  enabled?: readonly string[]
}

/** The registry: one factory per collector. Each call makes fresh instances (collectors keep deltas). */
export const collectorFactories: Record<string, (o: CollectorOptions) => Collector> = {
  cpu: (o) => cpuCollector({ procRoot: o.procRoot }),
  memory: (o) => memoryCollector({ procRoot: o.procRoot }),
  disk: (o) => diskCollector({ refreshMs: o.diskRefreshMs, ...(o.procRoot ? { read: () => readHostFilesystems(o.procRoot!) } : {}) }),
  load: (o) => loadCollector({ procRoot: o.procRoot }),
  network: (o) => networkCollector({ procRoot: o.procRoot }),
  containers: (o) => containersCollector({ docker: o.docker ?? lazyDocker().docker, ...(o.containerWatch ? { watch: o.containerWatch } : {}) }),
  probes: (o) => probesCollector(o.probes),
}

export function createCollectors(opts: CollectorOptions): Collector[] {
  const all = Object.values(collectorFactories).map((make) => make(opts))
  if (opts.enabled) {
    const unknown = opts.enabled.filter((n) => !Object.hasOwn(collectorFactories, n))
    if (unknown.length > 0) throw new Error(`unknown collector(s): ${unknown.join(', ')} (known: ${Object.keys(collectorFactories).join(', ')})`)
    return all.filter((c) => opts.enabled!.includes(c.name))
  }
  return all.filter((c) => c.defaultEnabled)
}
