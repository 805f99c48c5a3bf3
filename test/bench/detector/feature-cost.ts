/**
 * Cost of the research sequence signals (test/eval/detector/research, computed through
 * HostFeatures' MetricObserver hook, as the harness does) beside the shipped model's features,
 * in one loop (each sample goes through every pipeline in turn, so load hits them alike):
 * HostFeatures.step on 12 synthetic metrics, median and p99 µs per sample, after a warm-up.
 * Only the features — the whole scoring path of the shipped model is `pnpm bench:detector --quick`.
 *
 *   pnpm bench:feature-cost [--samples N]
 */
import { loadavg } from 'node:os'
import { HostFeatures } from '@smartcloudops/shared/features/pipeline'
import { modelCalibrationSpec, modelFeatureSpec } from '@smartcloudops/shared/model/model-params'
import { ResearchSignals, type ResearchSpec } from '../../eval/detector/research/signals'

const METRICS = 12
const WARMUP = 5000

/** The shipped features alone first (the reference), then each signal as the CV candidates ran it. */
const specs: { name: string; research: ResearchSpec | null }[] = [
  { name: 'shipped features (1.4.0), reference', research: null },
  { name: '+ discord 16/64/8/512 (D1–D4)', research: { discord: { length: 16, memory: 64, stride: 8, history: 512 } } },
  { name: '+ discord 32/64/8/512 (D5)', research: { discord: { length: 32, memory: 64, stride: 8, history: 512 } } },
  {
    name: '+ discord 16/64/8/512 + likelihood 16 (L1)',
    research: { discord: { length: 16, memory: 64, stride: 8, history: 512, likelihood: { window: 16, longAlpha: 0.0005, clamp: 5 } } },
  },
  { name: '+ novelty lags 8, stride 4, history 1024 (N5)', research: { novelty: { lags: 8, memory: 128, stride: 4, k: 3, history: 1024 } } },
  { name: '+ analogue forecast 8/128/4, k 3, 512 (F1–F3)', research: { forecast: { lags: 8, memory: 128, stride: 4, k: 3, history: 512 } } },
  { name: '+ bursty-or-level class (B1–B3)', research: { burstiness: { threshold: 4, alpha: 0.002, decideAfter: 500, cut: 0.01 } } },
]

function main() {
  const args = process.argv.slice(2).filter((a) => a !== '--')
  const at = args.indexOf('--samples')
  const samples = at >= 0 ? Number(args[at + 1]) : 30_000
  if (!Number.isInteger(samples) || samples < 100 || samples > 10_000_000) {
    console.error('--samples must be an integer between 100 and 10000000')
    process.exit(2)
  }
  const names = Array.from({ length: METRICS }, (_, i) => `m${i}`)
  const pipelines = specs.map((s) => new HostFeatures(modelFeatureSpec, modelCalibrationSpec, names, s.research ? new ResearchSignals(s.research, METRICS).observe : undefined))
  const times = specs.map(() => new Float64Array(samples))
  const sample: Record<string, number> = {}
  for (let i = 0; i < samples + WARMUP; i++) {
    names.forEach((m, k) => (sample[m] = 50 + 10 * Math.sin(i / (20 + k)) + Math.sin(i * 12.9898 + k)))
    for (let p = 0; p < pipelines.length; p++) {
      const t0 = process.hrtime.bigint()
      pipelines[p]!.step(sample, i * 60_000)
      const dt = Number(process.hrtime.bigint() - t0) / 1000
      if (i >= WARMUP) times[p]![i - WARMUP] = dt
    }
  }
  const q = (xs: Float64Array, f: number) => xs[Math.min(xs.length - 1, Math.floor(f * xs.length))]!
  process.stdout.write(`HostFeatures.step, ${METRICS} metrics, ${samples} samples each; load average ${loadavg().map((x: number) => x.toFixed(1)).join(' ')}\n`)
  process.stdout.write('| features | median µs | p99 µs | median over the reference, µs |\n|---|---:|---:|---:|\n')
  const medians = times.map((t) => q(t.sort(), 0.5))
  specs.forEach((s, p) => process.stdout.write(`| ${s.name} | ${medians[p]!.toFixed(1)} | ${q(times[p]!, 0.99).toFixed(1)} | ${p === 0 ? '–' : `+${(medians[p]! - medians[0]!).toFixed(1)}`} |\n`))
}

main()
