import { FEATURE_COUNT, type FeatureSpec } from './spec'

/**
 * Running baseline of one metric on one host. All statistics are exponentially weighted so state
 * is O(1) and old behaviour fades; scales are mean absolute deviations (more robust to the very
 * outliers we look for than variances).
 */
export interface MetricBaseline {
  /** Samples seen. */
  n: number
  /** Previous value (for the jump feature). */
  last: number
  /** Slow mean and slow mean |x - mean|: "what this metric usually is". */
  mean: number
  dev: number
  /** Fast mean and fast mean |x - fast mean|: "what it has been lately". */
  fastMean: number
  fastDev: number
  /** Slow mean |Δx|: the usual step size. */
  stepDev: number
  /** Slow mean |x|: the metric's magnitude, for the relative scale floor. */
  magnitude: number
  /** Record envelope: the highest and lowest recent values, each sinking back by recordDecay scales per sample. */
  high: number
  low: number
  /**
   * With a seasonal spec: per time bucket, the learned offset of the value from the level
   * baseline, and the samples the bucket has seen. Created on the first timestamped sample.
   */
  season?: number[]
  seasonN?: number[]
  /** With a seasonal gate: mean |residual| with the bucket's offset and without it (weighted like `dev`). */
  seasonDev?: number
  plainDev?: number
}

export function newBaseline(): MetricBaseline {
  return { n: 0, last: 0, mean: 0, dev: 0, fastMean: 0, fastDev: 0, stepDev: 0, magnitude: 0, high: 0, low: 0 }
}

/**
 * The least scale a metric's features are measured in: relative to its magnitude, an absolute
 * floor, and (with `rangeFloor`) a share of the range its record envelope spans — the mean
 * absolute deviation of a metric that sits still for long stretches (a counter of rare events,
 * a quantized gauge) sinks towards 0, and its next ordinary blip would read as thousands of scales.
 */
function scaleFloor(spec: FeatureSpec, b: MetricBaseline): number {
  return spec.relativeFloor * b.magnitude + spec.absoluteFloor + rangeFloorOf(spec, b)
}

/** The `rangeFloor` part of the scale floor: 0 (exactly) without it. */
export function rangeFloorOf(spec: FeatureSpec, b: MetricBaseline): number {
  return spec.rangeFloor === undefined ? 0 : spec.rangeFloor * (b.high - b.low)
}

function clamp(v: number, lim: number): number {
  return v > lim ? lim : v < -lim ? -lim : v
}

/** The seasonal bucket of a sample at `ts` (ms since the epoch), or -1 without a seasonal spec or time. */
export function seasonBucket(spec: FeatureSpec, ts: number): number {
  const s = spec.seasonal
  if (!s || !Number.isFinite(ts)) return -1
  const k = Math.floor(ts / (1000 * s.bucketSeconds)) % s.buckets
  return k < 0 ? k + s.buckets : k
}

/**
 * Writes this sample's features into `out[offset..offset+FEATURE_COUNT)` from the baseline as it
 * stood BEFORE the sample, then folds the sample into the baseline. A score at t therefore uses
 * rows ≤ t only, and the value under test never inflates its own yardstick.
 */
export function observe(b: MetricBaseline, x: number, spec: FeatureSpec, out: Float32Array, offset: number, ts = Number.NaN): void {
  const k = seasonBucket(spec, ts)
  const ss = spec.seasonal
  if (k >= 0 && ss && (b.season?.length !== ss.buckets || b.seasonN?.length !== ss.buckets)) {
    b.season = new Array<number>(ss.buckets).fill(0)
    b.seasonN = new Array<number>(ss.buckets).fill(0)
  }
  if (b.n === 0) {
    b.n = 1
    b.last = x
    b.mean = x
    b.fastMean = x
    b.magnitude = Math.abs(x)
    b.high = x
    b.low = x
    out.fill(0, offset, offset + FEATURE_COUNT)
    return
  }
  // Early on the slow weight is 1/n (a plain mean) so the first samples set the baseline quickly.
  const a = Math.max(spec.slowAlpha, 1 / (b.n + 1))
  const f = Math.max(spec.fastAlpha, 1 / (b.n + 1))
  const floor = scaleFloor(spec, b)
  const scale = b.dev + floor
  const stepScale = b.stepDev + floor
  const lim = spec.featureLimit

  const step = x - b.last
  // What this metric usually is at this time of day/week: the level plus the bucket's offset,
  // once the bucket has seen enough samples (before that, the level alone) and, with a gate,
  // while the offsets explain the metric better than its level alone.
  const season = k >= 0 ? b.season : undefined
  const seasonN = k >= 0 ? b.seasonN : undefined
  const bucketWarm = season !== undefined && seasonN !== undefined && ss !== undefined && seasonN[k]! >= ss.minSamples
  const explains = ss?.gate === undefined || ((b.plainDev ?? 0) > 0 && (b.seasonDev ?? 0) < ss.gate * b.plainDev!)
  const off = bucketWarm && explains ? ss.weight * season[k]! : 0
  const expected = b.mean + off
  // The fast statistics follow the value as the level sees it (deseasonalized when asked).
  const fastX = ss?.deseasonalizeFast ? x - off : x
  const fastMean = b.fastMean + f * (fastX - b.fastMean)
  const fastDev = b.fastDev + f * (Math.abs(fastX - fastMean) - b.fastDev)

  out[offset] = clamp((x - expected) / scale, lim)
  out[offset + 1] = clamp((fastMean - (ss?.deseasonalizeFast ? b.mean : expected)) / scale, lim)
  out[offset + 2] = clamp((step) / stepScale, lim)
  out[offset + 3] = clamp(Math.log((fastDev + floor) / scale), lim)
  out[offset + 4] = b.n < spec.recordWarmup ? 0 : clamp(Math.max(0, x - b.high, b.low - x) / scale, lim)

  // Winsorize what the slow statistics learn from: a spike moves them by at most `clip` scales,
  // while a lasting level change still pulls them over within ~1/slowAlpha samples.
  const cl = spec.clip * scale
  const xc = x > expected + cl ? expected + cl : x < expected - cl ? expected - cl : x
  const sc = Math.min(Math.abs(step), spec.clip * stepScale)
  if (season && seasonN && ss) {
    if (ss.gate !== undefined && bucketWarm) {
      // Both residuals from the same samples with the same weights, so their ratio is a fair test from the first one on.
      b.seasonDev = (b.seasonDev ?? 0) + a * (Math.abs(xc - b.mean - season[k]!) - (b.seasonDev ?? 0))
      b.plainDev = (b.plainDev ?? 0) + a * (Math.abs(xc - b.mean) - (b.plainDev ?? 0))
    }
    // Holt–Winters' additive season: the bucket learns value − level, the level the deseasonalized value.
    const g = Math.max(ss.alpha, 1 / (seasonN[k]! + 1))
    season[k]! += g * (xc - b.mean - season[k]!)
    seasonN[k]!++
  }
  b.mean += a * (xc - off - b.mean)
  b.dev += a * (Math.abs(xc - off - b.mean) - b.dev)
  b.stepDev += a * (sc - b.stepDev)
  b.magnitude += a * (Math.abs(x) - b.magnitude)
  // The envelope jumps to a new extreme at once and sinks back slowly (in scales of the baseline
  // as it stood before this sample, like the features above).
  b.high = Math.max(x, b.high - spec.recordDecay * scale)
  b.low = Math.min(x, b.low + spec.recordDecay * scale)
  b.fastMean = fastMean
  b.fastDev = fastDev
  b.last = x
  b.n++
}
