import { symlinkSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { describeWithDocker, testDocker } from '@smartcloudops/test-support'
import { testContainers, type TestContainers } from '../../test-support/test-containers'
import { containersCollector } from '../collect/containers/collector'
import { dockerErrorCode } from '../remediate/result'
import { lazyDocker } from './lazy-docker'

const never = new AbortController().signal
const engineSocket = () => {
  const h = process.env['DOCKER_HOST']
  return h?.startsWith('unix://') ? h.slice('unix://'.length) : '/var/run/docker.sock'
}

describe('lazy docker client on a host without a Docker socket', () => {
  let dir: string
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'scops-lazy-docker-'))
  })
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  it('never loads dockerode, and reports the engine unreachable exactly as the eager client did', async () => {
    const lazy = lazyDocker({ socketPath: join(dir, 'absent.sock') })
    const err = await lazy.docker.listContainers({ all: true }).catch((e: unknown) => e)
    expect(dockerErrorCode(err)).toEqual({ code: 'docker_unreachable', retryable: true })
    expect((err as Error).message).toBe(`connect ENOENT ${join(dir, 'absent.sock')}`)
    // A handle's methods fail the same way (an executor's restart on a host without Docker).
    const viaHandle = await lazy.docker.getContainer('0123456789ab').restart().catch((e: unknown) => e)
    expect(dockerErrorCode(viaHandle).code).toBe('docker_unreachable')

    const collector = containersCollector({ docker: lazy.docker })
    try {
      await expect(collector.collect(never)).rejects.toMatchObject({ code: 'docker_unreachable' })
    } finally {
      await collector.close?.()
    }
    expect(lazy.loaded).toBe(false)
  })
})

describeWithDocker('lazy docker client once the socket answers', () => {
  const docker = testDocker()
  let tc: TestContainers
  let dir: string
  beforeAll(async () => {
    tc = testContainers(docker)
    dir = await mkdtemp(join(tmpdir(), 'scops-lazy-docker-'))
  })
  afterAll(async () => {
    await tc.cleanup()
    await rm(dir, { recursive: true, force: true })
  })

  it('loads dockerode when the socket appears (engine started after the agent) and then serves the collector and handles', async () => {
    const name = `lazy-${tc.runId}`
    const created = await tc.create({ name })
    const socketPath = join(dir, 'docker.sock')
    const lazy = lazyDocker({ socketPath })
    await expect(lazy.docker.ping()).rejects.toMatchObject({ code: 'ENOENT' })
    expect(lazy.loaded).toBe(false)

    symlinkSync(engineSocket(), socketPath)
    const info = await lazy.docker.getContainer(created.id).inspect()
    expect(info.Name).toBe(`/${name}`)
    expect(lazy.loaded).toBe(true)

    const collector = containersCollector({ docker: lazy.docker })
    try {
      const values = await collector.collect(never)
      expect(values[`container_running:${name}`]).toBe(1)
    } finally {
      await collector.close?.()
    }
  })
})
