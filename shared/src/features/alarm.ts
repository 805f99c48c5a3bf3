import Type, { type Static } from 'typebox'

/**
 * Alarm shaping: what turns "how unusual is this sample" (the calibrated score p) into "is
 * something NEW going wrong". Two steps, both causal and O(1) per sample:
 *
 * Works in surprise units s = −log(1 − p) (exponential(1) on a calm host), so that tails far
 * past 0.9999 stay ordered (see surpriseScore).
 *
 * 1. Anomaly likelihood (the idea behind HTM's and CAD OSE's NAB results): the mean surprise
 *    over the last `shortWindow` samples, compared with its own long-run distribution
 *    (exponentially weighted mean and variance, weight `longAlpha`) through the Gaussian tail.
 *    A single noisy sample barely moves a short mean; a run of unusual samples does. The output is
 *    the larger of the two surprises, so a lone extreme sample still scores as before.
 * 2. Hold-off: once the output reaches `holdoffLevel` (an alarm), the next `holdoffSamples`
 *    outputs are capped at `holdoffCap`. One deviation raises one alarm, not one per sample;
 *    the condition going on still scores up to the cap, so rules that gate on "score above
 *    0.9 for 5 minutes" keep holding while it lasts.
 */
export const AlarmSpec = Type.Object(
  {
    /** Samples in the short mean; 1 turns the likelihood step off. */
    shortWindow: Type.Integer({ minimum: 1, maximum: 256 }),
    /** Weight of each new short mean in the long-run mean and variance. */
    longAlpha: Type.Number({ exclusiveMinimum: 0, maximum: 1 }),
    /** Surprises above this enter the short mean as this. */
    shortClamp: Type.Number({ exclusiveMinimum: 0, maximum: 200 }),
    /** Output surprise = max(surprise, likelihoodWeight × likelihood surprise); 0 turns the likelihood off. */
    likelihoodWeight: Type.Number({ minimum: 0, maximum: 10 }),
    /** Output at or above this starts a hold-off; 1 turns hold-off off. */
    holdoffLevel: Type.Number({ minimum: 0.5, maximum: 1 }),
    holdoffSamples: Type.Integer({ minimum: 0, maximum: 1_000_000 }),
    /** Ceiling of the output during a hold-off. */
    holdoffCap: Type.Number({ minimum: 0, maximum: 1 }),
    /**
     * A hold-off ends early when an output surprise passes every surprise seen since it began by
     * this margin (surprise units: 1 ≈ e times less likely): a new, stronger deviation is a new
     * alarm, while the one that started it, going on, stays capped. Absent = never (up to 1.4.0).
     */
    rearmMargin: Type.Optional(Type.Number({ minimum: 0, maximum: 50 })),
    /**
     * During a hold-off, outputs from this many surprise units below the cap up are compressed
     * under the cap instead of clipped at it (monotone: `knee + room · (1 − e^(−(s − knee)/room))`),
     * so rows of one incident keep their order — a hard cap ties them all at `holdoffCap`. Below
     * the knee nothing changes. Absent = the hard cap (up to 1.4.0).
     */
    holdoffKnee: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 20 })),
    /**
     * Retriggerable hold-off: an output at or above `holdoffLevel` during a hold-off starts it
     * again, so it ends `holdoffSamples` after the last alarm-level output, not the first — a
     * deviation that goes on stays one alarm however long it lasts, and an isolated one re-arms
     * after `holdoffSamples`. Absent = a fixed hold-off from the first (up to 1.4.0).
     */
    retrigger: Type.Optional(Type.Boolean()),
    /**
     * Backoff for a metric that keeps alarming (flapping): an alarm within one hold-off length
     * after the previous hold-off ended gets a hold-off twice as long, up to this many samples; an
     * alarm after a longer quiet gets `holdoffSamples` again. Absent = always `holdoffSamples`.
     */
    holdoffBackoffMax: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000 })),
  },
  { additionalProperties: false },
)
export type AlarmSpec = Static<typeof AlarmSpec>

export const AlarmState = Type.Object({
  /** Last `shortWindow` surprises (ring buffer) and their sum. */
  recent: Type.Array(Type.Number({ minimum: 0 })),
  head: Type.Integer({ minimum: 0 }),
  sum: Type.Number(),
  /** Long-run mean and variance of the short mean, and how many short means they have seen. */
  mean: Type.Number(),
  variance: Type.Number({ minimum: 0 }),
  seen: Type.Integer({ minimum: 0 }),
  /** Outputs still to cap after the last alarm. */
  holdoff: Type.Integer({ minimum: 0 }),
  /** With a re-arm margin: the largest output surprise since the hold-off began. */
  holdoffPeak: Type.Optional(Type.Number({ minimum: 0 })),
  /** With a backoff: the length of the last hold-off, and the samples since it ended. */
  holdoffLength: Type.Optional(Type.Integer({ minimum: 0 })),
  sinceHoldoff: Type.Optional(Type.Integer({ minimum: 0 })),
})
export type AlarmState = Static<typeof AlarmState>

export function newAlarm(spec: AlarmSpec): AlarmState {
  return { recent: new Array<number>(spec.shortWindow).fill(0), head: 0, sum: 0, mean: 0, variance: 0, seen: 0, holdoff: 0 }
}

/** Surprises are clamped here (≈ a probability of 1e-87): beyond it, ordering no longer matters. */
const MAX_SURPRISE = 200

/** Standard normal upper tail Q(z) (Abramowitz–Stegun 7.1.26 via erfc; |error| < 1.5e-7). */
export function normalTail(z: number): number {
  const x = Math.abs(z) / Math.SQRT2
  const t = 1 / (1 + 0.3275911 * x)
  const erfc = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))) * Math.exp(-x * x)
  return z >= 0 ? erfc / 2 : 1 - erfc / 2
}

/** −log Q(z), accurate far into the tail: past z = 4 the asymptotic series (the polynomial's absolute error would dominate Q there). */
export function normalTailSurprise(z: number): number {
  if (z < 4) return -Math.log(normalTail(z))
  const z2 = z * z
  return z2 / 2 + Math.log(z) + 0.5 * Math.log(2 * Math.PI) - Math.log(1 - 1 / z2 + 3 / (z2 * z2))
}

/** Score level → surprise −log(1 − level). */
export function levelSurprise(level: number): number {
  return level >= 1 ? Infinity : -Math.log(1 - level)
}

/**
 * Surprise → score in [0,1]. Up to 0.9999 the score is the tail probability it stands for
 * (1 − e^−s); beyond, the remaining distance to 1 shrinks ten times slower, so that scores of
 * very different extremity do not all round to 1 and stay ordered.
 */
const EXACT_UP_TO = Math.log(1e4)
const TAIL_COMPRESSION = 10
export function surpriseScore(s: number): number {
  if (s <= EXACT_UP_TO) return 1 - Math.exp(-s)
  return 1 - Math.exp(-EXACT_UP_TO - (s - EXACT_UP_TO) / TAIL_COMPRESSION)
}

/** Short means the likelihood needs before it speaks. */
const LIKELIHOOD_WARMUP = 50

/**
 * The shaped score of a sample whose calibrated surprise is `s` (see surpriseOf); updates the
 * state. `extra` is a surprise from outside the calibration (a per-metric likelihood) that the
 * output is raised to, after the likelihood step (it does not feed the short mean) and before the
 * hold-off (which caps it like any other alarm).
 */
export function shape(spec: AlarmSpec, st: AlarmState, s: number, extra = 0): number {
  let out = Math.min(s, MAX_SURPRISE)
  if (spec.shortWindow > 1 && spec.likelihoodWeight > 0) {
    // A calm host's surprise is exponential(1); clamping what enters the short mean keeps one
    // extreme sample from dominating it for a whole window (that sample already scores on its own).
    const u = Math.min(out, spec.shortClamp)
    st.sum += u - (st.recent[st.head] ?? 0)
    st.recent[st.head] = u
    st.head = (st.head + 1) % spec.shortWindow
    const m = Math.max(0, st.sum) / spec.shortWindow
    const floorSd = 1 / Math.sqrt(spec.shortWindow)
    const sd = Math.max(Math.sqrt(st.variance), floorSd)
    if (st.seen >= LIKELIHOOD_WARMUP) {
      out = Math.max(out, spec.likelihoodWeight * normalTailSurprise((m - st.mean) / sd))
    }
    // Learn from the short mean, winsorized so an incident does not become normal at once.
    const a = Math.max(spec.longAlpha, 1 / (st.seen + 1))
    const mc = st.seen > LIKELIHOOD_WARMUP ? Math.min(m, st.mean + 4 * sd) : m
    const d = mc - st.mean
    st.mean += a * d
    st.variance = (1 - a) * (st.variance + a * d * d)
    st.seen++
  }
  if (extra > out) out = Math.min(extra, MAX_SURPRISE)
  if (st.holdoff > 0) {
    const peak = st.holdoffPeak ?? Number.POSITIVE_INFINITY
    if (spec.rearmMargin === undefined || out < peak + spec.rearmMargin) {
      st.holdoff = spec.retrigger && out >= levelSurprise(spec.holdoffLevel) ? currentHoldoff(spec, st) : st.holdoff - 1
      if (spec.rearmMargin !== undefined) st.holdoffPeak = Math.max(peak, out)
      return surpriseScore(capped(spec, out))
    }
  }
  if (out >= levelSurprise(spec.holdoffLevel)) {
    st.holdoff = holdoffLength(spec, st)
    if (spec.rearmMargin !== undefined) st.holdoffPeak = out
  } else if (spec.holdoffBackoffMax !== undefined && st.holdoffLength !== undefined) {
    st.sinceHoldoff = Math.min((st.sinceHoldoff ?? 0) + 1, spec.holdoffBackoffMax)
  }
  return surpriseScore(out)
}

/** The length of the hold-off under way (with a backoff, the one its alarm chose). */
function currentHoldoff(spec: AlarmSpec, st: AlarmState): number {
  return spec.holdoffBackoffMax === undefined ? spec.holdoffSamples : (st.holdoffLength ?? spec.holdoffSamples)
}

/** The hold-off a new alarm starts: `holdoffSamples`, or with a backoff, doubled while the metric keeps alarming. */
function holdoffLength(spec: AlarmSpec, st: AlarmState): number {
  if (spec.holdoffBackoffMax === undefined) return spec.holdoffSamples
  const last = st.holdoffLength
  const flapping = last !== undefined && (st.sinceHoldoff ?? 0) < last
  st.holdoffLength = flapping ? Math.min(2 * last, spec.holdoffBackoffMax) : spec.holdoffSamples
  st.sinceHoldoff = 0
  return st.holdoffLength
}

/** An output surprise under the hold-off's ceiling: clipped, or compressed from the knee up. */
function capped(spec: AlarmSpec, out: number): number {
  const cap = levelSurprise(spec.holdoffCap)
  if (spec.holdoffKnee === undefined) return Math.min(out, cap)
  const room = Math.min(spec.holdoffKnee, cap)
  const knee = cap - room
  return out <= knee ? out : knee + room * (1 - Math.exp(-(out - knee) / room))
}

export const defaultAlarmSpec: AlarmSpec = {
  shortWindow: 1,
  shortClamp: 10,
  longAlpha: 0.001,
  likelihoodWeight: 0,
  holdoffLevel: 1,
  holdoffSamples: 0,
  holdoffCap: 0.99,
}
