import { execFileSync } from 'node:child_process'
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCollectors } from '../runner'
import { CollectError } from '../types'
import { cpuCollector } from './cpu'
import { diskCollector, diskMetrics, type FsEntry } from './disk'
import { readHostFilesystems } from './disk-statfs'
import { loadCollector } from './load'
import { memoryCollector, memoryMetrics } from './memory'
import { networkCollector } from './network'

const fixtures = fileURLToPath(new URL('../fixtures/proc', import.meta.url))
const never = new AbortController().signal

describe('host collectors on fixture /proc files', () => {
  let root: string
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'scops-proc-'))
  })
  afterAll(async () => {
    await rm(root, { recursive: true, force: true })
  })
  const use = (sample: 'a' | 'b') => cp(join(fixtures, sample), root, { recursive: true, force: true })

  it('cpu_percent is the busy share of CPU time between two readings', async () => {
    await use('a')
    const cpu = cpuCollector({ procRoot: root, primeMs: 0 })
    // First call: both readings see the same counters, so there is nothing to report yet.
    await expect(cpu.collect(never)).rejects.toMatchObject({ code: 'no_data' })
    await use('b')
    // a: total 10000, idle+iowait 8500; b: total 11600 (guest excluded), idle+iowait 9200.
    expect((await cpu.collect(never)).cpu_percent).toBeCloseTo(((1600 - 700) / 1600) * 100, 10)
    // No time elapsed since: the last value stands.
    expect((await cpu.collect(never)).cpu_percent).toBeCloseTo(56.25, 10)
  })

  it('network rates sum real interfaces, skip loopback/virtual ones, new ones and counter resets', async () => {
    await use('a')
    const clock = [0, 1000, 3000] // the priming reading, the first sample, 2 s later
    const net = networkCollector({ procRoot: root, primeMs: 0, now: () => clock.shift()! })
    expect(await net.collect(never)).toEqual({ network_rx_bytes_per_s: 0, network_tx_bytes_per_s: 0 })
    await use('b')
    // eth0 +3000 rx / +500 tx over 2 s; eth1 went back; wg0 is new; lo, veth and docker0 are left out
    expect(await net.collect(never)).toEqual({ network_rx_bytes_per_s: 1500, network_tx_bytes_per_s: 250 })
  })

  it('load averages come from loadavg, and a malformed file is an error, not a zero', async () => {
    await use('b')
    expect(await loadCollector({ procRoot: root }).collect(never)).toEqual({ load_1: 1.5, load_5: 0.75, load_15: 0.25 })
    await cp(join(fixtures, 'b', 'bad-loadavg'), join(root, 'loadavg'))
    await expect(loadCollector({ procRoot: root }).collect(never)).rejects.toMatchObject({ code: 'proc_malformed' })
    await expect(loadCollector({ procRoot: join(root, 'nope') }).collect(never)).rejects.toMatchObject({ code: 'proc_unreadable' })
  })

  it('memory_percent excludes reclaimable memory; no swap means 0 % swap used', () => {
    expect(memoryMetrics({ total: 1000, available: 250, swaptotal: 0, swapused: 0 })).toEqual({ memory_percent: 75, swap_percent: 0 })
    expect(memoryMetrics({ total: 1000, available: 1000, swaptotal: 200, swapused: 50 })).toEqual({ memory_percent: 0, swap_percent: 25 })
    expect(() => memoryMetrics({ total: 0, available: 0, swaptotal: 0, swapused: 0 })).toThrow(CollectError)
  })

  it('memory comes from <procRoot>/meminfo: MemAvailable, else free + buffers + cached; a file without MemTotal is an error', async () => {
    await writeFile(join(root, 'meminfo'), 'MemTotal:       8000 kB\nMemFree:        1000 kB\nMemAvailable:   2000 kB\nBuffers:         100 kB\nCached:          900 kB\nSwapTotal:      1000 kB\nSwapFree:        750 kB\nHugePages_Total:       0\n')
    expect(await memoryCollector({ procRoot: root }).collect(never)).toEqual({ memory_percent: 75, swap_percent: 25 })
    // A kernel older than 3.14 has no MemAvailable: free 1000 + buffers 100 + cached 900 = 2000 of 4000.
    await writeFile(join(root, 'meminfo'), 'MemTotal:       4000 kB\nMemFree:        1000 kB\nBuffers:         100 kB\nCached:          900 kB\nSwapTotal:         0 kB\nSwapFree:          0 kB\n')
    expect(await memoryCollector({ procRoot: root }).collect(never)).toEqual({ memory_percent: 50, swap_percent: 0 })
    await writeFile(join(root, 'meminfo'), 'MemFree: 10 kB\n')
    await expect(memoryCollector({ procRoot: root }).collect(never)).rejects.toMatchObject({ code: 'proc_malformed' })
  })

  it('disk through a host /proc mounted elsewhere: the host init’s mounts, statfs via its root, as df reports them', async () => {
    // A host root the way a container sees one: <hostproc>/1/mounts and <hostproc>/1/root/<mount>.
    const hostProc = join(root, 'hostproc')
    await mkdir(join(hostProc, '1', 'root', 'data'), { recursive: true })
    await writeFile(join(hostProc, '1', 'mounts'), '/dev/vda1 /data ext4 rw,relatime 0 0\nproc /proc proc rw 0 0\n/dev/vdb /gone xfs rw 0 0\n')
    const entries = await readHostFilesystems(hostProc)
    // /proc is a pseudo filesystem and /gone cannot be reached: neither becomes a figure.
    const metrics = diskMetrics(entries)
    expect(Object.keys(metrics).sort()).toEqual(['disk_percent', 'disk_percent:/data'])
    // df on the same directory, the independent reference (bytes may move meanwhile on a shared disk).
    const [, line] = execFileSync('df', ['-P', '-B1', join(hostProc, '1', 'root', 'data')], { encoding: 'utf8' }).trim().split('\n')
    const [, , used, avail] = line!.trim().split(/\s+/).map(Number)
    expect(metrics['disk_percent:/data']).toBeCloseTo((used! / (used! + avail!)) * 100, 0)
    await expect(readHostFilesystems(join(root, 'no-such-proc'))).rejects.toMatchObject({ code: 'proc_unreadable' })
  })

  it('disk_percent per mount (df’s formula) and the bare name for the fullest; pseudo filesystems skipped', () => {
    const entries: FsEntry[] = [
      { fs: '/dev/vda1', type: 'ext4', mount: '/', size: 1000, used: 450, available: 450 },
      { fs: '/dev/vdb', type: 'xfs', mount: '/var', size: 1000, used: 900, available: 100 },
      { fs: 'tmpfs', type: 'tmpfs', mount: '/run', size: 100, used: 99, available: 1 },
      { fs: 'overlay', type: 'overlay', mount: '/var/lib/docker/overlay2/x/merged', size: 1000, used: 999, available: 1 },
    ]
    expect(diskMetrics(entries)).toEqual({ 'disk_percent:/': 50, 'disk_percent:/var': 90, disk_percent: 90 })
  })

  it('disk usage is refreshed in the background at most every refreshMs, and goes missing when stale', async () => {
    let t = 0
    let calls = 0
    let fail = false
    const disk = diskCollector({
      refreshMs: 1000,
      now: () => t,
      read: async () => {
        calls++
        if (fail) throw new Error('df hung')
        return [{ fs: '/dev/vda1', type: 'ext4', mount: '/', size: 100, used: calls, available: 100 - calls }]
      },
    })
    expect(await disk.collect(never)).toMatchObject({ disk_percent: 1 })
    t = 500
    expect(await disk.collect(never)).toMatchObject({ disk_percent: 1 })
    expect(calls).toBe(1)
    fail = true
    t = 1500 // due: a refresh starts in the background and fails; the cached value is still fresh enough
    expect(await disk.collect(never)).toMatchObject({ disk_percent: 1 })
    t = 3500 // older than three periods: missing, with the refresh error's code
    await expect(disk.collect(never)).rejects.toMatchObject({ code: 'df_failed' })
  })
})

describe('host collectors on this machine', () => {
  const host = () => [
    cpuCollector({ primeMs: 100 }),
    memoryCollector(),
    diskCollector(),
    loadCollector(),
    networkCollector({ primeMs: 100 }),
  ]

  it('return real numbers in range', async () => {
    const r = await runCollectors(host(), { timeoutMs: 5000 })
    expect(r.missing).toEqual({})
    const m = r.metrics
    for (const k of ['cpu_percent', 'memory_percent', 'swap_percent', 'disk_percent']) {
      expect(m[k], k).toBeGreaterThanOrEqual(0)
      expect(m[k], k).toBeLessThanOrEqual(100)
    }
    expect(m['disk_percent:/']).toBeGreaterThan(0)
    for (const k of ['load_1', 'load_5', 'load_15', 'network_rx_bytes_per_s', 'network_tx_bytes_per_s']) expect(m[k], k).toBeGreaterThanOrEqual(0)
    expect(m.memory_percent).toBeGreaterThan(0)
  })

  it('memory_percent agrees with free(1) on this machine', async () => {
    const { memory_percent } = await memoryCollector().collect(never)
    const mem = execFileSync('free', ['-b'], { encoding: 'utf8' }).split('\n').find((l) => l.startsWith('Mem:'))!.trim().split(/\s+/).map(Number)
    const [total, available] = [mem[1]!, mem[6]!]
    // Memory moves between the two reads on a shared machine: within 2 points.
    expect(Math.abs(memory_percent! - ((total - available) / total) * 100)).toBeLessThan(2)
  })

  it('per-sample cost is small enough for a 1-second interval (figure printed)', async () => {
    const list = host()
    await runCollectors(list, { timeoutMs: 5000 }) // primes the deltas and the disk cache
    const n = 50
    const per: Record<string, number> = {}
    const started = performance.now()
    for (let i = 0; i < n; i++) {
      const r = await runCollectors(list, { timeoutMs: 5000 })
      for (const [name, h] of Object.entries(r.health)) per[name] = (per[name] ?? 0) + h.durationMs / n
    }
    const wall = (performance.now() - started) / n
    const cpuBefore = process.cpuUsage()
    for (let i = 0; i < n; i++) await runCollectors(list, { timeoutMs: 5000 })
    const cpu = process.cpuUsage(cpuBefore)
    const cpuMsPerSample = (cpu.user + cpu.system) / 1000 / n
    // Each collector alone (in the run above they overlap, so their durations include waiting).
    const alone: Record<string, number> = {}
    for (const c of list) {
      const t0 = performance.now()
      for (let i = 0; i < n; i++) await c.collect(never)
      alone[c.name] = (performance.now() - t0) / n
    }
    const fmt = (o: Record<string, number>) => Object.entries(o).map(([k, v]) => `${k} ${v.toFixed(2)}`).join(', ')
    console.log(
      `[host collectors] per sample over ${n}: wall ${wall.toFixed(2)} ms, agent CPU ${cpuMsPerSample.toFixed(2)} ms; ` +
        `alone (ms): ${fmt(alone)}; concurrent (ms): ${fmt(per)}`,
    )
    expect(wall).toBeLessThan(100)
  })
})
