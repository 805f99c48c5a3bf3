/**
 * Agent overhead beside a reference host agent, in the same window on the same machine:
 *  - scops-agent as installed in production — the bundle agent/dist/scops-agent.mjs under plain node
 *    with the systemd unit's node flags — (a real process, scoring on, real collectors, connected to
 *    a real control plane on PGlite) at a 1 s interval with N running containers on the engine
 *    (0, 5, 20: real containers from the local test image, uniquely named, removed afterwards), and
 *    at a 10 s interval with none: CPU % of one core and RSS over a 60 s window; optionally
 *    (SCOPS_BENCH_TSX=1) the same agent from source through tsx;
 *  - prometheus-node-exporter (Debian's package) scraped at the same interval in the same window;
 *  - the agent's sample-to-action-start latency (action.started_at − the decision's sample_ts) for
 *    a rule that fires on every sample it can (send_alert, cooldown 1 s).
 * Prints a table per run and the issue's summary table; writes test/bench/results/agent.json.
 *
 *   pnpm bench:agent        (builds the bundle first; SCOPS_BENCH_WINDOW_S=60, SCOPS_BENCH_CONTAINERS=0,5,20;
 *                            needs prometheus-node-exporter and the test Docker engine with scops-test-busybox)
 */
import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, loadavg, tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { freePort, waitFor } from '@smartcloudops/test-support'
import { agentProcess, distCli, dockerSocketPath } from '../../e2e/support/agent-process'
import { startControlPlane } from '../../e2e/support/control-plane'
import { benchContainers } from './containers'
import { measure, percentile, unitEnvironment, unitNodeFlags, type Usage } from './measure'

const WINDOW_S = Number(process.env['SCOPS_BENCH_WINDOW_S'] ?? 60)
const WARMUP_S = 10
const CONTAINERS = (process.env['SCOPS_BENCH_CONTAINERS'] ?? '0,5,20').split(',').map(Number)
interface Run {
  interval: number
  runner: 'dist' | 'tsx'
  containers: number
}
/** Each run: the agent's interval, how it is started, and how many containers run beside it. */
const RUNS: Run[] = [
  ...CONTAINERS.map((containers) => ({ interval: 1, runner: 'dist' as const, containers })),
  { interval: 10, runner: 'dist', containers: 0 },
  ...(process.env['SCOPS_BENCH_TSX'] === '1' ? [{ interval: 1, runner: 'tsx' as const, containers: 0 }] : []),
]
const UNIT_NODE_FLAGS = unitNodeFlags()
const NODE_EXPORTER = process.env['SCOPS_NODE_EXPORTER'] ?? '/usr/bin/prometheus-node-exporter'
const RULE = 'Bench alert'

interface Result extends Run {
  /** Running containers on the whole engine at the end of the window (a shared engine runs others' too). */
  engine_running: number
  agent_command: string
  window_s: number
  agent: Usage
  node_exporter: Usage
  loadavg_at_end: number[]
  sample_to_action_ms: { n: number; p50: number; p99: number; max: number }
}

async function main(): Promise<void> {
  // The unit's environment (MALLOC_ARENA_MAX): the agent processes started below inherit it.
  Object.assign(process.env, unitEnvironment())
  if (!existsSync(distCli)) throw new Error(`${distCli} is missing: run pnpm build:agent (pnpm bench:agent does)`)
  const dataDir = mkdtempSync(join(tmpdir(), 'scops-bench-cp-'))
  const cp = await startControlPlane({ port: await freePort(), dataDir, logLevel: 'error' })
  await cp.api.put('/rulesets', {
    message: 'agent bench',
    rules: [
      {
        name: RULE,
        conditions: [{ metric: 'cpu_percent', operator: 'gte', threshold: 0.001 }],
        actions: [{ type: 'send_alert', params: { severity: 'info' } }],
        priority: 3,
        cooldown: '1s',
      },
    ],
  })
  const results: Result[] = []
  const bench = benchContainers()
  try {
    for (const run of RUNS) {
      const { interval, runner } = run
      const missing = run.containers - bench.names.length
      if (missing > 0) await bench.add(missing)
      while (bench.names.length > run.containers) await bench.removeOne()
      const tag = `bench-${runner}-${interval}s-${run.containers}c`
      const token = await cp.api.enrollmentToken(tag)
      const hostname = `${tag}-${process.pid}`
      const agent = agentProcess(
        {
          control_plane_url: cp.url,
          enrollment_token: token,
          hostname,
          interval: `${interval}s`,
          buffer_size: 10,
          docker_socket: dockerSocketPath(),
          log_level: 'info',
          policy: { actions: { send_alert: {} } },
        },
        runner === 'dist' ? { runner, nodeFlags: UNIT_NODE_FLAGS } : { runner },
      )
      const nePort = await freePort()
      const ne = spawn(NODE_EXPORTER, [`--web.listen-address=127.0.0.1:${nePort}`], { stdio: 'ignore' })
      try {
        await waitFor(() => agent.logs.some((l) => l['msg'] === 'desired state applied'), { timeoutMs: 120_000, description: 'the agent to connect' })
        await new Promise((r) => setTimeout(r, WARMUP_S * 1000)) // warm-up window: not measured
        const host = await cp.api.hostByName(hostname)
        const windowStart = Date.now()
        const usage = await measure({ agent: agent.child.pid!, node_exporter: ne.pid! }, WINDOW_S, (s) => {
          // node_exporter does its work when scraped: scrape it at the agent's interval.
          if (s % interval === 0) void fetch(`http://127.0.0.1:${nePort}/metrics`).then((r) => r.text()).catch(() => undefined)
        })
        const [{ decisions }, acts] = await Promise.all([cp.api.decisions(host!.id), cp.api.actions(host!.id) as Promise<{ actions: Array<{ decision_id: string; started_at: string }> }>])
        const sampleTs = new Map(decisions.map((d) => [String(d['id']), Date.parse(String(d['sample_ts']))]))
        const latencies = acts.actions
          .filter((a) => Date.parse(a.started_at) >= windowStart && sampleTs.has(a.decision_id))
          .map((a) => Date.parse(a.started_at) - sampleTs.get(a.decision_id)!)
        const engineRunning = (await bench.docker.listContainers()).length
        const warnings = agent.stderr.join('').split('MaxListenersExceededWarning').length - 1
        if (warnings > 0) console.log(`${tag}: ${warnings} MaxListenersExceededWarning(s) on the agent's stderr`)
        results.push({
          ...run,
          engine_running: engineRunning,
          agent_command: runner === 'dist' ? `node ${UNIT_NODE_FLAGS.join(' ')} agent/dist/scops-agent.mjs` : 'node --import tsx agent/src/cli/scops-agent.ts',
          window_s: WINDOW_S,
          agent: usage['agent']!,
          node_exporter: usage['node_exporter']!,
          loadavg_at_end: loadavg(),
          sample_to_action_ms: { n: latencies.length, p50: percentile(latencies, 50), p99: percentile(latencies, 99), max: Math.max(...latencies) },
        })
      } finally {
        ne.kill('SIGTERM')
        await agent.kill('SIGTERM')
        rmSync(join(agent.stateDir, '..'), { recursive: true, force: true })
      }
    }
  } finally {
    await bench.remove()
    await cp.stop()
    rmSync(dataDir, { recursive: true, force: true })
  }
  print(results)
  const out = join(dirname(fileURLToPath(import.meta.url)), '..', 'results', 'agent.json')
  mkdirSync(dirname(out), { recursive: true })
  writeFileSync(
    out,
    JSON.stringify({ measured_at: new Date().toISOString(), command: 'pnpm bench:agent', cores: cpus().length, cpu_model: cpus()[0]?.model, loadavg: loadavg(), node: process.version, results }, null, 2) + '\n',
  )
  console.log(`\nwritten to ${out}`)
}

const f = (n: unknown, d = 1) => (typeof n === 'number' && Number.isFinite(n) ? n.toFixed(d) : '-')

function print(results: Result[]): void {
  console.log(`\nagent overhead (window ${WINDOW_S}s, ${cpus().length} cores, load ${loadavg().map((l) => l.toFixed(2)).join(' ')})`)
  console.log('(containers: the run\'s own; in brackets, all running on the engine at the end of the window)')
  console.log('interval | containers | process       | CPU % of 1 core | RSS avg MiB | RSS max MiB | sample→action p50 / p99 ms (n) | load at end')
  for (const r of results) {
    const l = r.sample_to_action_ms
    const name = r.runner === 'tsx' ? 'scops-agent tsx' : 'scops-agent  '
    const head = `${String(r.interval).padStart(6)} s | ${`${r.containers} (${r.engine_running})`.padStart(10)}`
    console.log(`${head} | ${name} | ${f(r.agent.cpu_percent_of_one_core, 2).padStart(15)} | ${f(r.agent.rss_mib_avg).padStart(11)} | ${f(r.agent.rss_mib_max).padStart(11)} | ${f(l.p50, 0)} / ${f(l.p99, 0)} (${l.n}) | ${r.loadavg_at_end.map((x) => x.toFixed(2)).join(' ')}`)
    console.log(`${' '.repeat(head.length)} | node_exporter | ${f(r.node_exporter.cpu_percent_of_one_core, 2).padStart(15)} | ${f(r.node_exporter.rss_mib_avg).padStart(11)} | ${f(r.node_exporter.rss_mib_max).padStart(11)} | -`)
  }
  // The issue's table (issue 16): the agent beside node_exporter in the same window, per run.
  const dist = results.filter((r) => r.runner === 'dist')
  const at1 = dist.filter((r) => r.interval === 1)
  const at10 = dist.filter((r) => r.interval === 10)
  const span = (xs: number[], d = 2) => (xs.length === 0 ? '-' : `${f(Math.min(...xs), d)}–${f(Math.max(...xs), d)}`)
  const rows: Array<[string, string, string, string]> = [
    ['CPU % of a core at 1 s', at1.map((r) => `${f(r.agent.cpu_percent_of_one_core, 2)} (${r.containers} c)`).join(', '), `node_exporter ${span(at1.map((r) => r.node_exporter.cpu_percent_of_one_core))}`, '≤ node_exporter’s'],
    ['CPU % at 10 s', at10.map((r) => f(r.agent.cpu_percent_of_one_core, 2)).join(', '), `node_exporter ${span(at10.map((r) => r.node_exporter.cpu_percent_of_one_core))}`, '≤ 2× node_exporter’s'],
    ['RSS average', `${span(dist.map((r) => r.agent.rss_mib_avg), 0)} MiB`, `node_exporter ${span(dist.map((r) => r.node_exporter.rss_mib_avg), 0)} MiB`, '≤ 80 MiB'],
    ...at1.map((r): [string, string, string, string] => [`sample → action start, p50 / p99, ${r.containers} running containers (${r.engine_running} on the engine)`, `${f(r.sample_to_action_ms.p50, 0)} / ${f(r.sample_to_action_ms.p99, 0)} ms (n=${r.sample_to_action_ms.n})`, '—', '≤ 100 ms'],
    ),
  ]
  console.log('\n| measure | agent | references, same window | goal |\n|---|---|---|---|')
  for (const row of rows) console.log(`| ${row.join(' | ')} |`)
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error('bench failed:', err)
    process.exit(1)
  },
)
