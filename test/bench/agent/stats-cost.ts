/**
 * Which way of reading container CPU and memory costs less, measured with N real containers:
 *  - stream: Docker's streaming stats, one request per running container (ContainerWatch), the
 *    engine pushing a frame about once a second;
 *  - cgroup: the container's cgroup files read directly once a second (v1: cpuacct.usage,
 *    memory.usage_in_bytes, memory.stat; v2: cpu.stat, memory.current, memory.stat);
 *  - stream read every 10 s: the same streams, a snapshot every 10th second (a cycle of 10 s):
 *    frames are kept as text and only the newest is parsed when read, so this costs less than
 *    reading every second (before 2026-12-02 every frame was parsed on arrival: the same);
 *  - idle: neither, as the reference for the engine's own CPU.
 * For each: this process's CPU and dockerd's CPU (% of one core) over the same window length.
 *
 *   pnpm bench:stats-cost     (SCOPS_BENCH_CONTAINERS=20, SCOPS_BENCH_WINDOW_S=30)
 */
import { readFile, readdir } from 'node:fs/promises'
import { readFileSync } from 'node:fs'
import { loadavg } from 'node:os'
import { ContainerWatch } from '../../../agent/src/collect/containers/watch'
import { benchContainers } from './containers'
import { cpuSeconds } from './measure'

const N = Number(process.env['SCOPS_BENCH_CONTAINERS'] ?? 20)
const WINDOW_S = Number(process.env['SCOPS_BENCH_WINDOW_S'] ?? 30)

async function dockerdPid(): Promise<number | undefined> {
  for (const d of await readdir('/proc')) {
    if (!/^\d+$/.test(d)) continue
    const comm = await readFile(`/proc/${d}/comm`, 'utf8').catch(() => '')
    if (comm.trim() === 'dockerd') return Number(d)
  }
  return undefined
}

function cgroupFiles(id: string): string[] {
  const v1 = `/sys/fs/cgroup/cpuacct/docker/${id}/cpuacct.usage`
  try {
    readFileSync(v1)
    return [v1, `/sys/fs/cgroup/memory/docker/${id}/memory.usage_in_bytes`, `/sys/fs/cgroup/memory/docker/${id}/memory.stat`]
  } catch {
    const v2 = `/sys/fs/cgroup/system.slice/docker-${id}.scope`
    return [`${v2}/cpu.stat`, `${v2}/memory.current`, `${v2}/memory.stat`]
  }
}

async function window(pid: number | undefined, during: (tick: number) => Promise<void> | void): Promise<{ self: number; dockerd: number }> {
  const self0 = process.cpuUsage()
  const d0 = pid ? cpuSeconds(pid) : 0
  const t0 = performance.now()
  for (let s = 0; s < WINDOW_S; s++) {
    await during(s)
    // Pace to wall-clock seconds: this loop is the measurement clock.
    await new Promise((r) => setTimeout(r, Math.max(0, t0 + (s + 1) * 1000 - performance.now())))
  }
  const elapsed = (performance.now() - t0) / 1000
  const u = process.cpuUsage(self0)
  return { self: (100 * (u.user + u.system)) / 1e6 / elapsed, dockerd: pid ? (100 * (cpuSeconds(pid) - d0)) / elapsed : NaN }
}

async function main(): Promise<void> {
  const bench = benchContainers()
  const pid = await dockerdPid()
  try {
    await bench.add(N)
    const ids = (await bench.docker.listContainers({ filters: { label: [`scops.bench=${bench.runId}`] } })).map((c) => c.Id)
    const idle = await window(pid, () => undefined)

    const watch = new ContainerWatch({ docker: bench.docker })
    watch.start()
    await watch.whenSettled(new AbortController().signal)
    const stream = await window(pid, () => void watch.snapshot())
    const sparse = await window(pid, (s) => void (s % 10 === 0 && watch.snapshot()))
    await watch.close()

    const files = ids.flatMap(cgroupFiles)
    let readErrors = 0
    const cgroup = await window(pid, async () => {
      await Promise.all(files.map((f) => readFile(f, 'utf8').catch(() => void readErrors++)))
    })

    const f = (x: number) => (Number.isFinite(x) ? x.toFixed(2) : '-')
    console.log(`\ncontainer stats cost: ${N} running containers, ${WINDOW_S} s per window, load ${loadavg().map((l) => l.toFixed(2)).join(' ')}`)
    console.log(`${'method'.padEnd(23)} | agent CPU % of 1 core | per container | dockerd CPU % | dockerd above idle, per container`)
    for (const [name, w] of [['idle', idle], ['stream', stream], ['stream, read every 10 s', sparse], ['cgroup', cgroup]] as const) {
      console.log(`${name.padEnd(23)} | ${f(w.self).padStart(21)} | ${f(w.self / N).padStart(13)} | ${f(w.dockerd).padStart(13)} | ${f((w.dockerd - idle.dockerd) / N)}`)
    }
    if (readErrors > 0) console.log(`(cgroup: ${readErrors} file reads failed: this host's cgroup layout differs)`)
  } finally {
    await bench.remove()
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error('bench failed:', err)
    process.exit(1)
  },
)
