import { describe, expect, it } from 'vitest'
import { runCollectors } from './runner'
import { CollectError, type Collector } from './types'

const ok = (name: string, values: Record<string, number>): Collector => ({
  name,
  defaultEnabled: true,
  provides: [],
  collect: async () => values,
})

describe('collector runner', () => {
  it('a failing collector loses only its own metrics, reported missing with its code', async () => {
    const broken: Collector = {
      name: 'containers',
      defaultEnabled: true,
      provides: ['container_running', 'containers_unhealthy'],
      collect: async () => {
        throw new CollectError('docker_unreachable', 'connect ENOENT /var/run/docker.sock')
      },
    }
    const r = await runCollectors([ok('load', { load_1: 0.5 }), broken, ok('memory', { memory_percent: 40 })], { timeoutMs: 1000 })
    expect(r.metrics).toEqual({ load_1: 0.5, memory_percent: 40 })
    expect(r.missing).toEqual({
      containers: 'docker_unreachable',
      container_running: 'docker_unreachable',
      containers_unhealthy: 'docker_unreachable',
    })
    expect(r.health.containers).toMatchObject({ ok: false, error: 'docker_unreachable' })
    expect(r.health.load).toMatchObject({ ok: true })
    expect(r.health.memory?.durationMs).toBeGreaterThanOrEqual(0)
  })

  it('a collector that hangs (even ignoring its signal) times out without holding up the others', async () => {
    const hang: Collector = { name: 'probes', defaultEnabled: true, provides: ['response_time'], collect: () => new Promise(() => {}) }
    const started = Date.now()
    const r = await runCollectors([hang, ok('load', { load_1: 1 })], { timeoutMs: 100 })
    expect(Date.now() - started).toBeLessThan(2000)
    expect(r.metrics).toEqual({ load_1: 1 })
    expect(r.missing).toEqual({ probes: 'timeout', response_time: 'timeout' })
  })

  it('a collector may ask for a longer timeout than the runner default', async () => {
    const slow: Collector = {
      name: 'slow',
      defaultEnabled: true,
      provides: [],
      timeoutMs: 2000,
      collect: () => new Promise((resolve) => setTimeout(() => resolve({ load_5: 2 }), 150)),
    }
    expect((await runCollectors([slow], { timeoutMs: 50 })).metrics).toEqual({ load_5: 2 })
  })

  it('drops values that are not finite numbers instead of passing them on', async () => {
    const r = await runCollectors([ok('x', { cpu_percent: Number.NaN, load_1: Infinity, load_5: 1 })], { timeoutMs: 100 })
    expect(r.metrics).toEqual({ load_5: 1 })
    expect(r.missing).toEqual({ cpu_percent: 'not_a_number', load_1: 'not_a_number' })
  })

  it('an unexpected error gets a generic code; the caller can cancel the whole sample', async () => {
    const boom: Collector = { name: 'b', defaultEnabled: true, provides: ['load_1'], collect: async () => Promise.reject(new TypeError('x')) }
    expect((await runCollectors([boom], { timeoutMs: 100 })).missing).toEqual({ b: 'collector_error', load_1: 'collector_error' })
    const hang: Collector = { name: 'h', defaultEnabled: true, provides: [], collect: () => new Promise(() => {}) }
    const r = await runCollectors([hang], { timeoutMs: 10_000, signal: AbortSignal.abort() })
    expect(r.missing).toEqual({ h: 'aborted' })
  })
})
