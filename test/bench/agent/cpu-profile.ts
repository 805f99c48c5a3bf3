/**
 * Where the agent's CPU goes with N running containers: the production bundle under the unit's
 * flags and environment, plus `--cpu-prof`, standalone (no control plane answers), for a window;
 * then the profile's top self-time functions, and the share of samples under the container stats
 * path (json-lines / stats-stream / watch). The .cpuprofile is kept for a closer look.
 *
 *   pnpm bench:agent-profile       (env SCOPS_BENCH_CONTAINERS=20, SCOPS_BENCH_WINDOW_S=60)
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { agentProcess, distCli, dockerSocketPath } from '../../e2e/support/agent-process'
import { benchContainers } from './containers'
import { unitEnvironment, unitNodeFlags } from './measure'

const CONTAINERS = Number(process.env['SCOPS_BENCH_CONTAINERS'] ?? 20)
const WINDOW_S = Number(process.env['SCOPS_BENCH_WINDOW_S'] ?? 60)
/** Samples of the first seconds (start-up: module compilation, model load, first listing) are left out. */
const WARMUP_S = Number(process.env['SCOPS_BENCH_WARMUP_S'] ?? 10)

interface ProfileNode {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number }
  children?: number[]
}
interface Profile {
  nodes: ProfileNode[]
  samples: number[]
  timeDeltas: number[]
}

async function main(): Promise<void> {
  // Read a kept profile again instead of running the agent.
  const kept = process.env['SCOPS_PROFILE_FILE']
  if (kept) return report(JSON.parse(readFileSync(kept, 'utf8')) as Profile, kept)
  const dir = mkdtempSync(join(tmpdir(), 'scops-cpu-prof-'))
  const containers = benchContainers()
  Object.assign(process.env, unitEnvironment())
  try {
    await containers.add(CONTAINERS)
    const agent = agentProcess(
      { control_plane_url: 'http://127.0.0.1:9', enrollment_token: 'scops_enroll_cpu_prof_00000000000', hostname: `prof-${process.pid}`, interval: '1s', docker_socket: dockerSocketPath(), log_level: 'warn', policy: { actions: { send_alert: {} } } },
      { runner: 'dist', nodeFlags: [...unitNodeFlags(), '--cpu-prof', `--cpu-prof-dir=${dir}`] },
    )
    await new Promise((r) => setTimeout(r, WINDOW_S * 1000))
    await agent.kill('SIGTERM')
    rmSync(join(agent.stateDir, '..'), { recursive: true, force: true })
    const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'))
    if (!file) throw new Error(`no .cpuprofile in ${dir} (did the agent exit cleanly?)`)
    report(JSON.parse(readFileSync(join(dir, file), 'utf8')) as Profile, join(dir, file))
  } finally {
    await containers.remove()
  }
}

function report(p: Profile, path: string): void {
  const sourceAt = bundleSources()
  const byId = new Map(p.nodes.map((n) => [n.id, n]))
  const parent = new Map<number, number>()
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id)
  const self = new Map<number, number>()
  let at = 0
  p.samples.forEach((id, i) => {
    at += p.timeDeltas[i] ?? 0
    if (at >= WARMUP_S * 1e6) self.set(id, (self.get(id) ?? 0) + (p.timeDeltas[i] ?? 0))
  })
  const srcOf = (n: ProfileNode) => (n.callFrame.url.endsWith('scops-agent.mjs') ? sourceAt(n.callFrame.lineNumber + 1) : n.callFrame.url.replace(/^file:\/\//, '') || '(native)')
  // Inclusive time by our own source file: a sample counts for every src/ file on its stack.
  const inclusive = new Map<string, number>()
  let total = 0
  let idle = 0
  const fn = new Map<string, number>()
  const file = new Map<string, number>()
  for (const [id, us] of self) {
    const n = byId.get(id)!
    const name = n.callFrame.functionName || '(anonymous)'
    total += us
    if (name === '(idle)') {
      idle += us
      continue
    }
    const src = srcOf(n)
    const onStack = new Set<string>()
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const s = srcOf(byId.get(cur)!)
      if (s.includes('src/')) onStack.add(s)
    }
    for (const s of onStack) inclusive.set(s, (inclusive.get(s) ?? 0) + us)
    const key = `${name} — ${src}`
    fn.set(key, (fn.get(key) ?? 0) + us)
    file.set(src, (file.get(src) ?? 0) + us)
  }
  const busy = total - idle
  const top = (m: Map<string, number>, n: number) => [...m].sort((a, b) => b[1] - a[1]).slice(0, n)
  console.log(`\nagent CPU profile, ${CONTAINERS} containers, ${WINDOW_S} s, first ${WARMUP_S} s left out (${path})`)
  console.log(`busy ${(busy / 1000).toFixed(0)} ms of ${(total / 1000).toFixed(0)} ms sampled (${((busy / total) * 100).toFixed(2)} % of one core)`)
  console.log('\ntop self time by function | ms | % of busy')
  for (const [k, us] of top(fn, 25)) console.log(`${k} | ${(us / 1000).toFixed(1)} | ${((us / busy) * 100).toFixed(1)}`)
  console.log('\nself time by source file | ms | % of busy')
  for (const [k, us] of top(file, 20)) console.log(`${k} | ${(us / 1000).toFixed(1)} | ${((us / busy) * 100).toFixed(1)}`)
  console.log('\ninclusive time by our source file (on the stack) | ms | % of busy')
  for (const [k, us] of top(inclusive, 20)) console.log(`${k} | ${(us / 1000).toFixed(1)} | ${((us / busy) * 100).toFixed(1)}`)
}

/** The bundle names each module's source in a `// path` comment before it: line → source file. */
function bundleSources(): (line: number) => string {
  const marks: Array<{ line: number; src: string }> = []
  readFileSync(distCli, 'utf8')
    .split('\n')
    .forEach((l, i) => {
      const m = /^\/\/ (\S+\.[cm]?[jt]s)$/.exec(l)
      if (m) marks.push({ line: i + 1, src: m[1]!.replace(/^.*node_modules\//, '') })
    })
  return (line) => {
    let lo = 0
    let hi = marks.length - 1
    let hit = '(bundle prelude)'
    while (lo <= hi) {
      const mid = (lo + hi) >> 1
      if (marks[mid]!.line <= line) {
        hit = marks[mid]!.src
        lo = mid + 1
      } else hi = mid - 1
    }
    return hit
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error('profile failed:', err)
    process.exit(1)
  },
)
