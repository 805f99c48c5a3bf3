import { normalizeScore, nabProfiles, optimizeThreshold, scoreFile, sweepRows, type FileSweep, type NabProfileName } from './nab-scorer'
import type { NabSeries } from './nab-data'

export interface NabProfileResult {
  profile: NabProfileName
  threshold: number
  /** Normalized score over every series given (the corpus the threshold was chosen on, unless fixed). */
  corpus: number
  /** Normalized score per category (e.g. realAWSCloudwatch), at the same threshold. */
  byCategory: Record<string, number>
  perFile: Record<string, number>
}

export interface NabEvaluation {
  detector: string
  files: number
  windows: number
  profiles: NabProfileResult[]
}

/**
 * Scores a detector's per-row outputs on a NAB corpus: for each profile the threshold is either
 * the corpus-optimal one (NAB's rule) or the given fixed one (e.g. the model's shipped threshold).
 */
export function evaluateNab(
  detector: string,
  series: readonly NabSeries[],
  scores: ReadonlyMap<string, ArrayLike<number>>,
  fixedThresholds?: Partial<Record<NabProfileName, number>>,
): NabEvaluation {
  const files: FileSweep[] = series.map((s) => {
    const sc = scores.get(s.name)
    if (!sc || sc.length !== s.values.length) throw new Error(`no scores (or wrong count) for ${s.name}`)
    return { name: s.name, rows: sweepRows(sc, s.windows), windowCount: s.windows.length }
  })
  const windows = files.reduce((a, f) => a + f.windowCount, 0)
  const profiles = nabProfiles.map((p) => {
    const threshold = fixedThresholds?.[p.name] ?? optimizeThreshold(files, p).threshold
    const perFile: Record<string, number> = {}
    const cat = new Map<string, { raw: number; windows: number }>()
    let raw = 0
    for (const f of files) {
      const r = scoreFile(f, p, threshold).score
      perFile[f.name] = r
      raw += r
      const c = f.name.split('/')[0] ?? ''
      const acc = cat.get(c) ?? { raw: 0, windows: 0 }
      acc.raw += r
      acc.windows += f.windowCount
      cat.set(c, acc)
    }
    const byCategory: Record<string, number> = {}
    for (const [c, v] of [...cat].sort()) byCategory[c] = v.windows > 0 ? normalizeScore(v.raw, v.windows, p) : Number.NaN
    return { profile: p.name, threshold, corpus: normalizeScore(raw, windows, p), byCategory, perFile }
  })
  return { detector, files: files.length, windows, profiles }
}

/** A detector on the tuning series (thresholds optimized there) and on the held-out ones at those thresholds. */
export interface NabSplitEvaluation {
  tune: NabEvaluation
  heldOut: NabEvaluation
}

/**
 * The honest NAB figure: thresholds chosen corpus-wide on the tuning series only (NAB's rule,
 * restricted to them), then applied unchanged to the held-out series. Undefined when either part
 * is empty (e.g. a filtered CI slice).
 */
export function evaluateNabSplit(
  detector: string,
  series: readonly NabSeries[],
  scores: ReadonlyMap<string, ArrayLike<number>>,
  part: (name: string) => 'tune' | 'heldOut',
): NabSplitEvaluation | undefined {
  const tuneSeries = series.filter((s) => part(s.name) === 'tune')
  const heldSeries = series.filter((s) => part(s.name) === 'heldOut')
  if (tuneSeries.length === 0 || heldSeries.length === 0) return undefined
  const tune = evaluateNab(detector, tuneSeries, scores)
  const thresholds = Object.fromEntries(tune.profiles.map((p) => [p.profile, p.threshold]))
  return { tune, heldOut: evaluateNab(detector, heldSeries, scores, thresholds) }
}
