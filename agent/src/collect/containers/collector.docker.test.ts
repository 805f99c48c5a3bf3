import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Docker from 'dockerode'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { describeWithDocker, testDocker, testImage, waitFor } from '@smartcloudops/test-support'
import { testContainers, type TestContainers } from '../../../test-support/test-containers'
import { runCollectors } from '../runner'
import { containersCollector } from './collector'

describeWithDocker('containers collector on the test engine', () => {
  const docker = testDocker()
  let tc: TestContainers

  beforeAll(() => {
    tc = testContainers(docker)
  })
  afterAll(async () => {
    await tc.cleanup()
  })

  it('reports a real container’s state, restarts, memory and (from the second sample) CPU', async () => {
    const busy = `busy-${tc.runId}`
    const idle = `idle-${tc.runId}`
    const crashed = `crashed-${tc.runId}`
    await tc.create({ name: busy, cmd: ['sh', '-c', 'while :; do :; done'] })
    const idleC = await tc.create({ name: idle })
    const crashedC = await tc.create({ name: crashed, cmd: ['sh', '-c', 'exit 3'] })
    await crashedC.wait()

    const collector = containersCollector({ docker })
    const first = await collector.collect(new AbortController().signal)
    expect(first[`container_running:${busy}`]).toBe(1)
    expect(first[`container_running:${crashed}`]).toBe(0)
    expect(first[`container_restarts:${busy}`]).toBe(0)
    expect(first[`container_memory_percent:${busy}`]).toBeGreaterThan(0)
    expect(first[`container_memory_percent:${busy}`]).toBeLessThan(100)
    // one sample is not enough for CPU (one-shot stats carry no previous reading): absent, not 0
    expect(first).not.toHaveProperty(`container_cpu_percent:${busy}`)
    // no healthcheck: no container_healthy
    expect(first).not.toHaveProperty(`container_healthy:${busy}`)
    // the crashed one (exit 3) counts as unhealthy
    expect(first.containers_unhealthy).toBeGreaterThanOrEqual(1)

    const t0 = performance.now()
    const second = await collector.collect(new AbortController().signal)
    const ms = performance.now() - t0
    const seen = Object.keys(second).filter((k) => k.startsWith('container_running:')).length
    console.log(`[containers collector] one sample: ${ms.toFixed(1)} ms for ${seen} container(s) on the engine`)
    expect(second[`container_cpu_percent:${busy}`]).toBeGreaterThan(5)
    expect(second[`container_cpu_percent:${idle}`]).toBeLessThan(second[`container_cpu_percent:${busy}`]!)

    await idleC.stop({ t: 1 })
    const third = await collector.collect(new AbortController().signal)
    expect(third[`container_running:${idle}`]).toBe(0)
    expect(third).not.toHaveProperty(`container_cpu_percent:${idle}`)
  })

  it('reports a healthcheck’s verdict', async () => {
    const name = `hc-${tc.runId}`
    const c = await docker.createContainer({
      name,
      Image: testImage,
      Cmd: ['sleep', '3600'],
      Labels: { 'scops.test': tc.runId },
      Healthcheck: { Test: ['CMD', 'false'], Interval: 200_000_000, Retries: 1, Timeout: 1_000_000_000 },
      HostConfig: { Init: true, NetworkMode: 'host' },
    })
    await c.start()
    const collector = containersCollector({ docker })
    const m = await waitFor(
      async () => {
        const r = await collector.collect(new AbortController().signal)
        return r[`container_healthy:${name}`] === 0 ? r : undefined
      },
      { timeoutMs: 15_000, description: 'the failing healthcheck to mark the container unhealthy' },
    )
    expect(m.containers_unhealthy).toBeGreaterThanOrEqual(1)
  })

  it('an unreachable engine makes its metrics missing with a code, and the collector unhealthy', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'scops-nodocker-'))
    try {
      const collector = containersCollector({ docker: new Docker({ socketPath: join(dir, 'docker.sock') }) })
      const r = await runCollectors([collector], { timeoutMs: 2000 })
      expect(r.health.containers).toMatchObject({ ok: false, error: 'docker_unreachable' })
      expect(r.missing).toMatchObject({ containers: 'docker_unreachable', container_running: 'docker_unreachable', containers_unhealthy: 'docker_unreachable' })
      expect(r.metrics).toEqual({})
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})
