import Type, { type Static } from 'typebox'

/**
 * The feature specification a model was built for. It travels inside the model's metadata, so an
 * agent always computes exactly the features the model expects, whatever version of the agent
 * code runs. Changing any field's meaning means a new `version`.
 */
export const FeatureSpec = Type.Object(
  {
    version: Type.Literal(1),
    /** Weight of each new sample in the slow (baseline) running mean and scale. */
    slowAlpha: Type.Number({ exclusiveMinimum: 0, maximum: 1 }),
    /** Weight of each new sample in the fast running mean (a short, noise-averaged level). */
    fastAlpha: Type.Number({ exclusiveMinimum: 0, maximum: 1 }),
    /** Baseline updates are winsorized at this many scale units, so a spike barely moves it. */
    clip: Type.Number({ exclusiveMinimum: 0, maximum: 100 }),
    /** Scale floor relative to the metric's typical magnitude (keeps flat series from dividing by ~0). */
    relativeFloor: Type.Number({ minimum: 0, maximum: 1 }),
    /** Scale floor in the metric's own units. */
    absoluteFloor: Type.Number({ minimum: 0 }),
    /** Features are clamped to ±this before they reach the model. */
    featureLimit: Type.Number({ exclusiveMinimum: 0, maximum: 1000 }),
    /** Samples a metric needs before its features count; until then it is left out of the model input. */
    warmup: Type.Integer({ minimum: 1, maximum: 100_000 }),
  },
  { additionalProperties: false },
)
export type FeatureSpec = Static<typeof FeatureSpec>

/** Column order of one metric's row in the model input. */
export const featureNames = ['level_z', 'shift_z', 'jump_z', 'spread_log_ratio'] as const
export const FEATURE_COUNT = featureNames.length

export const defaultFeatureSpec: FeatureSpec = {
  version: 1,
  slowAlpha: 0.003,
  fastAlpha: 0.25,
  clip: 4,
  relativeFloor: 0.002,
  absoluteFloor: 1e-9,
  featureLimit: 50,
  warmup: 12,
}
