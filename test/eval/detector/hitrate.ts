/**
 * How well the score's explanation names the metrics that were wrong: HitRate@P% as in the
 * OmniAnomaly paper (Su et al., KDD 2019), on the SMD/ASD interpretation labels
 * (`<set>/interpretation_label/<name>.txt`: `start-end:d1,d2,…`, dimensions 1-based).
 * For every labelled anomalous row inside a labelled segment, with GT its segment's dimensions:
 *   HitRate@P% = |top ⌊P% × |GT|⌋ metrics by the model's per-metric score ∩ GT| / |GT|,
 * averaged over those rows. The ranking is the agent's own (agent/src/detect/explain.ts
 * `rankMetrics`: per-metric score, ties at the cap broken by feature magnitude), of which a
 * sample's `explanation` is the top 3; metrics scoring 0 come after, in column order. The
 * reference "random ranking" is the expectation ⌊P% × |GT|⌋ / dims of a ranking that knows nothing.
 *
 *   npx tsx test/eval/detector/hitrate.ts [data dir]
 */
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { createDetector } from '@smartcloudops/agent/detect/detector'
import { rankMetrics } from '@smartcloudops/agent/detect/explain'
import { loadLabeledSet, SeriesFileError, type LabeledMultivariate } from './multivariate-data'
import { columnNames } from './score-series'
import { sharedDataDir } from './shared-data'

export interface Segment {
  start: number
  end: number
  /** 0-based column indices. */
  dims: number[]
}

export function parseInterpretation(text: string, what: string): Segment[] {
  const out: Segment[] = []
  text.split(/\r?\n/).forEach((line, i) => {
    const t = line.trim()
    if (t === '') return
    const m = /^(\d+)-(\d+):(\d+(?:,\d+)*)$/.exec(t)
    if (!m) throw new SeriesFileError(`${what}: line ${i + 1} is "${t}", expected start-end:d1,d2,…`)
    out.push({ start: Number(m[1]), end: Number(m[2]), dims: m[3]!.split(',').map((d) => Number(d) - 1) })
  })
  return out
}

/** Hits of one row: ranking = column indices ordered by decreasing score. */
export function rowHitRate(ranking: readonly number[], gt: readonly number[], p: number): number {
  const k = Math.floor(p * gt.length)
  const top = new Set(ranking.slice(0, k))
  return gt.filter((d) => top.has(d)).length / gt.length
}


export interface HitRates {
  rows: number
  at100: number
  at150: number
  random100: number
  random150: number
}

/** HitRate over the labelled rows of one series, from each test row's ranking of its columns (best first) and its column count. */
export function hitRates(rankings: readonly (readonly number[])[], dims: number, labels: ArrayLike<number>, segments: readonly Segment[]): HitRates {
  let rows = 0
  const sum = { at100: 0, at150: 0, random100: 0, random150: 0 }
  for (const s of segments) {
    for (let r = s.start; r <= s.end && r < rankings.length; r++) {
      if (labels[r] !== 1) continue
      const ranking = rankings[r]!
      sum.at100 += rowHitRate(ranking, s.dims, 1)
      sum.at150 += rowHitRate(ranking, s.dims, 1.5)
      sum.random100 += Math.min(1, s.dims.length / dims)
      sum.random150 += Math.min(1, Math.floor(1.5 * s.dims.length) / dims)
      rows++
    }
  }
  const avg = (v: number) => (rows > 0 ? v / rows : Number.NaN)
  return { rows, at100: avg(sum.at100), at150: avg(sum.at150), random100: avg(sum.random100), random150: avg(sum.random150) }
}

/** Runs the agent's detector over train then test and keeps its ranking of the columns at each test row. */
async function testRankings(s: LabeledMultivariate, stepSeconds: number): Promise<number[][]> {
  const names = columnNames(s.train[0]!.length)
  const det = await createDetector({ metrics: names })
  const out: number[][] = []
  const sample: Record<string, number> = {}
  try {
    const rows = [...s.train, ...s.test]
    for (let i = 0; i < rows.length; i++) {
      names.forEach((n, d) => (sample[n] = rows[i]![d]!))
      const r = await det.scoreDetailed(sample, i * stepSeconds * 1000)
      if (i < s.train.length) continue
      const ranked = r ? rankMetrics(r.perMetric, r.featureMagnitude).map(([m]) => names.indexOf(m)) : []
      const rest = names.map((_, d) => d).filter((d) => !ranked.includes(d))
      out.push([...ranked, ...rest])
    }
  } finally {
    await det.close()
  }
  return out
}

async function main() {
  const dataDir = process.argv.slice(2).find((a) => a !== '--') ?? sharedDataDir
  process.stdout.write('| series | rows | HitRate@100% | @150% | random ranking @100% / @150% |\n|---|---:|---:|---:|---:|\n')
  for (const [set, step] of [['smd', 60], ['asd', 300]] as const) {
    const pooled = { rows: 0, at100: 0, at150: 0, random100: 0, random150: 0 }
    for (const s of await loadLabeledSet(join(dataDir, set))) {
      const file = join(dataDir, set, 'interpretation_label', `${s.name}.txt`)
      const segs = parseInterpretation(await readFile(file, 'utf8'), file)
      const h = hitRates(await testRankings(s, step), s.train[0]!.length, s.labels, segs)
      process.stdout.write(`| ${set}/${s.name} | ${h.rows} | ${h.at100.toFixed(3)} | ${h.at150.toFixed(3)} | ${h.random100.toFixed(3)} / ${h.random150.toFixed(3)} |\n`)
      for (const k of ['at100', 'at150', 'random100', 'random150'] as const) pooled[k] += h[k] * h.rows
      pooled.rows += h.rows
    }
    const f = (v: number) => (v / pooled.rows).toFixed(3)
    process.stdout.write(`| **${set} pooled** | ${pooled.rows} | ${f(pooled.at100)} | ${f(pooled.at150)} | ${f(pooled.random100)} / ${f(pooled.random150)} |\n`)
  }
}

if (process.argv[1]?.endsWith('hitrate.ts')) {
  main().catch((err) => {
    console.error(err)
    process.exit(1)
  })
}
