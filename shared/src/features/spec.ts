import Type, { type Static } from 'typebox'

/**
 * The feature specification a model was built for. It travels inside the model's metadata, so an
 * agent always computes exactly the features the model expects, whatever version of the agent
 * code runs. Changing any field's meaning means a new `version`.
 */
/**
 * Seasonal baseline (from 1.3.0; absent = none): per metric, an additive offset per time-of-day /
 * time-of-week bucket, learned like Holt–Winters' additive season: the level baseline learns the
 * deseasonalized value, each bucket learns the value minus the level. A bucket's offset is applied
 * only once it has seen `minSamples` samples, so a new host starts exactly as without seasonality.
 */
export const SeasonalSpec = Type.Object(
  {
    /** Width of a bucket in seconds (3600 = hour). */
    bucketSeconds: Type.Integer({ minimum: 60, maximum: 86_400 }),
    /** Buckets in one period (24 hourly buckets = a day, 168 = a week). */
    buckets: Type.Integer({ minimum: 2, maximum: 1008 }),
    /** Weight of each new sample in its bucket's offset. */
    alpha: Type.Number({ exclusiveMinimum: 0, maximum: 1 }),
    /** Samples a bucket needs before its offset is applied. */
    minSamples: Type.Integer({ minimum: 1, maximum: 100_000 }),
    /** Share of the learned offset applied (0 = learn only). */
    weight: Type.Number({ minimum: 0, maximum: 1 }),
    /**
     * The fast mean and spread follow the deseasonalized value too (absent = the raw value, as in
     * 1.3.0): otherwise the shift and spread features compare a lagging raw average with this
     * bucket's expectation, and a wave's own slope reads as a shift.
     */
    deseasonalizeFast: Type.Optional(Type.Boolean()),
    /**
     * Offsets apply only while they explain the metric: while the mean absolute deviation of the
     * seasonal residual is below `gate` × that of the level alone (both exponentially weighted
     * like the baseline). Absent = always, once a bucket has `minSamples`. A metric without a
     * daily or weekly pattern then scores as without seasonality.
     */
    gate: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 1 })),
  },
  { additionalProperties: false },
)
export type SeasonalSpec = Static<typeof SeasonalSpec>

export const FeatureSpec = Type.Object(
  {
    /** 2 (from scops-anomaly-1.4.0): the record feature joined; a version-1 host baseline is relearned. */
    version: Type.Literal(2),
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
    /**
     * Scale floor as a share of the range the metric's record envelope spans (baseline.ts,
     * `scaleFloor`); absent = none (up to 1.4.0). Keeps a metric that is still for long stretches
     * from measuring its next ordinary blip in a scale that has sunk towards 0.
     */
    rangeFloor: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
    /** Features are clamped to ±this before they reach the model. */
    featureLimit: Type.Number({ exclusiveMinimum: 0, maximum: 1000 }),
    /**
     * How fast the record envelope (the metric's recent highest and lowest values) sinks back
     * towards the data, in scale units per sample: a new level becomes "usual" for the record
     * feature after roughly (distance in scales) / recordDecay samples.
     */
    recordDecay: Type.Number({ minimum: 0, maximum: 1 }),
    /**
     * Samples the envelope needs before the record feature speaks (0 until then): over a short
     * history nearly every sample is a record, and those early records would teach the
     * calibration that records are common.
     */
    recordWarmup: Type.Integer({ minimum: 0, maximum: 100_000 }),
    /** Samples a metric needs before its features count; until then it is left out of the model input. */
    warmup: Type.Integer({ minimum: 1, maximum: 100_000 }),
    /** Time-of-day / time-of-week baseline from the sample timestamps; absent = none. */
    seasonal: Type.Optional(SeasonalSpec),
    // The research options no shipped model set (novelty, discord, forecast, burstiness) live in
    // test/eval/detector/research and read the pipeline through HostFeatures' MetricObserver; a
    // model whose metadata still names one fails this schema (MODEL_META_INVALID).
  },
  { additionalProperties: false },
)
export type FeatureSpec = Static<typeof FeatureSpec>

/**
 * Column order of one metric's row in the model input. `record_z` is how far the value goes past
 * the metric's recent extremes (0 inside them), in scale units: a spike higher than the usual
 * spikes of a spiky metric, or the first samples of a level never seen before.
 */
export const featureNames = ['level_z', 'shift_z', 'jump_z', 'spread_log_ratio', 'record_z'] as const
export const FEATURE_COUNT = featureNames.length

export const defaultFeatureSpec: FeatureSpec = {
  version: 2,
  slowAlpha: 0.003,
  fastAlpha: 0.25,
  clip: 4,
  relativeFloor: 0.002,
  absoluteFloor: 1e-9,
  featureLimit: 50,
  recordDecay: 0.0003,
  recordWarmup: 100,
  warmup: 12,
}
