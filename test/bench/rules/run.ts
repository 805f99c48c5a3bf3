/**
 * Rule engine throughput: evaluate() calls per second for the report's five default rules and for a
 * generated set of 200 varied rules, over realistic random samples, carrying state between calls as
 * the agent does. Prints a table and writes test/bench/results/rules.json.
 *
 *   pnpm bench:rules            (SCOPS_BENCH_SECONDS=2 per measurement by default)
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { cpus, loadavg } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import {
  type EngineContext,
  type EngineState,
  type MetricValues,
  type Rule,
  defaultRules,
  evaluate,
  validateRuleset,
} from '@smartcloudops/shared'
import { generateRules } from './generate-rules'
import { mulberry32 } from './random'
import { SampleStream } from './samples'

const SECONDS = Number(process.env.SCOPS_BENCH_SECONDS ?? 2)
const REPEATS = 5
const SAMPLE_INTERVAL_MS = 10_000
const ctx: EngineContext = { host: { id: 'bench-host', labels: { env: 'prod', role: 'web', zone: 'a' } }, mode: 'enabled', remediationEnabled: true }

interface Scenario {
  name: string
  rules: readonly Rule[]
}

interface Figures {
  scenario: string
  rules: number
  evaluations_per_s: number
  rule_evaluations_per_s: number
  us_per_evaluation_p50: number
  us_per_evaluation_p99: number
  state_bytes: number
  outcomes: Record<string, number>
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!
}

function measure(s: Scenario): Figures {
  // Pre-generate samples so the timed loop measures the engine, not the generator.
  const stream = new SampleStream(mulberry32(42))
  const samples: MetricValues[] = Array.from({ length: 20_000 }, () => stream.next())
  let state: EngineState = {}
  let now = Date.UTC(2026, 0, 1)
  let i = 0
  const outcomes: Record<string, number> = {}
  const step = (count: boolean) => {
    now += SAMPLE_INTERVAL_MS
    const metrics = samples[i++ % samples.length]!
    const r = evaluate(s.rules, state, { ts: now, metrics }, now, ctx)
    state = r.state
    if (count) for (const e of r.evaluations) outcomes[e.outcome] = (outcomes[e.outcome] ?? 0) + 1
  }

  for (let w = 0; w < 2_000; w++) step(false) // warm-up: JIT, compiled-rule cache

  const rates: number[] = []
  for (let rep = 0; rep < REPEATS; rep++) {
    let n = 0
    const start = process.hrtime.bigint()
    const deadline = start + BigInt(Math.round((SECONDS / REPEATS) * 1e9))
    let t = start
    while (t < deadline) {
      for (let k = 0; k < 100; k++) step(false)
      n += 100
      t = process.hrtime.bigint()
    }
    rates.push(n / (Number(t - start) / 1e9))
  }
  rates.sort((a, b) => a - b)
  const rate = rates[Math.floor(rates.length / 2)]!

  // Per-call latency, separately (timing each call costs a little throughput).
  const lat: number[] = []
  for (let k = 0; k < 5_000; k++) {
    const t0 = process.hrtime.bigint()
    step(true)
    lat.push(Number(process.hrtime.bigint() - t0) / 1e3)
  }
  lat.sort((a, b) => a - b)

  return {
    scenario: s.name,
    rules: s.rules.length,
    evaluations_per_s: Math.round(rate),
    rule_evaluations_per_s: Math.round(rate * s.rules.length),
    us_per_evaluation_p50: Number(percentile(lat, 50).toFixed(2)),
    us_per_evaluation_p99: Number(percentile(lat, 99).toFixed(2)),
    state_bytes: JSON.stringify(state).length,
    outcomes,
  }
}

function main(): void {
  const generated = generateRules(200, mulberry32(7))
  const checked = validateRuleset(generated)
  if (!checked.ok) {
    console.error('generated rules are invalid:', checked.errors.slice(0, 5))
    process.exit(1)
  }
  const scenarios: Scenario[] = [
    { name: 'default rules (report)', rules: defaultRules },
    { name: '200 generated rules', rules: checked.rules },
  ]
  const loadBefore = loadavg()[0]!
  const results = scenarios.map(measure)
  const loadAfter = loadavg()[0]!

  const header = ['scenario', 'rules', 'eval/s', 'rule-eval/s', 'p50 µs', 'p99 µs', 'state bytes']
  const rows = results.map((r) => [
    r.scenario,
    String(r.rules),
    r.evaluations_per_s.toLocaleString('en-US'),
    r.rule_evaluations_per_s.toLocaleString('en-US'),
    r.us_per_evaluation_p50.toFixed(1),
    r.us_per_evaluation_p99.toFixed(1),
    r.state_bytes.toLocaleString('en-US'),
  ])
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((row) => row[c]!.length)))
  const line = (cells: string[]) => cells.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ')
  console.log(`rule engine: one evaluation = evaluate() over the whole ruleset for one sample, state carried (${SECONDS}s per scenario, median of ${REPEATS})`)
  console.log(line(header))
  for (const row of rows) console.log(line(row))
  for (const r of results) console.log(`  ${r.scenario} outcomes (latency pass): ${JSON.stringify(r.outcomes)}`)
  // Figures from a busy machine are lower bounds; say how busy it was.
  console.log(`  load average (1 min) ${loadBefore.toFixed(2)} before, ${loadAfter.toFixed(2)} after, on ${cpus().length} logical CPUs`)

  const out = join(dirname(fileURLToPath(import.meta.url)), '..', 'results', 'rules.json')
  mkdirSync(dirname(out), { recursive: true })
  const cpu = cpus()[0]
  writeFileSync(
    out,
    `${JSON.stringify(
      {
        benchmark: 'rules',
        command: 'pnpm bench:rules',
        at: new Date().toISOString(),
        node: process.version,
        cpu: cpu ? `${cpu.model} (${cpus().length} logical)` : 'unknown',
        load_average_1m: { before: loadBefore, after: loadAfter },
        seconds_per_scenario: SECONDS,
        sample_interval_ms: SAMPLE_INTERVAL_MS,
        results,
      },
      null,
      2,
    )}\n`,
  )
  console.log(`wrote ${out}`)
}

main()
