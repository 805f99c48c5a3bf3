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
}

export function newBaseline(): MetricBaseline {
  return { n: 0, last: 0, mean: 0, dev: 0, fastMean: 0, fastDev: 0, stepDev: 0, magnitude: 0 }
}

function clamp(v: number, lim: number): number {
  return v > lim ? lim : v < -lim ? -lim : v
}

/**
 * Writes this sample's features into `out[offset..offset+FEATURE_COUNT)` from the baseline as it
 * stood BEFORE the sample, then folds the sample into the baseline. A score at t therefore uses
 * rows ≤ t only, and the value under test never inflates its own yardstick.
 */
export function observe(b: MetricBaseline, x: number, spec: FeatureSpec, out: Float32Array, offset: number): void {
  if (b.n === 0) {
    b.n = 1
    b.last = x
    b.mean = x
    b.fastMean = x
    b.magnitude = Math.abs(x)
    out.fill(0, offset, offset + FEATURE_COUNT)
    return
  }
  // Early on the slow weight is 1/n (a plain mean) so the first samples set the baseline quickly.
  const a = Math.max(spec.slowAlpha, 1 / (b.n + 1))
  const f = Math.max(spec.fastAlpha, 1 / (b.n + 1))
  const floor = spec.relativeFloor * b.magnitude + spec.absoluteFloor
  const scale = b.dev + floor
  const stepScale = b.stepDev + floor
  const lim = spec.featureLimit

  const fastMean = b.fastMean + f * (x - b.fastMean)
  const fastDev = b.fastDev + f * (Math.abs(x - fastMean) - b.fastDev)
  const step = x - b.last

  out[offset] = clamp((x - b.mean) / scale, lim)
  out[offset + 1] = clamp((fastMean - b.mean) / scale, lim)
  out[offset + 2] = clamp((step) / stepScale, lim)
  out[offset + 3] = clamp(Math.log((fastDev + floor) / scale), lim)

  // Winsorize what the slow statistics learn from: a spike moves them by at most `clip` scales,
  // while a lasting level change still pulls them over within ~1/slowAlpha samples.
  const cl = spec.clip * scale
  const xc = x > b.mean + cl ? b.mean + cl : x < b.mean - cl ? b.mean - cl : x
  const sc = Math.min(Math.abs(step), spec.clip * stepScale)
  b.mean += a * (xc - b.mean)
  b.dev += a * (Math.abs(xc - b.mean) - b.dev)
  b.stepDev += a * (sc - b.stepDev)
  b.magnitude += a * (Math.abs(x) - b.magnitude)
  b.fastMean = fastMean
  b.fastDev = fastDev
  b.last = x
  b.n++
}
