import { randomBytes } from 'node:crypto'
import type Docker from 'dockerode'
import { testImage } from '@smartcloudops/test-support'

export interface TestContainers {
  /** Unique per test file run; every container carries the label scops.test=<runId>. */
  runId: string
  create(opts: { name: string; labels?: Record<string, string>; cmd?: string[]; start?: boolean }): Promise<Docker.Container>
  /** Removes every container labelled with this run's id, including ones the code under test created. */
  cleanup(): Promise<void>
}

/** Test containers as the handbook asks: testImage, Init, host network, labelled with the run id. */
export function testContainers(docker: Docker): TestContainers {
  const runId = `${process.pid}-${randomBytes(3).toString('hex')}`
  return {
    runId,
    async create({ name, labels = {}, cmd = ['sleep', '3600'], start = true }) {
      const c = await docker.createContainer({
        name,
        Image: testImage,
        Cmd: cmd,
        Labels: { ...labels, 'scops.test': runId },
        HostConfig: { Init: true, NetworkMode: 'host' },
      })
      if (start) await c.start()
      return c
    },
    async cleanup() {
      const list = await docker.listContainers({ all: true, filters: { label: [`scops.test=${runId}`] } })
      await Promise.all(
        list.map((c) =>
          docker
            .getContainer(c.Id)
            .remove({ force: true })
            .catch((e: { statusCode?: number }) => {
              if (e.statusCode !== 404) throw e
            }),
        ),
      )
    },
  }
}
