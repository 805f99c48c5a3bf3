/**
 * Where the agent's resident memory goes: child node processes that each load one more part of
 * what the agent loads, measured after a full GC once they settled (RSS from /proc, V8 heap from
 * process.memoryUsage()); each part's share is its step over the one before. Then the whole
 * production agent (bundle, 1 s interval, scoring on, real collectors; no control plane, so it
 * runs on its own) under each node flag set, RSS averaged over a window.
 *
 *   pnpm bench:rss         (SCOPS_BENCH_WINDOW_S=30; SCOPS_RSS_FLAGS="flags a|flags b" to compare others)
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { agentProcess, distCli, dockerSocketPath, repoRoot } from '../../e2e/support/agent-process'
import { measure, unitEnvironment, unitNodeFlags } from './measure'

const WINDOW_S = Number(process.env['SCOPS_BENCH_WINDOW_S'] ?? 30)
const agentDir = join(repoRoot, 'agent')
const model = join(agentDir, 'models', 'anomaly-default.onnx')

/** Cumulative steps: each line runs after the ones above it, in one child. */
const STEPS: Array<[string, string]> = [
  ['node itself', ''],
  ['pino, ws, yaml, typebox', "for (const m of ['pino', 'ws', 'yaml', 'typebox']) req(m)"],
  ['systeminformation', "req('systeminformation')"],
  ['dockerode', "req('dockerode')"],
  // The built-in evaluator's only library (shared/src/model/graph-evaluator.ts); the agent scores the default model with it.
  ['onnx-proto (built-in evaluator)', "req('onnx-proto')"],
  // Below: what a host on a model the evaluator refuses adds (ONNX Runtime, loaded only then).
  ['ONNX Runtime (library loaded; only for other models)', "globalThis.ort = req('onnxruntime-node')"],
  ['ONNX Runtime session on the default model (not loaded by the agent)', `globalThis.s = await globalThis.ort.InferenceSession.create(require('fs').readFileSync(${JSON.stringify(model)}), { intraOpNumThreads: 1, interOpNumThreads: 1, executionMode: 'sequential' })`],
]

interface Mem {
  rss: number
  heapUsed: number
  heapTotal: number
  external: number
}

function child(flags: string[], upTo: number): Promise<Mem> {
  const code = `
    const { createRequire } = require('module'); const req = createRequire(${JSON.stringify(join(agentDir, 'package.json'))});
    (async () => {
      ${STEPS.slice(0, upTo + 1).map(([, c]) => c).join(';\n')}
      await new Promise((r) => setTimeout(r, 1500)); global.gc(); await new Promise((r) => setTimeout(r, 500)); global.gc()
      const m = process.memoryUsage(); process.stdout.write(JSON.stringify({ rss: m.rss, heapUsed: m.heapUsed, heapTotal: m.heapTotal, external: m.external })); process.exit(0)
    })()`
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [...flags, '--expose-gc', '-e', code], { stdio: ['ignore', 'pipe', 'inherit'] })
    let out = ''
    p.stdout.on('data', (c: Buffer) => (out += c.toString()))
    p.once('exit', (codeNum) => (codeNum === 0 ? resolve(JSON.parse(out) as Mem) : reject(new Error(`step ${upTo} exited ${codeNum}`))))
  })
}

const mib = (b: number) => b / 2 ** 20

/** `flags` may hold NAME=value tokens (e.g. MALLOC_ARENA_MAX=2): set in the agent's environment. */
async function wholeAgent(tokens: string[], dockerSocket = dockerSocketPath()): Promise<{ rss_avg: number; rss_max: number; cpu: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'scops-rss-'))
  const flags = tokens.filter((t) => t.startsWith('--'))
  const env = Object.fromEntries(tokens.filter((t) => !t.startsWith('--')).map((t) => t.split('=', 2) as [string, string]))
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]))
  Object.assign(process.env, env) // the child inherits it
  // No control plane answers here: the agent enrolls in vain and samples, scores and records on its own.
  const agent = agentProcess(
    { control_plane_url: 'http://127.0.0.1:9', enrollment_token: 'scops_enroll_rss_bench_0000000000', hostname: `rss-${process.pid}`, interval: '1s', docker_socket: dockerSocket, log_level: 'warn', policy: { actions: { send_alert: {} } } },
    { runner: 'dist', nodeFlags: flags },
  )
  for (const [k, v] of Object.entries(saved)) if (v === undefined) delete process.env[k]
  else process.env[k] = v
  try {
    await new Promise((r) => setTimeout(r, 10_000)) // warm-up: model loaded, first baselines
    const u = await measure({ agent: agent.child.pid! }, WINDOW_S, () => undefined)
    return { rss_avg: u['agent']!.rss_mib_avg, rss_max: u['agent']!.rss_mib_max, cpu: u['agent']!.cpu_percent_of_one_core }
  } finally {
    await agent.kill('SIGTERM')
    rmSync(join(agent.stateDir, '..'), { recursive: true, force: true })
    rmSync(dir, { recursive: true, force: true })
  }
}

async function main(): Promise<void> {
  const unit = unitNodeFlags()
  console.log(`\nRSS by part (node ${process.version}, flags ${unit.join(' ')}; each row adds one part)`)
  console.log('part | RSS MiB | share MiB | V8 heap used MiB | external MiB')
  let prev = 0
  for (let i = 0; i < STEPS.length; i++) {
    const m = await child(unit, i)
    console.log(`${STEPS[i]![0]} | ${mib(m.rss).toFixed(1)} | ${(mib(m.rss) - prev).toFixed(1)} | ${mib(m.heapUsed).toFixed(1)} | ${mib(m.external).toFixed(1)}`)
    prev = mib(m.rss)
  }
  // Default: the flags hosts ran before issue 16, then the unit's flags and environment now.
  const unitTokens = [...unit, ...Object.entries(unitEnvironment()).map(([k, v]) => `${k}=${v}`)]
  const sets = process.env['SCOPS_RSS_FLAGS']?.split('|').map((s) => s.trim().split(/\s+/).filter(Boolean)) ?? [['--max-old-space-size=256'], unitTokens]
  console.log(`\nthe whole agent (${distCli.replace(repoRoot + '/', '')}, 1 s, ${WINDOW_S} s window) by node flags`)
  console.log('flags | RSS avg MiB | RSS max MiB | CPU % of 1 core')
  for (const flags of sets) {
    const r = await wholeAgent(flags)
    console.log(`${flags.join(' ') || '(none)'} | ${r.rss_avg.toFixed(1)} | ${r.rss_max.toFixed(1)} | ${r.cpu.toFixed(2)}`)
  }
  // A host without Docker: the agent never loads dockerode (agent/src/docker/lazy-docker.ts).
  const noDocker = await wholeAgent(unitTokens, join(tmpdir(), `scops-rss-no-docker-${process.pid}.sock`))
  console.log(`unit flags, no Docker socket | ${noDocker.rss_avg.toFixed(1)} | ${noDocker.rss_max.toFixed(1)} | ${noDocker.cpu.toFixed(2)}`)
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error('bench failed:', err)
    process.exit(1)
  },
)
