/**
 * Detector benchmark: the full evaluation on ../shared/data (NAB 51 series, SMD machine-2-1,
 * ASD omi-1..6, with reference detectors) plus the cost of the agent's scoring path
 * (features + model + calibration, i.e. Detector.score) in µs per sample, on ONNX Runtime and on
 * the built-in evaluator in the same run.
 *
 *   pnpm bench:detector [data dir] [--quick]      (--quick: latency only)
 * Prints tables and writes test/bench/results/detector.json.
 */
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createDetector } from '@smartcloudops/agent/detect/detector'
import { defaultModelMetrics } from '@smartcloudops/agent/detect/default-model'
import { scoreDrivers } from '@smartcloudops/agent/detect/explain'
import { runEvaluation } from '../../eval/detector/run-eval'
import { formatReport } from '../../eval/detector/format-report'
import { sharedDataDir } from '../../eval/detector/shared-data'
import type { ModelRuntime } from '@smartcloudops/shared/model/session'

const resultsDir = fileURLToPath(new URL('../results/', import.meta.url))

function percentile(sorted: Float64Array, q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!
}

/**
 * µs per Detector.score call on a synthetic host stream, after warm-up; and, timed on its own in
 * the same loop, the explanation's ranking (scoreDrivers over the sample's per-metric scores),
 * which the score call includes.
 */
async function latency(metrics: readonly string[], samples: number, modelRuntime: ModelRuntime = 'builtin') {
  const det = await createDetector({ metrics: [...metrics], modelRuntime })
  const sample: Record<string, number> = {}
  const times = new Float64Array(samples)
  const explain = new Float64Array(samples)
  for (let i = 0; i < samples + 2000; i++) {
    metrics.forEach((m, k) => (sample[m] = 50 + 10 * Math.sin(i / (20 + k)) + Math.sin(i * 12.9898 + k)))
    const t0 = process.hrtime.bigint()
    const d = await det.scoreDetailed(sample, i)
    const t1 = process.hrtime.bigint()
    if (d) scoreDrivers(d.perMetric, d.featureMagnitude)
    const t2 = process.hrtime.bigint()
    if (i >= 2000) {
      times[i - 2000] = Number(t1 - t0) / 1000
      explain[i - 2000] = Number(t2 - t1) / 1000
    }
  }
  await det.close()
  times.sort()
  explain.sort()
  return { runtime: modelRuntime, metrics: metrics.length, samples, medianUs: percentile(times, 0.5), p99Us: percentile(times, 0.99), explanationMedianUs: percentile(explain, 0.5) }
}

async function main() {
  const args = process.argv.slice(2).filter((a) => a !== '--')
  const quick = args.includes('--quick')
  const dataDir = args.find((a) => !a.startsWith('--')) ?? sharedDataDir
  // Both engines in the same run (the built-in evaluator is what the agent uses for the default model).
  const lat = []
  for (const runtime of ['onnxruntime', 'builtin'] as const) {
    lat.push(await latency(['value'], 20_000, runtime), await latency(defaultModelMetrics, 20_000, runtime), await latency(Array.from({ length: 38 }, (_, i) => `m${i}`), 10_000, runtime))
  }
  console.log('Detector.score (features + model + calibration + explanation), µs per sample')
  console.log('| model runtime | metrics | samples | median µs | p99 µs | of which explanation ranking, median µs |\n|---|---|---|---|---|---|')
  for (const l of lat) console.log(`| ${l.runtime} | ${l.metrics} | ${l.samples} | ${l.medianUs.toFixed(1)} | ${l.p99Us.toFixed(1)} | ${l.explanationMedianUs.toFixed(1)} |`)
  const started = Date.now()
  const report = quick ? undefined : await runEvaluation(dataDir, { progress: (m) => console.error(m) })
  if (report) console.log('\n' + formatReport(report))
  await mkdir(resultsDir, { recursive: true })
  const out = join(resultsDir, 'detector.json')
  await writeFile(out, JSON.stringify({ node: process.version, latency: lat, evaluationSeconds: (Date.now() - started) / 1000, report }, null, 2) + '\n')
  console.error(`wrote ${out}`)
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
