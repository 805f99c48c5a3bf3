import type Docker from 'dockerode'
import type { Logger } from 'pino'
import type { Collector } from '../types'
import { ContainerWatch } from './watch'

export interface ContainersOptions {
  docker: Docker
  log?: Logger
  /** Stats older than this are reported missing (default: ContainerWatch's 5 s). */
  staleMs?: number
  /** A watch shared with the rest of the agent (lock targets); default: one of its own. */
  watch?: ContainerWatch
}

/**
 * Container metrics from a ContainerWatch (./watch.ts: Docker events + one streaming stats request
 * per running container, kept current in the background). A cycle reads the latest values and
 * never waits on the engine — except the very first one, which waits (under the runner's timeout)
 * for the first listing. Stale or not-yet-received stats are reported missing with a reason.
 */
export function containersCollector(opts: ContainersOptions): Collector & { watch: ContainerWatch } {
  const watch = opts.watch ?? new ContainerWatch({ docker: opts.docker, ...(opts.log ? { log: opts.log } : {}), ...(opts.staleMs !== undefined ? { staleMs: opts.staleMs } : {}) })
  let firstSync = true
  let missing: Record<string, string> = {}
  return {
    name: 'containers',
    defaultEnabled: true,
    // Only the first collection waits (for the first listing of a busy engine).
    timeoutMs: 5_000,
    provides: ['container_running', 'container_restarts', 'container_healthy', 'container_cpu_percent', 'container_memory_percent', 'containers_unhealthy'],
    watch,
    async collect(signal) {
      watch.start()
      if (firstSync && !watch.synced) await watch.whenSettled(signal)
      firstSync = false
      missing = {}
      const snap = await watch.snapshot()
      missing = snap.missing
      return snap.values
    },
    lastMissing: () => missing,
    close: () => watch.close(),
  }
}
