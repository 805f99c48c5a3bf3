import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** Process figures from /proc for the agent benchmarks (run.ts, soak.ts, stats-cost.ts). */
const CLK_TCK = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim())

export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  // Fields after the command name (which may contain spaces): utime is the 14th field, stime the 15th.
  const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return (Number(rest[11]) + Number(rest[12])) / CLK_TCK
}

export function rssMiB(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
  return m ? Number(m[1]) / 1024 : NaN
}

export interface Usage {
  cpu_percent_of_one_core: number
  rss_mib_avg: number
  rss_mib_max: number
}

/** CPU and RSS of each pid over the same window, sampled once a second; `tick` runs each second. */
export async function measure(pids: Record<string, number>, seconds: number, tick: (s: number) => void): Promise<Record<string, Usage>> {
  const cpu0 = Object.fromEntries(Object.entries(pids).map(([k, p]) => [k, cpuSeconds(p)]))
  const rss: Record<string, number[]> = Object.fromEntries(Object.keys(pids).map((k) => [k, []]))
  const t0 = performance.now()
  for (let s = 0; s < seconds; s++) {
    tick(s)
    // Pace to wall-clock seconds: this loop is the measurement clock, not a stand-in for an event.
    await new Promise((r) => setTimeout(r, Math.max(0, t0 + (s + 1) * 1000 - performance.now())))
    for (const [k, p] of Object.entries(pids)) rss[k]!.push(rssMiB(p))
  }
  const elapsed = (performance.now() - t0) / 1000
  return Object.fromEntries(
    Object.entries(pids).map(([k, p]) => {
      const r = rss[k]!
      return [k, { cpu_percent_of_one_core: (100 * (cpuSeconds(p) - cpu0[k]!)) / elapsed, rss_mib_avg: r.reduce((a, b) => a + b, 0) / r.length, rss_mib_max: Math.max(...r) }]
    }),
  )
}

export function percentile(xs: number[], p: number): number {
  if (xs.length === 0) return NaN
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!
}

const unitText = () => readFileSync(join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'deploy', 'systemd', 'scops-agent.service'), 'utf8')

/** The unit's Environment= lines (MALLOC_ARENA_MAX…): the benches set them for the agents they start. */
export function unitEnvironment(): Record<string, string> {
  const env: Record<string, string> = {}
  for (const m of unitText().matchAll(/^Environment=(\w+)=(\S*)$/gm)) env[m[1]!] = m[2]!
  return env
}

const launcherText = () => readFileSync(join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'deploy', 'scops-agent-launch'), 'utf8')

/**
 * The node flags hosts run the agent with, so the benches run what hosts run: the unit's ExecStart
 * goes through deploy/scops-agent-launch, whose start_agent sets `[flags] "$bundle" run …` as
 * node's arguments (`set -- [flags] "$bundle" run …`, then `exec "$NODE" "$@"`).
 */
export function unitNodeFlags(): string[] {
  const args = /^\s*set -- (.*?) "\$bundle" run /m.exec(launcherText())
  if (!args) throw new Error('deploy/scops-agent-launch: no line `set -- [flags] "$bundle" run …` to read the node flags from')
  return args[1]!.split(/\s+/).filter((f) => f.startsWith('--'))
}
