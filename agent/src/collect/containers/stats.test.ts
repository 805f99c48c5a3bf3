import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { cgroupVersion, cpuPercent, cpuSample, memoryPercent, memoryUsed, type RawStats } from './stats'

const fixture = (name: string): RawStats =>
  JSON.parse(readFileSync(new URL(`../fixtures/docker/${name}.json`, import.meta.url), 'utf8')) as RawStats

describe('container stats parsing', () => {
  describe('cgroup v2 shape', () => {
    const a = fixture('stats-cgroup-v2-one-shot-1')
    const b = fixture('stats-cgroup-v2-one-shot-2')

    it('is recognised as v2', () => expect(cgroupVersion(a)).toBe(2))

    it('memory excludes inactive_file: (104857600 - 20971520) / 536870912', () => {
      expect(memoryUsed(a.memory_stats)).toBe(104857600 - 20971520)
      expect(memoryPercent(a.memory_stats)).toBeCloseTo(15.625, 10)
    })

    it('CPU needs two samples (precpu is empty with one-shot): 0.5e9 / 4e9 × 4 CPUs = 50 %', () => {
      expect(cpuSample(a.precpu_stats)).toBeUndefined()
      expect(cpuPercent(cpuSample(a.precpu_stats), cpuSample(a.cpu_stats))).toBeUndefined()
      expect(cpuPercent(cpuSample(a.cpu_stats), cpuSample(b.cpu_stats))).toBeCloseTo(50, 10)
    })
  })

  describe('cgroup v1 shape (captured from the test engine)', () => {
    const a = fixture('stats-cgroup-v1-one-shot-1')
    const b = fixture('stats-cgroup-v1-one-shot-2')

    it('is recognised as v1', () => expect(cgroupVersion(a)).toBe(1))

    it('memory is usage minus total_inactive_file, against the limit', () => {
      const m = a.memory_stats!
      const expected = ((m.usage! - m.stats!.total_inactive_file!) / m.limit!) * 100
      expect(memoryPercent(m)).toBeCloseTo(expected, 12)
      expect(memoryPercent(m)).toBeGreaterThan(0)
    })

    it('CPU from two samples uses the engine’s formula (Δcontainer / Δsystem × online CPUs)', () => {
      const ca = a.cpu_stats!
      const cb = b.cpu_stats!
      const expected =
        ((cb.cpu_usage!.total_usage! - ca.cpu_usage!.total_usage!) / (cb.system_cpu_usage! - ca.system_cpu_usage!)) * cb.online_cpus! * 100
      const got = cpuPercent(cpuSample(ca), cpuSample(cb))
      expect(got).toBeCloseTo(expected, 10)
      // a busy-looping container: clearly above idle, at most every CPU
      expect(got).toBeGreaterThan(5)
      expect(got).toBeLessThanOrEqual(200)
    })

    it('older v1 engines: total_inactive_file first, then cache', () => {
      const stats = { usage: 73969664, limit: 2099310592, stats: { cache: 86016, total_inactive_file: 32768, inactive_file: 32768 } }
      expect(memoryUsed(stats)).toBe(73969664 - 32768)
      expect(memoryUsed({ usage: 1000, stats: { cache: 400 } })).toBe(600)
    })

    it('counts CPUs from percpu_usage when online_cpus is absent', () => {
      expect(cpuSample({ cpu_usage: { total_usage: 10, percpu_usage: [5, 3, 2] }, system_cpu_usage: 100 })?.onlineCpus).toBe(3)
    })
  })

  it('gives no value rather than a made-up one for stopped containers or missing fields', () => {
    expect(memoryPercent({})).toBeUndefined()
    expect(memoryPercent({ usage: 100 })).toBeUndefined() // no limit
    expect(memoryPercent(undefined)).toBeUndefined()
    expect(cpuSample({ cpu_usage: { total_usage: 0 } })).toBeUndefined()
    const s = { container: 100, system: 1000, onlineCpus: 2 }
    expect(cpuPercent(s, { ...s })).toBeUndefined() // no system time elapsed
    expect(cpuPercent(s, { ...s, container: 50, system: 2000 })).toBeUndefined() // counter reset (restart)
  })
})
