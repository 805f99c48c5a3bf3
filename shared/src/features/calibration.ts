import Type, { type Static } from 'typebox'
import { AlarmSpec } from './alarm'

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
    /** Above this share of the history, the tail is extrapolated instead of counted. */
    tailQuantile: Type.Number({ minimum: 0.5, maximum: 0.9999 }),
    /** Lower bound of the tail's scale in log(1 + raw) units, so a flat history cannot make every blip extreme. */
    minTailScale: Type.Number({ exclusiveMinimum: 0, maximum: 10 }),
    /**
     * The tail's scale is widened to an upper confidence bound, `scale · (1 + z / √m)` with m the
     * history's mass in the tail: the mean excess of m exponential points has a standard error of
     * scale / √m, so a young history (a new host, the first days: m ≈ 12 after 600 samples) is not
     * trusted to extrapolate as far as a long one. Absent = the point estimate (up to 1.4.0).
     */
    tailScaleConfidence: Type.Optional(Type.Number({ minimum: 0, maximum: 10 })),
    /**
     * Onset emphasis: the raw score is first reduced by `onsetWeight` × a decaying maximum of the
     * recent raw scores (decay `onsetDecay` per sample). A new deviation scores high at once; the
     * same deviation going on scores lower and lower, so a persisting condition does not re-alert
     * every sample. Off (0) in the default model: it cost more on SMD/ASD (sustained incidents)
     * than it gained on NAB.
     */
    onsetWeight: Type.Number({ minimum: 0, maximum: 1 }),
    onsetDecay: Type.Number({ minimum: 0, maximum: 1 }),
    /** Alarm shaping after calibration (anomaly likelihood, hold-off); absent = none (models before 1.2.0). */
    alarm: Type.Optional(AlarmSpec),
  },
  { additionalProperties: false },
)
export type CalibrationSpec = Static<typeof CalibrationSpec>

export const defaultCalibrationSpec: CalibrationSpec = { bins: 256, maxLogRaw: 6, alpha: 1 / 4000, tailQuantile: 0.98, minTailScale: 0.05, onsetWeight: 0, onsetDecay: 0.97 }

export interface CalibrationState {
  counts: number[]
  total: number
  /** Decaying maximum of recent raw scores (for onset emphasis). */
  recent: number
}

export function newCalibration(spec: CalibrationSpec): CalibrationState {
  return { counts: new Array<number>(spec.bins).fill(0), total: 0, recent: 0 }
}

function position(spec: CalibrationSpec, raw: number): number {
  const lr = Math.log1p(Math.max(0, raw))
  return (Math.min(lr, spec.maxLogRaw) / spec.maxLogRaw) * spec.bins
}

/**
 * Calibrated score of `raw` against the history (before `raw` joins it): 1 − P(R ≥ raw). Below
 * the history's `tailQuantile` this is the empirical share; above it the tail is modelled as
 * exponential in log(1 + raw), with its scale the mean excess over that quantile (peaks over
 * threshold, as in extreme value theory). So a raw score far beyond anything the host has done
 * gets a score much closer to 1 than one merely at the top of its range — which is what lets one
 * threshold serve quiet and noisy hosts alike.
 */
export function calibrate(spec: CalibrationSpec, st: CalibrationState, raw: number): number {
  return 1 - Math.exp(-surpriseOf(spec, st, raw))
}

/**
 * The same as `calibrate` in surprise units, −log P(R ≥ raw): 4.6 ≈ 0.99, 6.9 ≈ 0.999. Kept in
 * log space so the tail never rounds to exactly 1 and extreme scores stay ordered.
 */
export function surpriseOf(spec: CalibrationSpec, st: CalibrationState, raw: number): number {
  const total = st.total
  if (total <= 0) return Math.LN2
  const width = spec.maxLogRaw / spec.bins
  const lr = Math.log1p(Math.max(0, raw))
  // Find the tail start u (upper edge of the bin where the cumulative share passes the quantile)
  // and the mean excess of the history above it.
  const tailMass = total * (1 - spec.tailQuantile)
  let above = 0
  let excess = 0
  let u = 0
  for (let i = spec.bins - 1; i >= 0; i--) {
    const c = st.counts[i] ?? 0
    if (above + c > tailMass) {
      u = (i + 1) * width
      break
    }
    above += c
    excess += c * ((i + 0.5) * width)
  }
  if (lr >= u) {
    const pU = (above + 0.5) / (total + 1)
    const scale = above > 0 ? excess / above - u : spec.minTailScale
    const z = spec.tailScaleConfidence
    const beta = Math.max(spec.minTailScale, z === undefined ? scale : scale * (1 + z / Math.sqrt(Math.max(1, above))))
    return -Math.log(pU) + (lr - u) / beta
  }
  const pos = lr / width
  const idx = Math.floor(pos)
  let mass = above + (st.counts[idx] ?? 0) * (1 - (pos - idx))
  for (let i = idx + 1; i < spec.bins && (i + 1) * width <= u; i++) mass += st.counts[i] ?? 0
  return -Math.log((mass + 0.5) / (total + 1))
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

/** Raw score with the recent maximum discounted (onset emphasis); updates the recent maximum. */
export function onset(spec: CalibrationSpec, st: CalibrationState, raw: number): number {
  const eff = Math.max(0, raw - spec.onsetWeight * st.recent)
  st.recent = Math.max(raw, st.recent * spec.onsetDecay)
  return eff
}
