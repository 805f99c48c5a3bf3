import { randomBytes } from 'node:crypto'
import Docker from 'dockerode'
import { testImage } from '@smartcloudops/test-support'

/**
 * Real containers for the agent benchmarks: the local test image, uniquely named, labelled with
 * the run's id so that `remove()` (and a crashed run's next start) clears exactly these.
 */
export const BENCH_LABEL = 'scops.bench'

export interface BenchContainers {
  runId: string
  docker: Docker
  /** Starts `n` more idle containers; resolves with their names. */
  add(n: number): Promise<string[]>
  /** Stops and removes one of them (the oldest); resolves with its name, or undefined when none. */
  removeOne(): Promise<string | undefined>
  /** Removes every container of this run. */
  remove(): Promise<void>
  readonly names: readonly string[]
}

export function benchContainers(docker: Docker = new Docker()): BenchContainers {
  const runId = `${process.pid}-${randomBytes(3).toString('hex')}`
  const live: Array<{ name: string; c: Docker.Container }> = []
  let seq = 0
  return {
    runId,
    docker,
    get names() {
      return live.map((l) => l.name)
    },
    async add(n) {
      const made = await Promise.all(
        Array.from({ length: n }, async () => {
          const name = `scops-bench-${runId}-${seq++}`
          const c = await docker.createContainer({ name, Image: testImage, Cmd: ['sleep', '86400'], Labels: { [BENCH_LABEL]: runId }, HostConfig: { Init: true, NetworkMode: 'host' } })
          await c.start()
          return { name, c }
        }),
      )
      live.push(...made)
      return made.map((m) => m.name)
    },
    async removeOne() {
      const first = live.shift()
      if (!first) return undefined
      await first.c.remove({ force: true })
      return first.name
    },
    async remove() {
      live.length = 0
      const list = await docker.listContainers({ all: true, filters: { label: [`${BENCH_LABEL}=${runId}`] } })
      await Promise.all(list.map((c) => docker.getContainer(c.Id).remove({ force: true }).catch(() => undefined)))
    },
  }
}
