import type Docker from 'dockerode'
import { afterEach, expect, test } from 'vitest'
import {
  describeWithDocker,
  freePort,
  testDocker,
  testImage,
  testImageIndexHtml,
  waitFor,
} from '@smartcloudops/test-support'

describeWithDocker('Docker smoke', () => {
  const docker = testDocker()
  const created: Docker.Container[] = []

  async function createContainer(cmd: string[]): Promise<Docker.Container> {
    const container = await docker.createContainer({
      name: `scops-smoke-${process.pid}-${Math.random().toString(36).slice(2, 8)}`,
      Image: testImage,
      Cmd: cmd,
      Labels: { 'io.smartcloudops.test': 'smoke' },
      HostConfig: { Init: true, NetworkMode: 'host' },
    })
    created.push(container)
    return container
  }

  afterEach(async () => {
    for (const container of created.splice(0)) {
      await container.remove({ force: true }).catch((error: { statusCode?: number }) => {
        if (error.statusCode !== 404) throw error
      })
    }
  })

  test('creates, starts, restarts and removes a container', async () => {
    const container = await createContainer(['sleep', '3600'])
    await container.start()
    const first = await container.inspect()
    expect(first.State.Running).toBe(true)

    await container.restart({ t: 1 })
    const second = await container.inspect()
    expect(second.State.Running).toBe(true)
    expect(second.State.Pid).not.toBe(first.State.Pid)
    expect(Date.parse(second.State.StartedAt)).toBeGreaterThan(Date.parse(first.State.StartedAt))

    await container.remove({ force: true })
    await expect(container.inspect()).rejects.toMatchObject({ statusCode: 404 })
  })

  test('serves HTTP from a host-network container on 127.0.0.1', async () => {
    const port = await freePort()
    const container = await createContainer(['httpd', '-f', '-p', `127.0.0.1:${port}`, '-h', '/www'])
    await container.start()
    const body = await waitFor(
      async () => {
        const response = await fetch(`http://127.0.0.1:${port}/index.html`)
        return response.ok ? response.text() : undefined
      },
      { timeoutMs: 10_000, description: `httpd answering on 127.0.0.1:${port}` },
    )
    expect(body).toBe(testImageIndexHtml)
  })
})
