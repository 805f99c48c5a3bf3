/**
 * Agent overhead beside a reference host agent, in the same run on the same machine:
 *  - scops-agent as installed in production — the bundle agent/dist/scops-agent.mjs under plain node
 *    with the systemd unit's node flags — (a real process, scoring on, real collectors, connected to
 *    a real control plane on PGlite) at a 1 s and a 10 s interval: CPU % of one core and RSS over a
 *    60 s window; and, for comparison at 1 s, the same agent run from source through tsx;
 *  - prometheus-node-exporter (Debian's package) scraped at the same interval in the same window;
 *  - the agent's sample-to-action-start latency (action.started_at − the decision's sample_ts) for
 *    a rule that fires on every sample it can (send_alert, cooldown 1 s).
 * Prints a table and writes test/bench/results/agent.json.
 *
 *   pnpm bench:agent        (builds the bundle first; SCOPS_BENCH_WINDOW_S=60 by default; needs
 *                            prometheus-node-exporter; SCOPS_BENCH_TSX=0 skips the tsx row)
 */
import { execFileSync, spawn } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, loadavg, tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { freePort, waitFor } from '@smartcloudops/test-support'
import { agentProcess, distCli, dockerSocketPath } from '../../e2e/support/agent-process'
import { startControlPlane } from '../../e2e/support/control-plane'

const WINDOW_S = Number(process.env['SCOPS_BENCH_WINDOW_S'] ?? 60)
const WARMUP_S = 10
/** Each run: the agent's interval and how it is started. The production bundle is the main row. */
const RUNS: Array<{ interval: number; runner: 'dist' | 'tsx' }> = [
  { interval: 1, runner: 'dist' },
  { interval: 10, runner: 'dist' },
  ...(process.env['SCOPS_BENCH_TSX'] === '0' ? [] : [{ interval: 1, runner: 'tsx' as const }]),
]
/** The node flags of deploy/systemd/scops-agent.service's ExecStart, so the bench runs what hosts run. */
const UNIT_NODE_FLAGS = unitNodeFlags()
const CLK_TCK = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim())
const NODE_EXPORTER = process.env['SCOPS_NODE_EXPORTER'] ?? '/usr/bin/prometheus-node-exporter'
const RULE = 'Bench alert'

function unitNodeFlags(): string[] {
  const unit = readFileSync(join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'deploy', 'systemd', 'scops-agent.service'), 'utf8')
  const exec = /^ExecStart=node (.*?) \S+scops-agent\.mjs /m.exec(unit)
  if (!exec) throw new Error('deploy/systemd/scops-agent.service: ExecStart is not "node [flags] …/scops-agent.mjs …"')
  return exec[1]!.split(/\s+/).filter((f) => f.startsWith('--'))
}

function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  // Fields after the command name (which may contain spaces): utime is the 14th field, stime the 15th.
  const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return (Number(rest[11]) + Number(rest[12])) / CLK_TCK
}

function rssMiB(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
  return m ? Number(m[1]) / 1024 : NaN
}

interface Usage {
  cpu_percent_of_one_core: number
  rss_mib_avg: number
  rss_mib_max: number
}

/** CPU and RSS of each pid over the same window, sampled once a second; `tick` runs each second. */
async function measure(pids: Record<string, number>, seconds: number, tick: (s: number) => void): Promise<Record<string, Usage>> {
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

function percentile(xs: number[], p: number): number {
  if (xs.length === 0) return NaN
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!
}

async function main(): Promise<void> {
  if (!existsSync(distCli)) throw new Error(`${distCli} is missing: run pnpm build:agent (pnpm bench:agent does)`)
  const dataDir = mkdtempSync(join(tmpdir(), 'scops-bench-cp-'))
  const cp = await startControlPlane({ port: await freePort(), dataDir })
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
  const results: Array<Record<string, unknown>> = []
  try {
    for (const { interval, runner } of RUNS) {
      const token = await cp.api.enrollmentToken(`bench-${runner}-${interval}s`)
      const hostname = `bench-${runner}-${interval}s-${process.pid}`
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
        results.push({
          interval_s: interval,
          agent_command: runner === 'dist' ? `node ${UNIT_NODE_FLAGS.join(' ')} agent/dist/scops-agent.mjs` : 'node --import tsx agent/src/cli/scops-agent.ts',
          window_s: WINDOW_S,
          agent: usage['agent'],
          node_exporter: usage['node_exporter'],
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
    await cp.stop()
    rmSync(dataDir, { recursive: true, force: true })
  }

  const f = (n: unknown, d = 1) => (typeof n === 'number' && Number.isFinite(n) ? n.toFixed(d) : '-')
  console.log(`\nagent overhead (window ${WINDOW_S}s, ${cpus().length} cores, load ${loadavg().map((l) => l.toFixed(2)).join(' ')})`)
  console.log('interval | process          | CPU % of 1 core | RSS avg MiB | RSS max MiB | sample→action p50 / p99 ms (n) | load at end')
  for (const r of results) {
    const a = r['agent'] as Usage
    const n = r['node_exporter'] as Usage
    const l = r['sample_to_action_ms'] as { n: number; p50: number; p99: number }
    const name = String(r['agent_command']).includes('tsx') ? 'scops-agent tsx ' : 'scops-agent     '
    console.log(`${String(r['interval_s']).padStart(6)} s | ${name} | ${f(a.cpu_percent_of_one_core, 2).padStart(15)} | ${f(a.rss_mib_avg).padStart(11)} | ${f(a.rss_mib_max).padStart(11)} | ${f(l.p50, 0)} / ${f(l.p99, 0)} (${l.n}) | ${(r['loadavg_at_end'] as number[]).map((x) => x.toFixed(2)).join(' ')}`)
    console.log(`${' '.repeat(8)} | node_exporter    | ${f(n.cpu_percent_of_one_core, 2).padStart(15)} | ${f(n.rss_mib_avg).padStart(11)} | ${f(n.rss_mib_max).padStart(11)} | -`)
  }
  const out = join(dirname(fileURLToPath(import.meta.url)), '..', 'results', 'agent.json')
  mkdirSync(dirname(out), { recursive: true })
  writeFileSync(
    out,
    JSON.stringify({ measured_at: new Date().toISOString(), command: 'pnpm bench:agent', cores: cpus().length, cpu_model: cpus()[0]?.model, loadavg: loadavg(), node: process.version, results }, null, 2) + '\n',
  )
  console.log(`\nwritten to ${out}`)
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error('bench failed:', err)
    process.exit(1)
  },
)
