import { createServer, type AddressInfo, type Socket } from 'node:net'
import type Docker from 'dockerode'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { describeWithDocker, freePort, testDocker, waitFor } from '@smartcloudops/test-support'
import { testContainers, type TestContainers } from '../../test-support/test-containers'
import { probesCollector } from './probes'
import { runCollectors } from './runner'

describeWithDocker('probes collector against a real container', () => {
  const docker = testDocker()
  let tc: TestContainers
  let web: Docker.Container
  let port: number

  beforeAll(async () => {
    tc = testContainers(docker)
    port = await freePort()
    web = await tc.create({ name: `web-${tc.runId}`, cmd: ['httpd', '-f', '-p', `127.0.0.1:${port}`, '-h', '/www'] })
    await waitFor(async () => (await fetch(`http://127.0.0.1:${port}/index.html`).catch(() => undefined))?.ok, {
      timeoutMs: 10_000,
      description: 'httpd answering',
    })
  })
  afterAll(async () => {
    await tc.cleanup()
  })

  it('measures response time while the service answers, and error_rate rises once it stops', async () => {
    const probes = probesCollector([
      { name: 'web', url: `http://127.0.0.1:${port}/index.html`, timeout: '1s', interval: '0s', window: 4 },
      { name: 'missing-page', url: `http://127.0.0.1:${port}/nope.html`, timeout: '1s', interval: '0s', window: 4 },
    ])
    // interval 0: every run probes (with '1ms', a refused connection on loopback can come back within
    // the millisecond and the next run reuses it). The runner's bound stays above the probe's own 1 s
    // timeout: a loaded machine must not abandon a sample.
    const run = () => runCollectors([probes], { timeoutMs: 10_000 })

    const up = (await run()).metrics
    expect(up['error_rate:web']).toBe(0)
    expect(up['response_time:web']).toBeGreaterThan(0)
    expect(up['response_time:web']).toBeLessThan(1)
    expect(up['error_rate:missing-page']).toBe(1) // 404 is outside 200..399
    expect(up.error_rate).toBe(1) // bare = worst probe
    expect(up.response_time).toBe(Math.max(up['response_time:web']!, up['response_time:missing-page']!))

    await web.stop({ t: 1 })
    const rates: number[] = []
    for (let i = 0; i < 4; i++) rates.push((await run()).metrics['error_rate:web']!)
    // window of 4 with one success then failures: 1/2, 2/3, 3/4, then the success slides out
    expect(rates).toEqual([1 / 2, 2 / 3, 3 / 4, 1])
    const down = (await run()).metrics
    // no answer at all: a failure reported with response_time = the probe's timeout
    expect(down['response_time:web']).toBe(1)
  })

  it('probes at most every interval and reports the last measurement in between', async () => {
    let calls = 0
    let t = 0
    const probes = probesCollector([{ name: 'web', url: 'http://127.0.0.1:1/', interval: '10s', timeout: '1s' }], {
      now: () => t,
      fetch: async () => {
        calls++
        return new Response('ok', { status: 200 })
      },
    })
    const signal = new AbortController().signal
    await probes.collect(signal)
    t = 5000
    expect(await probes.collect(signal)).toMatchObject({ 'error_rate:web': 0 })
    expect(calls).toBe(1)
    t = 10_000
    await probes.collect(signal)
    expect(calls).toBe(2)
  })
})

describe('probes collector without Docker', () => {
  it('reports nothing rather than a made-up value when no probe is configured', async () => {
    expect(await probesCollector([]).collect(new AbortController().signal)).toEqual({})
  })

  it('a service that accepts but never answers is a failure with response_time = the timeout', async () => {
    const sockets = new Set<Socket>()
    const server = createServer((s) => void sockets.add(s)) // accepts, never answers
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    try {
      const { port } = server.address() as AddressInfo
      const probes = probesCollector([{ name: 'hung', url: `http://127.0.0.1:${port}/`, timeout: '200ms', interval: '0s' }])
      const started = Date.now()
      const r = await runCollectors([probes], { timeoutMs: 100 }) // the collector asks for its probes' timeout + 1 s
      expect(Date.now() - started).toBeGreaterThanOrEqual(190)
      expect(r.metrics).toEqual({ 'response_time:hung': 0.2, 'error_rate:hung': 1, response_time: 0.2, error_rate: 1 })
    } finally {
      for (const s of sockets) s.destroy()
      await new Promise((resolve) => server.close(resolve))
    }
  })
})
