/**
 * Soak: the production agent (bundle, the unit's node flags, scoring on, connected to a control
 * plane) at a 1 s interval for SCOPS_SOAK_S (default 3600 s) while 20 containers keep starting and
 * stopping (every SCOPS_SOAK_CHURN_S, default 5 s, the oldest is removed and a new one started).
 * Every report interval it prints RSS, V8 heap used, active handles, open stats streams, running
 * actions and MaxListenersExceededWarnings seen on the agent's stderr; it fails (exit 1) when the
 * last third of the run is above the first third by more than the bounds below, or any warning.
 *
 *   pnpm bench:soak       (SCOPS_SOAK_S=3600, SCOPS_SOAK_CONTAINERS=20, SCOPS_SOAK_CHURN_S=5)
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { freePort, waitFor } from '@smartcloudops/test-support'
import { agentProcess, distCli, dockerSocketPath } from '../../e2e/support/agent-process'
import { startControlPlane } from '../../e2e/support/control-plane'
import { benchContainers } from './containers'
import { rssMiB, unitEnvironment, unitNodeFlags } from './measure'

const SOAK_S = Number(process.env['SCOPS_SOAK_S'] ?? 3600)
const N = Number(process.env['SCOPS_SOAK_CONTAINERS'] ?? 20)
const CHURN_S = Number(process.env['SCOPS_SOAK_CHURN_S'] ?? 5)
const REPORT_S = Math.max(10, Math.round(SOAK_S / 24))
/** Growth allowed from the first third to the last (medians): memory settles, it must not climb. */
const BOUNDS = { rss_mib: 8, heap_mib: 8, handles: 5 }

interface Point {
  t_s: number
  rss_mib: number
  heap_used_mib: number
  active_handles: number
  stats_streams: number
  /** Running containers on the whole engine (others' too: the agent watches them all). */
  engine_running: number
  running_actions: number
  listener_warnings: number
  containers_started: number
}

function series(text: string, name: string): number {
  let sum = 0
  for (const line of text.split('\n')) if (line.startsWith(name) && (line[name.length] === ' ' || line[name.length] === '{')) sum += Number(line.slice(line.lastIndexOf(' ') + 1))
  return sum
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN

async function main(): Promise<void> {
  // The unit's environment (MALLOC_ARENA_MAX): the agent processes started below inherit it.
  Object.assign(process.env, unitEnvironment())
  if (!existsSync(distCli)) throw new Error(`${distCli} is missing: run pnpm build:agent (pnpm bench:soak does)`)
  const dataDir = mkdtempSync(join(tmpdir(), 'scops-soak-cp-'))
  const cp = await startControlPlane({ port: await freePort(), dataDir, logLevel: 'error' })
  await cp.api.put('/rulesets', {
    message: 'soak',
    rules: [{ name: 'Soak alert', conditions: [{ metric: 'cpu_percent', operator: 'gte', threshold: 0.001 }], actions: [{ type: 'send_alert', params: { severity: 'info' } }], priority: 3, cooldown: '5s' }],
  })
  const bench = benchContainers()
  const metricsPort = await freePort()
  const points: Point[] = []
  let started = 0
  const agent = agentProcess(
    {
      control_plane_url: cp.url,
      enrollment_token: await cp.api.enrollmentToken('soak'),
      hostname: `soak-${process.pid}`,
      interval: '1s',
      buffer_size: 10,
      docker_socket: dockerSocketPath(),
      log_level: 'warn',
      metrics_listen: `127.0.0.1:${metricsPort}`,
      policy: { actions: { send_alert: {} } },
    },
    { runner: 'dist', nodeFlags: unitNodeFlags() },
  )
  const failed: string[] = []
  try {
    await bench.add(N)
    started += N
    await waitFor(async () => (await fetch(`http://127.0.0.1:${metricsPort}/metrics`).then((r) => r.text())).includes('scops_agent_connected 1'), { timeoutMs: 120_000, description: 'the agent to connect' })
    console.log(`soak: ${SOAK_S} s, ${N} containers, one replaced every ${CHURN_S} s, report every ${REPORT_S} s`)
    console.log('t s | RSS MiB | heap used MiB | active handles | stats streams / running on the engine | running actions | listener warnings | containers started')
    const t0 = performance.now()
    let nextChurn = CHURN_S
    let nextReport = 0
    for (let s = 0; s <= SOAK_S; s++) {
      if (s >= nextChurn) {
        nextChurn += CHURN_S
        await bench.removeOne()
        await bench.add(1)
        started++
      }
      if (s >= nextReport) {
        nextReport += REPORT_S
        const text = await fetch(`http://127.0.0.1:${metricsPort}/metrics`).then((r) => r.text())
        const p: Point = {
          t_s: s,
          rss_mib: rssMiB(agent.child.pid!),
          heap_used_mib: series(text, 'nodejs_heap_size_used_bytes') / 2 ** 20,
          active_handles: series(text, 'nodejs_active_handles'),
          stats_streams: series(text, 'scops_agent_container_stats_streams'),
          engine_running: (await bench.docker.listContainers()).length,
          running_actions: series(text, 'scops_agent_running_actions'),
          listener_warnings: agent.stderr.join('').split('MaxListenersExceededWarning').length - 1,
          containers_started: started,
        }
        points.push(p)
        console.log(`${String(p.t_s).padStart(5)} | ${p.rss_mib.toFixed(1).padStart(7)} | ${p.heap_used_mib.toFixed(1).padStart(13)} | ${String(p.active_handles).padStart(14)} | ${`${p.stats_streams} / ${p.engine_running}`.padStart(37)} | ${String(p.running_actions).padStart(15)} | ${String(p.listener_warnings).padStart(17)} | ${p.containers_started}`)
      }
      // Pace to wall-clock seconds: this loop is the soak's clock, not a stand-in for an event.
      await new Promise((r) => setTimeout(r, Math.max(0, t0 + (s + 1) * 1000 - performance.now())))
    }
    const third = Math.max(1, Math.floor(points.length / 3))
    const first = points.slice(1, 1 + third) // the first report is before anything settled
    const last = points.slice(-third)
    const grow = (k: keyof Point) => median(last.map((p) => p[k])) - median(first.map((p) => p[k]))
    const rss = grow('rss_mib')
    const heap = grow('heap_used_mib')
    const handles = Math.max(...last.map((p) => p.active_handles)) - Math.max(...first.map((p) => p.active_handles))
    const extraStreams = Math.max(...points.map((p) => p.stats_streams - p.engine_running))
    const warnings = points.at(-1)?.listener_warnings ?? 0
    console.log(`\nfirst third → last third: RSS ${rss >= 0 ? '+' : ''}${rss.toFixed(1)} MiB, heap ${heap >= 0 ? '+' : ''}${heap.toFixed(1)} MiB, handles (max) ${handles >= 0 ? '+' : ''}${handles}; stats streams at most ${extraStreams} above the engine's running containers; listener warnings ${warnings}; load ${loadavg().map((l) => l.toFixed(2)).join(' ')}`)
    if (rss > BOUNDS.rss_mib) failed.push(`RSS grew by ${rss.toFixed(1)} MiB (bound ${BOUNDS.rss_mib})`)
    if (heap > BOUNDS.heap_mib) failed.push(`V8 heap grew by ${heap.toFixed(1)} MiB (bound ${BOUNDS.heap_mib})`)
    if (handles > BOUNDS.handles) failed.push(`active handles grew by ${handles} (bound ${BOUNDS.handles})`)
    // One container may be starting or stopping between the scrape and the listing.
    if (extraStreams > 2) failed.push(`up to ${extraStreams} more stats streams open than containers running`)
    if (warnings > 0) failed.push(`${warnings} MaxListenersExceededWarning(s)`)
    const out = join(dirname(fileURLToPath(import.meta.url)), '..', 'results', 'soak.json')
    mkdirSync(dirname(out), { recursive: true })
    writeFileSync(out, JSON.stringify({ measured_at: new Date().toISOString(), command: 'pnpm bench:soak', soak_s: SOAK_S, containers: N, churn_s: CHURN_S, bounds: BOUNDS, failed, points }, null, 2) + '\n')
    console.log(`written to ${out}`)
  } finally {
    await agent.kill('SIGTERM')
    rmSync(join(agent.stateDir, '..'), { recursive: true, force: true })
    await bench.remove()
    await cp.stop()
    rmSync(dataDir, { recursive: true, force: true })
  }
  if (failed.length > 0) throw new Error(`soak failed: ${failed.join('; ')}`)
  console.log('soak passed: memory, handles and streams flat, no listener warnings')
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(String((err as Error)?.message ?? err))
    process.exit(1)
  },
)
