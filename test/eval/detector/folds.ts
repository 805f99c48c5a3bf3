/**
 * The cross-validation folds of the evaluation protocol (agent/src/detect/README.md):
 * NAB leave-one-category-out (the two artificial categories are one fold: artificialNoAnomaly has
 * no windows to score), one fold per ASD server, and SMD's one machine cut into contiguous blocks
 * of its test half. Nothing here is fitted on a fold's own rows: NAB's threshold comes from the
 * other categories, SMD/ASD thresholds from each series' train scores.
 */
import { evaluateNabSplit } from './nab-eval'
import type { NabSeries } from './nab-data'
import { strictMetrics, type ScoredSeries, type StrictMetrics } from './multivariate-metrics'

export const SMD_BLOCKS = 3

export function nabFold(seriesName: string): string {
  const category = seriesName.split('/')[0] ?? ''
  return category.startsWith('artificial') ? 'artificial' : category
}

/** Standard-profile score of each held-out NAB category at the threshold chosen on the others. */
export function nabFoldScores(series: readonly NabSeries[], scores: ReadonlyMap<string, ArrayLike<number>>): Map<string, number> {
  const out = new Map<string, number>()
  for (const fold of [...new Set(series.map((s) => nabFold(s.name)))].sort()) {
    const split = evaluateNabSplit('cv', series, scores, (n) => (nabFold(n) === fold ? 'heldOut' : 'tune'))
    const std = split?.heldOut.profiles.find((p) => p.profile === 'standard')
    if (std && Number.isFinite(std.corpus)) out.set(fold, std.corpus)
  }
  return out
}

/** Contiguous blocks of a scored series' test rows, each a fold of its own (train scores shared). */
export function testBlocks(s: ScoredSeries, blocks: number): ScoredSeries[] {
  const n = s.testScores.length
  const out: ScoredSeries[] = []
  for (let b = 0; b < blocks; b++) {
    const lo = Math.floor((b * n) / blocks)
    const hi = Math.floor(((b + 1) * n) / blocks)
    out.push({ ...s, name: `${s.name}#${b + 1}`, testScores: Array.prototype.slice.call(s.testScores, lo, hi), labels: Array.prototype.slice.call(s.labels, lo, hi) })
  }
  return out
}

/** The host column of one fold: ½ (event F1 + PR-AUC) at the train-percentile threshold. */
export function hostFoldScore(m: StrictMetrics): number {
  return (m.eventF1 + m.prAuc) / 2
}

/** SMD blocks and ASD servers, each one fold. */
export function hostFoldScores(smd: readonly ScoredSeries[], asd: readonly ScoredSeries[]): Map<string, number> {
  const out = new Map<string, number>()
  for (const s of smd.flatMap((x) => testBlocks(x, SMD_BLOCKS))) out.set(`smd/${s.name}`, hostFoldScore(strictMetrics([s])))
  for (const s of asd) out.set(`asd/${s.name}`, hostFoldScore(strictMetrics([s])))
  return out
}

export interface FoldSummary {
  mean: number
  /** Mean over folds of (candidate − base), and the standard deviation of those gains. */
  gain: number
  spread: number
}

/** Mean of a candidate over folds, and its paired gain over the base with the gains' spread. */
export function summarize(candidate: ReadonlyMap<string, number>, base: ReadonlyMap<string, number>): FoldSummary {
  const folds = [...base.keys()].filter((k) => candidate.has(k))
  if (folds.length === 0) return { mean: Number.NaN, gain: Number.NaN, spread: Number.NaN }
  const gains = folds.map((k) => candidate.get(k)! - base.get(k)!)
  const mean = folds.reduce((a, k) => a + candidate.get(k)!, 0) / folds.length
  const gain = gains.reduce((a, g) => a + g, 0) / gains.length
  const spread = Math.sqrt(gains.reduce((a, g) => a + (g - gain) ** 2, 0) / Math.max(1, gains.length - 1))
  return { mean, gain, spread }
}

/** The adoption rule: gains more than its spread on one column, loses no more than the spread on the other. */
export function adoptable(nab: FoldSummary, host: FoldSummary): boolean {
  const passes = (s: FoldSummary) => s.gain > s.spread
  const holds = (s: FoldSummary) => s.gain >= -s.spread
  return (passes(nab) && holds(host)) || (passes(host) && holds(nab))
}
