import Type, { type Static } from 'typebox'

/**
 * Turns a model's raw score into a calibrated one: the share of this host's own recent scores
 * that were lower. 0.99 means "more unusual than 99% of what this host normally does". The
 * history is an exponentially decayed histogram of log(1 + raw), so memory is O(bins) and the
 * calibration follows the host as its normal behaviour changes.
 */
export const CalibrationSpec = Type.Object(
  {
    /** Histogram bins over log(1 + raw) in [0, maxLogRaw]. */
    bins: Type.Integer({ minimum: 8, maximum: 4096 }),
    maxLogRaw: Type.Number({ exclusiveMinimum: 0, maximum: 50 }),
    /** Weight of each new score; the history spans ~1/alpha samples. */
    alpha: Type.Number({ exclusiveMinimum: 0, maximum: 1 }),
  },
  { additionalProperties: false },
)
export type CalibrationSpec = Static<typeof CalibrationSpec>

export const defaultCalibrationSpec: CalibrationSpec = { bins: 128, maxLogRaw: 6, alpha: 1 / 4000 }

export interface CalibrationState {
  counts: number[]
  total: number
}

export function newCalibration(spec: CalibrationSpec): CalibrationState {
  return { counts: new Array<number>(spec.bins).fill(0), total: 0 }
}

function position(spec: CalibrationSpec, raw: number): number {
  const lr = Math.log1p(Math.max(0, raw))
  return (Math.min(lr, spec.maxLogRaw) / spec.maxLogRaw) * spec.bins
}

/**
 * Calibrated score of `raw` against the history (before `raw` joins it). Strictly increasing in
 * raw beyond the largest score seen, so thresholds near 1 still order new extremes.
 */
export function calibrate(spec: CalibrationSpec, st: CalibrationState, raw: number): number {
  const pos = position(spec, raw)
  const idx = Math.min(spec.bins - 1, Math.floor(pos))
  const frac = pos - idx
  let above = (st.counts[idx] ?? 0) * (1 - frac)
  let top = -1
  for (let i = spec.bins - 1; i > idx; i--) {
    const c = st.counts[i] ?? 0
    above += c
    if (top === -1 && c > 1e-12) top = i + 1
  }
  if (top === -1) top = (st.counts[idx] ?? 0) > 1e-12 ? idx + 1 : idx
  // Half a pseudo-sample above everything seen, fading as raw exceeds the observed top: a prior
  // that keeps the score below 1 and still rising for ever larger raw scores.
  const lr = Math.log1p(Math.max(0, raw))
  const topLr = (top / spec.bins) * spec.maxLogRaw
  const tail = 0.5 * Math.exp(-Math.max(0, lr - topLr) * 4)
  return 1 - (above + tail) / (st.total + 1)
}

/** Adds `raw` to the decayed history. */
export function remember(spec: CalibrationSpec, st: CalibrationState, raw: number): void {
  const idx = Math.min(spec.bins - 1, Math.floor(position(spec, raw)))
  // Plain counting until the history is full, then exponential forgetting.
  const keep = st.total + 1 > 1 / spec.alpha ? 1 - spec.alpha : 1
  if (keep !== 1) {
    for (let i = 0; i < st.counts.length; i++) st.counts[i]! *= keep
    st.total *= keep
  }
  st.counts[idx]! += 1
  st.total += 1
}
