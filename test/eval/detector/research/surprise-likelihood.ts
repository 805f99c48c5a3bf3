import Type, { type Static } from 'typebox'
import { normalTailSurprise } from '@smartcloudops/shared/features/alarm'

/**
 * HTM's anomaly likelihood (Ahmad et al. 2017) applied to one metric's novelty signal: the mean
 * of the last `window` surprises (each clamped at `clamp`) against that mean's own long-run
 * distribution (exponentially weighted mean and variance, weight `longAlpha`), through the
 * Gaussian tail, in surprise units. Where nothing is new, −ln p is exponential(1) and strongly
 * autocorrelated (overlapping subsequences), so single rows past p < 1% are common and mean
 * nothing; a shape that stays new for many samples moves the window mean far past its usual
 * spread. O(window) state, O(1) per sample; causal.
 */
export const LikelihoodSpec = Type.Object(
  {
    window: Type.Integer({ minimum: 2, maximum: 256 }),
    longAlpha: Type.Number({ exclusiveMinimum: 0, maximum: 1 }),
    clamp: Type.Number({ exclusiveMinimum: 0, maximum: 100 }),
  },
  { additionalProperties: false },
)
export type LikelihoodSpec = Static<typeof LikelihoodSpec>

export const LikelihoodState = Type.Object(
  {
    recent: Type.Array(Type.Number({ minimum: 0 }), { maxItems: 256 }),
    head: Type.Integer({ minimum: 0 }),
    sum: Type.Number(),
    mean: Type.Number(),
    variance: Type.Number({ minimum: 0 }),
    seen: Type.Integer({ minimum: 0 }),
  },
  { additionalProperties: false },
)
export type LikelihoodState = Static<typeof LikelihoodState>

/** Window means needed before the likelihood speaks (its long-run mean and variance are meaningless before). */
export const LIKELIHOOD_WARMUP = 100

export class SurpriseLikelihood {
  private st: LikelihoodState

  constructor(readonly spec: LikelihoodSpec) {
    this.st = { recent: new Array<number>(spec.window).fill(0), head: 0, sum: 0, mean: 0, variance: 0, seen: 0 }
  }

  /** Folds one surprise in; returns the likelihood surprise (0 while warming up or when below the usual mean). */
  step(s: number): number {
    const { window, longAlpha, clamp } = this.spec
    const st = this.st
    const u = Math.min(Math.max(0, s), clamp)
    st.sum += u - st.recent[st.head]!
    st.recent[st.head] = u
    st.head = (st.head + 1) % window
    st.seen++
    // The window fills first; its mean is meaningless before.
    if (st.seen < window) return 0
    const m = Math.max(0, st.sum) / window
    const sd = Math.max(Math.sqrt(st.variance), 1 / Math.sqrt(window))
    const learned = st.seen - window
    const out = learned >= LIKELIHOOD_WARMUP && m > st.mean ? normalTailSurprise((m - st.mean) / sd) : 0
    // Learn from the window mean, winsorized at 4 sd so a long new pattern does not become usual at once.
    const a = Math.max(longAlpha, 1 / (learned + 1))
    const mc = learned > LIKELIHOOD_WARMUP ? Math.min(m, st.mean + 4 * sd) : m
    const d = mc - st.mean
    st.mean += a * d
    st.variance = (1 - a) * (st.variance + a * d * d)
    return out
  }

  exportState(): LikelihoodState {
    return { ...this.st, recent: [...this.st.recent] }
  }

  /** Restores exported state; throws (changing nothing) when it does not fit this spec. */
  static fromState(spec: LikelihoodSpec, s: LikelihoodState): SurpriseLikelihood {
    if (s.recent.length !== spec.window) throw new RangeError(`likelihood state has a window of ${s.recent.length} surprises, the spec uses ${spec.window}`)
    if (s.head >= spec.window) throw new RangeError(`likelihood state position ${s.head} is outside its window of ${spec.window}`)
    const l = new SurpriseLikelihood(spec)
    l.st = { ...s, recent: [...s.recent] }
    return l
  }
}
