/**
 * NAB's scoring rules (numenta/NAB v1.1 `nab/sweeper.py`), reimplemented exactly so that the
 * published Numenta HTM results can be reproduced row for row (see nab-scorer.test.ts).
 *
 * Per file: each row gets a "sweep score" — the value it would earn if it were a detection —
 * from the scaled sigmoid of its position relative to the labeled windows. Rows inside the
 * probationary period are never scored. For a threshold T, the rows with score >= T are the
 * detections; each window keeps its best detection (or -A_FN), false positives add up.
 */

export interface CostProfile {
  readonly name: NabProfileName
  readonly tp: number
  readonly fp: number
  readonly fn: number
}

export type NabProfileName = 'standard' | 'reward_low_FP_rate' | 'reward_low_FN_rate'

/** NAB `config/profiles.json`. */
export const nabProfiles: readonly CostProfile[] = [
  { name: 'standard', tp: 1, fp: 0.11, fn: 1 },
  { name: 'reward_low_FP_rate', tp: 1, fp: 0.22, fn: 1 },
  { name: 'reward_low_FN_rate', tp: 1, fp: 0.11, fn: 2 },
]

/** A window as row indices (inclusive) into the file. */
export interface RowWindow {
  readonly left: number
  readonly right: number
}

export function scaledSigmoid(y: number): number {
  if (y > 3) return -1
  return 2 / (1 + Math.exp(5 * y)) - 1
}

export function probationaryLength(rows: number, probationPercent = 0.15): number {
  return Math.min(Math.floor(probationPercent * rows), probationPercent * 5000)
}

/** Window id for a row: -1 = probationary, -2 = outside every window, >= 0 = window index. */
const PROBATION = -1
const OUTSIDE = -2

export interface SweepRow {
  /** The detector's anomaly score at this row. */
  readonly score: number
  /** Value earned if this row is a detection, before A_TP / A_FP weighting (unweighted sigmoid). */
  readonly tpUnit: number
  readonly window: number
}

/**
 * Sweep rows of one file (NAB `calcSweepScore`). Weights are applied later per profile: inside a
 * window the weighted value is `unweighted * A_TP / σ(-1)`, outside it is `unweighted * A_FP`.
 */
export function sweepRows(scores: ArrayLike<number>, windows: readonly RowWindow[]): SweepRow[] {
  const n = scores.length
  const maxTP = scaledSigmoid(-1)
  const probation = probationaryLength(n)
  const rows: SweepRow[] = new Array(n)
  let w = 0
  let cur: RowWindow | null = null
  let prevRight: number | null = null
  let prevWidth = 0
  for (let i = 0; i < n; i++) {
    const next = windows[w]
    if (cur === null && next !== undefined && i === next.left) {
      cur = next
      w++
    }
    let unit: number
    if (cur !== null) {
      const width = cur.right - cur.left + 1
      unit = scaledSigmoid(-(cur.right - i + 1) / width) / maxTP
    } else if (prevRight === null) {
      unit = -1
    } else {
      unit = scaledSigmoid(Math.abs(prevRight - i) / (prevWidth - 1))
    }
    const windowId = i >= probation ? (cur !== null ? w - 1 : OUTSIDE) : PROBATION
    rows[i] = { score: scores[i] ?? 0, tpUnit: unit, window: windowId }
    if (cur !== null && i === cur.right) {
      prevRight = i
      prevWidth = cur.right - cur.left + 1
      cur = null
    }
  }
  return rows
}

export interface FileSweep {
  readonly name: string
  readonly rows: SweepRow[]
  readonly windowCount: number
}

export interface ThresholdResult {
  readonly threshold: number
  readonly score: number
  readonly tp: number
  readonly fp: number
  readonly fn: number
  readonly tn: number
}

function weighted(row: SweepRow, p: CostProfile): number {
  return row.window === OUTSIDE ? row.tpUnit * p.fp : row.tpUnit * p.tp
}

/** Raw score and confusion counts of one file at threshold T (detections: score >= T). */
export function scoreFile(file: FileSweep, p: CostProfile, threshold: number): ThresholdResult {
  const best = new Array<number>(file.windowCount).fill(-p.fn)
  // Windows that lie wholly inside the probationary period are not scored at all (NAB only
  // creates a score slot for window names seen on scored rows).
  const scored = new Array<boolean>(file.windowCount).fill(false)
  let fpSum = 0
  let tp = 0
  let fp = 0
  let fn = 0
  let tn = 0
  for (const r of file.rows) {
    if (r.window === PROBATION) continue
    if (r.window >= 0) scored[r.window] = true
    const hit = r.score >= threshold
    if (r.window === OUTSIDE) {
      if (hit) {
        fp++
        fpSum += weighted(r, p)
      } else tn++
    } else if (hit) {
      tp++
      best[r.window] = Math.max(best[r.window] ?? -p.fn, weighted(r, p))
    } else fn++
  }
  let score = fpSum
  for (let k = 0; k < file.windowCount; k++) if (scored[k]) score += best[k] ?? 0
  return { threshold, score, tp, fp, fn, tn }
}

/**
 * NAB `calcScoreByThreshold` over a whole corpus: sweep the threshold down through every distinct
 * score and return the one with the highest summed raw score (ties: the first, i.e. highest, one).
 */
export function optimizeThreshold(files: readonly FileSweep[], p: CostProfile): { threshold: number; score: number } {
  type Pt = { score: number; value: number; key: number }
  const points: Pt[] = []
  const windowKeys: number[] = []
  let keyBase = 0
  let total = 0
  const seen = new Set<number>()
  for (const f of files) {
    for (const r of f.rows) {
      if (r.window === PROBATION) continue
      if (r.window >= 0) {
        const key = keyBase + r.window
        if (!seen.has(key)) {
          seen.add(key)
          windowKeys.push(key)
          total -= p.fn
        }
        points.push({ score: r.score, value: weighted(r, p), key })
      } else points.push({ score: r.score, value: weighted(r, p), key: -1 })
    }
    keyBase += f.windowCount
  }
  const best = new Map<number, number>(windowKeys.map((k) => [k, -p.fn]))
  points.sort((a, b) => b.score - a.score)
  let bestScore = total
  let bestThreshold = 1.1
  let i = 0
  while (i < points.length) {
    const t = points[i]!.score
    while (i < points.length && points[i]!.score === t) {
      const pt = points[i]!
      if (pt.key === -1) total += pt.value
      else {
        const old = best.get(pt.key)!
        if (pt.value > old) {
          total += pt.value - old
          best.set(pt.key, pt.value)
        }
      }
      i++
    }
    if (total > bestScore) {
      bestScore = total
      bestThreshold = t
    }
  }
  return { threshold: bestThreshold, score: bestScore }
}

/** NAB normalization: 100 (S - S_null) / (S_perfect - S_null). */
export function normalizeScore(raw: number, windowCount: number, p: CostProfile): number {
  const perfect = windowCount * p.tp
  const nul = -windowCount * p.fn
  return (100 * (raw - nul)) / (perfect - nul)
}
