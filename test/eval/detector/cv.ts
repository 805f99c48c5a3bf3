/**
 * The model-selection sweep of the evaluation protocol (agent/src/detect/README.md): each
 * candidate of cv-candidates.ts is scored over the development data with the TypeScript replica of
 * the graph (tune.ts: the agent's feature pipeline and calibration, the graph's arithmetic), and
 * ONLY the two selection columns are printed: NAB leave-one-category-out and the SMD/ASD folds,
 * each as the mean over folds with the paired gain over the base and that gain's spread. No other
 * figure is printed here on purpose; the chosen model's full figures come from
 * `pnpm bench:detector` after the choice.
 *
 *   npx tsx test/eval/detector/cv.ts [data dir] [--only name,name] [--folds]
 *
 * `--folds` adds each variant's gain per fold of the same two columns (the figures the spread is
 * computed from; still nothing selection does not use).
 */
import { join } from 'node:path'
import { loadNabCorpus, type NabSeries } from './nab-data'
import { loadLabeledSet, type LabeledMultivariate } from './multivariate-data'
import type { ScoredSeries } from './multivariate-metrics'
import { columnNames } from './score-series'
import { sharedDataDir } from './shared-data'
import { scoreRows, type Candidate } from './tune'
import { adoptable, hostFoldScores, nabFoldScores, summarize } from './folds'

export async function foldScores(c: Candidate, nab: readonly NabSeries[], sets: Record<'smd' | 'asd', LabeledMultivariate[]>) {
  const scores = new Map<string, Float64Array>()
  for (const s of nab) scores.set(s.name, scoreRows(c, ['value'], s.values.map((v) => [v]), (i) => s.timestamps[i]!))
  const scored = (set: 'smd' | 'asd'): ScoredSeries[] => {
    const step = set === 'smd' ? 60 : 300
    return sets[set].map((s) => {
      const all = scoreRows(c, columnNames(s.train[0]!.length), [...s.train, ...s.test], (i) => i * step * 1000)
      return { name: s.name, trainScores: all.subarray(0, s.train.length), testScores: all.subarray(s.train.length), labels: s.labels, stepSeconds: step }
    })
  }
  return { nab: nabFoldScores(nab, scores), host: hostFoldScores(scored('smd'), scored('asd')) }
}

async function main() {
  const args = process.argv.slice(2).filter((a) => a !== '--')
  const onlyIdx = args.indexOf('--only')
  const dataDir = args.find((a, i) => !a.startsWith('--') && i !== onlyIdx + 1) ?? sharedDataDir
  const only = onlyIdx >= 0 ? new Set((args[onlyIdx + 1] ?? '').split(',')) : null
  const perFold = args.includes('--folds')
  const nab = await loadNabCorpus(join(dataDir, 'nab'))
  const sets = { smd: await loadLabeledSet(join(dataDir, 'smd')), asd: await loadLabeledSet(join(dataDir, 'asd')) }
  const { base, candidates } = await import('./cv-candidates')
  // A name that matches nothing (a typo, or a name with a comma, which --only splits on) would
  // otherwise print the base row alone and look like a run.
  const unknown = only ? [...only].filter((n) => !candidates.some((c) => c.name === n)) : []
  if (unknown.length > 0) {
    console.error(`cv: no candidate named ${unknown.map((n) => JSON.stringify(n)).join(', ')} (names may not contain commas)`)
    process.exit(2)
  }
  const b = await foldScores(base, nab, sets)
  const own = (m: Map<string, number>) => {
    const xs = [...m.values()]
    const mean = xs.reduce((a, x) => a + x, 0) / xs.length
    return `${mean.toFixed(3)} (folds ±${Math.sqrt(xs.reduce((a, x) => a + (x - mean) ** 2, 0) / Math.max(1, xs.length - 1)).toFixed(3)})`
  }
  process.stdout.write(`| candidate | NAB leave-one-category-out: mean, gain ± spread | SMD/ASD folds ½(event F1 + PR-AUC): mean, gain ± spread | adopt |\n|---|---|---|---|\n`)
  process.stdout.write(`| ${base.name} (base; ${b.nab.size} NAB folds, ${b.host.size} host folds) | ${own(b.nab)} | ${own(b.host)} | base |\n`)
  let tried = 0
  for (const c of candidates) {
    if (only && !only.has(c.name)) continue
    tried++
    const r = await foldScores(c, nab, sets)
    const n = summarize(r.nab, b.nab)
    const h = summarize(r.host, b.host)
    const f = (s: typeof n, d: number) => `${s.mean.toFixed(d)}, ${s.gain >= 0 ? '+' : ''}${s.gain.toFixed(d)} ± ${s.spread.toFixed(d)}`
    process.stdout.write(`| ${c.name} | ${f(n, 1)} | ${f(h, 3)} | ${adoptable(n, h) ? 'yes' : 'no'} |\n`)
    if (perFold) {
      const gains = (m: Map<string, number>, ref: Map<string, number>, d: number) =>
        [...ref.keys()].map((k) => `${k} ${(m.get(k)! - ref.get(k)!) >= 0 ? '+' : ''}${(m.get(k)! - ref.get(k)!).toFixed(d)}`).join(', ')
      process.stdout.write(`|  gain per fold | ${gains(r.nab, b.nab, 1)} | ${gains(r.host, b.host, 3)} | |\n`)
    }
  }
  process.stdout.write(`variants tried in this run: ${tried}\n`)
}

if (process.argv[1]?.endsWith('cv.ts')) {
  main().catch((err) => {
    console.error(err)
    process.exit(1)
  })
}
