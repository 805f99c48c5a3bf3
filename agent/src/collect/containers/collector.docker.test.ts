import { getEventListeners } from 'node:events'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Docker from 'dockerode'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { describeWithDocker, testDocker, testImage, waitFor } from '@smartcloudops/test-support'
import { testContainers, type TestContainers } from '../../../test-support/test-containers'
import { runCollectors } from '../runner'
import { containersCollector } from './collector'
import { ContainerWatch } from './watch'

const never = new AbortController().signal

describeWithDocker('containers collector on the test engine (Docker events + streaming stats)', () => {
  const docker = testDocker()
  let tc: TestContainers

  beforeAll(() => {
    tc = testContainers(docker)
  })
  afterAll(async () => {
    await tc.cleanup()
  })

  for (const source of ['stream', 'cgroup'] as const)
  it(`reports state, memory and CPU (source ${source}), and follows containers started and stopped after it began`, async () => {
    const busy = `busy-${source}-${tc.runId}`
    const idle = `idle-${source}-${tc.runId}`
    const crashed = `crashed-${source}-${tc.runId}`
    await tc.create({ name: busy, cmd: ['sh', '-c', 'while :; do :; done'] })
    const idleC = await tc.create({ name: idle })
    const crashedC = await tc.create({ name: crashed, cmd: ['sh', '-c', 'exit 3'] })
    await crashedC.wait()

    const collector = containersCollector({ docker, watch: new ContainerWatch({ docker, source }) })
    try {
      const first = await collector.collect(never)
      expect(first[`container_running:${busy}`]).toBe(1)
      expect(first[`container_running:${crashed}`]).toBe(0)
      expect(first[`container_restarts:${busy}`]).toBe(0)
      expect(first).not.toHaveProperty(`container_healthy:${busy}`) // no healthcheck
      expect(first.containers_unhealthy).toBeGreaterThanOrEqual(1) // the crashed one (exit 3)
      // a stopped container has no stats request open
      expect(collector.lastMissing!()).not.toHaveProperty(`container_cpu_percent:${crashed}`)

      const m = await waitFor(
        async () => {
          const r = await collector.collect(never)
          return r[`container_cpu_percent:${busy}`] !== undefined && r[`container_cpu_percent:${idle}`] !== undefined ? r : undefined
        },
        { timeoutMs: 20_000, description: 'CPU from the stats streams of both running containers' },
      )
      expect(m[`container_cpu_percent:${busy}`]).toBeGreaterThan(5)
      expect(m[`container_cpu_percent:${idle}`]).toBeLessThan(m[`container_cpu_percent:${busy}`]!)
      expect(m[`container_memory_percent:${busy}`]).toBeGreaterThan(0)
      expect(m[`container_memory_percent:${busy}`]).toBeLessThan(100)

      // a collection is a read of what the streams delivered: no engine round trip
      const t0 = performance.now()
      await collector.collect(never)
      const ms = performance.now() - t0
      console.log(`[containers collector] one sample: ${ms.toFixed(2)} ms with ${collector.watch.openStreams} stats stream(s) open`)

      // started after the watch began: seen through the event stream
      const late = `late-${source}-${tc.runId}`
      await tc.create({ name: late })
      await waitFor(async () => (await collector.collect(never))[`container_running:${late}`] === 1, { description: 'the late container to appear' })

      await idleC.stop({ t: 1 })
      const stopped = await waitFor(async () => {
        const r = await collector.collect(never)
        return r[`container_running:${idle}`] === 0 ? r : undefined
      }, { description: 'the stopped container to show as not running' })
      expect(stopped).not.toHaveProperty(`container_cpu_percent:${idle}`)

      await idleC.remove({ force: true })
      await waitFor(async () => !(`container_running:${idle}` in (await collector.collect(never))), { description: 'the removed container to disappear' })
      const running = collector.watch.containers().filter((c) => c.running).length
      const { cgroup, stream } = collector.watch.sources
      // each running container read one way, exactly once; 'cgroup' reads this engine's cgroup v1 files
      expect(cgroup + stream).toBe(running)
      if (source === 'stream') expect(cgroup).toBe(0)
      else expect(stream).toBe(0)
    } finally {
      await collector.close!()
    }
    expect(collector.watch.openStreams).toBe(0)
  })

  it('measures a cgroup CPU percentage over at least half a second: a read sooner repeats the last figure', async () => {
    const name = `window-${tc.runId}`
    await tc.create({ name, cmd: ['sh', '-c', 'while :; do :; done'] })
    let clock = 0
    const watch = new ContainerWatch({ docker, source: 'cgroup', now: () => clock })
    const cpu = async () => {
      const snap = await watch.snapshot()
      return { value: snap.values[`container_cpu_percent:${name}`], why: snap.missing[`container_cpu_percent:${name}`] }
    }
    try {
      watch.start()
      await watch.whenSettled(never)
      await waitFor(async () => (await cpu()).why === 'stats_warming_up', { timeoutMs: 20_000, description: 'the first cgroup read' })
      clock += 100
      expect(await cpu()).toEqual({ value: undefined, why: 'stats_warming_up' }) // 100 ms: too short to measure
      clock += 900
      const measured = (await cpu()).value // over the clock's 1,000 ms (whatever the CPU did meanwhile)
      expect(measured).toEqual(expect.any(Number))
      clock += 10
      expect((await cpu()).value).toBe(measured) // 10 ms after: the same figure, not a new one over 10 ms
      expect(watch.sources).toMatchObject({ stream: 0 })
    } finally {
      await watch.close()
    }
  })

  it('reports a container whose newest stats frame is older than the bound as missing (stats_stale), not its old values', async () => {
    const name = `stale-${tc.runId}`
    await tc.create({ name })
    let offset = 0
    // Streaming stats (the default source, where frames can go stale; cgroup files are read each time).
    const watch = new ContainerWatch({ docker, staleMs: 5_000, now: () => performance.now() + offset })
    try {
      watch.start()
      await watch.whenSettled(never)
      await waitFor(async () => (await watch.snapshot()).values[`container_memory_percent:${name}`] !== undefined, { timeoutMs: 20_000, description: 'a first stats frame' })
      // The engine falls silent for longer than the bound (the clock moves on; no frame arrives in between).
      offset += 60_000
      const snap = await watch.snapshot()
      expect(snap.values[`container_running:${name}`]).toBe(1)
      expect(snap.values).not.toHaveProperty(`container_memory_percent:${name}`)
      expect(snap.values).not.toHaveProperty(`container_cpu_percent:${name}`)
      expect(snap.missing).toMatchObject({ [`container_memory_percent:${name}`]: 'stats_stale', [`container_cpu_percent:${name}`]: 'stats_stale' })
      // …and fresh again with the next frame
      await waitFor(async () => (await watch.snapshot()).values[`container_memory_percent:${name}`] !== undefined, { timeoutMs: 20_000, description: 'the next frame' })
    } finally {
      await watch.close()
    }
  })

  it('keeps listeners bounded and emits no MaxListenersExceededWarning as containers come and go', async () => {
    const warnings: string[] = []
    const onWarning = (w: Error) => void (w.name === 'MaxListenersExceededWarning' && warnings.push(w.message))
    process.on('warning', onWarning)
    // Streams (the default): the source whose requests could leak listeners.
    const collector = containersCollector({ docker })
    // One signal shared by every cycle, as the runtime's is: collections must leave nothing on it.
    const shared = new AbortController().signal
    try {
      for (let round = 0; round < 2; round++) {
        const names = Array.from({ length: 12 }, (_, i) => `churn-${round}-${i}-${tc.runId}`)
        const cs = await Promise.all(names.map((name) => tc.create({ name })))
        await waitFor(async () => {
          const r = await runCollectors([collector], { timeoutMs: 5_000, signal: shared })
          const lacking = names.filter((n) => r.metrics[`container_memory_percent:${n}`] === undefined)
          if (lacking.length > 0) throw new Error(`no stats yet for ${lacking.map((n) => `${n} (${r.missing[`container_memory_percent:${n}`] ?? r.missing['containers'] ?? 'not listed'})`).join(', ')}`)
          return true
        }, { timeoutMs: 30_000, description: `stats for round ${round}'s containers` })
        expect(getEventListeners(shared, 'abort')).toHaveLength(0)
        await Promise.all(cs.map((c) => c.remove({ force: true })))
        await waitFor(async () => {
          const r = await runCollectors([collector], { timeoutMs: 5_000, signal: shared })
          return names.every((n) => !(`container_running:${n}` in r.metrics))
        }, { description: `round ${round}'s containers to be gone` })
        expect(collector.watch.sources.cgroup + collector.watch.sources.stream).toBe(collector.watch.containers().filter((c) => c.running).length)
      }
    } finally {
      process.off('warning', onWarning)
      await collector.close!()
    }
    expect(warnings).toEqual([])
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
    try {
      const m = await waitFor(
        async () => {
          const r = await collector.collect(never)
          return r[`container_healthy:${name}`] === 0 ? r : undefined
        },
        { timeoutMs: 15_000, description: 'the failing healthcheck to mark the container unhealthy' },
      )
      expect(m.containers_unhealthy).toBeGreaterThanOrEqual(1)
    } finally {
      await collector.close!()
    }
  })

  it('an unreachable engine makes its metrics missing with a code, and the collector unhealthy', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'scops-nodocker-'))
    const collector = containersCollector({ docker: new Docker({ socketPath: join(dir, 'docker.sock') }) })
    try {
      const r = await runCollectors([collector], { timeoutMs: 2000 })
      expect(r.health.containers).toMatchObject({ ok: false, error: 'docker_unreachable' })
      expect(r.missing).toMatchObject({ containers: 'docker_unreachable', container_running: 'docker_unreachable', containers_unhealthy: 'docker_unreachable' })
      expect(r.metrics).toEqual({})
      // later cycles answer at once with the same code, without waiting on the engine
      const again = await runCollectors([collector], { timeoutMs: 2000 })
      expect(again.health.containers).toMatchObject({ ok: false, error: 'docker_unreachable' })
      expect(again.health.containers!.durationMs).toBeLessThan(1000)
    } finally {
      await collector.close!()
      await rm(dir, { recursive: true, force: true })
    }
  })
})
