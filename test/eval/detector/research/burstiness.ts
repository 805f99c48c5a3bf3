import Type, { type Static } from 'typebox'

/**
 * Whether one metric behaves in bursts or in levels, decided causally from its own history: the
 * exponentially weighted share of its samples that START an excursion — the level feature passes
 * `threshold` scales where the sample before did not (the baseline's scale is a mean absolute
 * deviation, so a Gaussian series passes 4 on about 0.1% of samples). Onsets, not samples beyond:
 * a level change is one long excursion (one onset) while the baseline catches up, a bursty metric
 * starts a new one every few dozen samples. After `decideAfter` samples a metric whose share exceeds `cut` is bursty (request
 * counts, tweet volumes, bytes: spikes are its ordinary behaviour); below it, or before, it is
 * level-like (cpu, latency: a deviation is news). The share keeps learning, so a metric that
 * changes behaviour is reclassified within ~1/alpha samples. State per metric: two numbers.
 */
export const BurstinessSpec = Type.Object(
  {
    /** |level_z| above this counts as a burst. */
    threshold: Type.Number({ exclusiveMinimum: 0, maximum: 50 }),
    /** Weight of each new sample in the burst share (early on 1/n, a plain share). */
    alpha: Type.Number({ exclusiveMinimum: 0, maximum: 1 }),
    /** Samples before a metric can be classed bursty. */
    decideAfter: Type.Integer({ minimum: 1, maximum: 100_000 }),
    /** Burst share above which a metric is bursty. */
    cut: Type.Number({ exclusiveMinimum: 0, maximum: 1 }),
  },
  { additionalProperties: false },
)
export type BurstinessSpec = Static<typeof BurstinessSpec>

export const BurstinessState = Type.Object(
  {
    /** Samples seen. */
    n: Type.Integer({ minimum: 0 }),
    /** Weighted share of samples that start an excursion. */
    share: Type.Number({ minimum: 0, maximum: 1 }),
    /** Whether the last sample was inside an excursion (beyond the threshold, or still beyond half of it). */
    beyond: Type.Boolean(),
  },
  { additionalProperties: false },
)
export type BurstinessState = Static<typeof BurstinessState>

export function newBurstiness(): BurstinessState {
  return { n: 0, share: 0, beyond: false }
}

/** Folds one sample's level feature in; returns whether the metric counts as bursty from now (using samples ≤ t). */
export function observeBurst(spec: BurstinessSpec, s: BurstinessState, levelZ: number): boolean {
  s.n++
  const a = Math.max(spec.alpha, 1 / s.n)
  // An excursion ends only below half the threshold: a baseline catching up with a new level
  // hovers near the threshold for a while, and each crossing there is not a new burst.
  const z = Math.abs(levelZ)
  const beyond = z > spec.threshold || (s.beyond && z > spec.threshold / 2)
  s.share += a * (beyond && !s.beyond ? 1 : 0) - a * s.share
  s.beyond = beyond
  return isBursty(spec, s)
}

export function isBursty(spec: BurstinessSpec, s: BurstinessState): boolean {
  return s.n >= spec.decideAfter && s.share > spec.cut
}
