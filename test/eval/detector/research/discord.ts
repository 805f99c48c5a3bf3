import Type, { type Static } from 'typebox'
import { LikelihoodSpec, LikelihoodState, SurpriseLikelihood } from './surprise-likelihood'
import { lowerBound } from './sorted'

/**
 * Streaming discord distance of one metric (the matrix profile's idea, as DAMP — Lu et al., KDD
 * 2022 — runs it online, in bounded memory): the latest subsequence of `length` values is
 * z-normalized, and its distance to the nearest of the `memory` z-normalized subsequences kept
 * from the past (one every `stride` samples, none overlapping the current one) is its discord
 * distance — large when the SHAPE of the last `length` samples has not been seen lately. The
 * feature is the conformal surprise −ln p of that distance against the metric's last `history`
 * distances, so it means the same on any metric.
 *
 * Why z-normalized, unlike novelty.ts (KNN-CAD on raw values, which cross-validated worse): on raw
 * values the nearest-context distance mostly re-finds level changes that level_z and shift_z
 * already score; normalized, a shift or a scale-up of a known shape matches it, and what stands
 * out is a pattern break (a periodic signal that goes flat or changes shape) — what the misses are.
 * A near-flat subsequence is not blown up to unit variance: its spread is floored at
 * FLAT_SPREAD × the metric's baseline scale, so it normalizes to ~0, far from a normal cycle.
 *
 * Causal: the feature at t uses values ≤ t only. State per metric is O(memory × length + history).
 * The nearest-neighbour search abandons a candidate as soon as its partial distance passes the
 * best so far (DAMP's early abandoning), which keeps the cost well under memory × length.
 */
export const DiscordSpec = Type.Object(
  {
    /** Values in one subsequence. */
    length: Type.Integer({ minimum: 4, maximum: 64 }),
    /** Past subsequences kept (a ring). */
    memory: Type.Integer({ minimum: 8, maximum: 512 }),
    /** One subsequence is kept every `stride` samples: memory × stride samples are covered. */
    stride: Type.Integer({ minimum: 1, maximum: 64 }),
    /** Past discord distances the conformal p-value ranks against. */
    history: Type.Integer({ minimum: 16, maximum: 1024 }),
    /** The anomaly likelihood of the surprise (surprise-likelihood.ts), kept per metric; absent = none. */
    likelihood: Type.Optional(LikelihoodSpec),
  },
  { additionalProperties: false },
)
export type DiscordSpec = Static<typeof DiscordSpec>

/** JSON-serializable state of one metric's discord detector (the pipeline persisted it while this was a runtime option; the harness keeps it in memory). */
export const DiscordState = Type.Object(
  {
    /** The subsequence length the memory was kept with: subsequences of another length cannot be compared. */
    length: Type.Integer({ minimum: 4, maximum: 64 }),
    /** Last 2 × length values, oldest first. */
    values: Type.Array(Type.Number(), { maxItems: 128 }),
    /** Kept z-normalized subsequences, row-major, oldest first. */
    memory: Type.Array(Type.Number(), { maxItems: 512 * 64 }),
    /** Recent discord distances, oldest first. */
    distances: Type.Array(Type.Number({ minimum: 0 }), { maxItems: 1024 }),
    /** Samples seen (for the stride). */
    n: Type.Integer({ minimum: 0 }),
    /** With a likelihood spec. */
    likelihood: Type.Optional(LikelihoodState),
  },
  { additionalProperties: false },
)
export type DiscordState = Static<typeof DiscordState>

/** A subsequence's spread is floored at this share of the metric's baseline scale (mean absolute deviation). */
export const FLAT_SPREAD = 0.5
/** Distances needed before the p-value speaks (fewer make −ln p too coarse to mean anything). */
const MIN_RANKED = 32

export class MetricDiscord {
  private readonly values: Float64Array
  private valueCount = 0
  private readonly memory: Float64Array
  private memoryHead = 0
  private memoryCount = 0
  private readonly distances: Float64Array
  private distanceHead = 0
  private distanceCount = 0
  private n = 0
  /** The same distances, ascending (the first `distanceCount` entries). */
  private readonly sorted: Float64Array
  private readonly current: Float64Array
  private likelihood: SurpriseLikelihood | null
  /** The likelihood surprise of the last step (0 without a likelihood spec). */
  lastLikelihood = 0

  constructor(readonly spec: DiscordSpec) {
    this.likelihood = spec.likelihood ? new SurpriseLikelihood(spec.likelihood) : null
    this.values = new Float64Array(2 * spec.length)
    this.memory = new Float64Array(spec.memory * spec.length)
    this.distances = new Float64Array(spec.history)
    this.sorted = new Float64Array(spec.history)
    this.current = new Float64Array(spec.length)
  }

  /**
   * Folds `x` in; returns −ln p of the newest subsequence's discord distance (0 until enough
   * history exists). `scale` is the metric's baseline scale in its own units (> 0), the floor of
   * a subsequence's spread.
   */
  step(x: number, scale: number): number {
    const s = this.surprise(x, scale)
    if (this.likelihood) this.lastLikelihood = this.likelihood.step(s)
    return s
  }

  private surprise(x: number, scale: number): number {
    const { length, memory, stride, history } = this.spec
    const v = this.values
    v.copyWithin(0, 1)
    v[v.length - 1] = x
    if (this.valueCount < v.length) this.valueCount++
    this.n++
    if (this.valueCount < v.length) return 0
    let surprise = 0
    if (this.memoryCount > 0) {
      normalize(v, length, length, scale, this.current, 0)
      const d = this.nearest(length)
      const count = this.distanceCount
      if (count >= Math.min(history, MIN_RANKED)) {
        const atLeast = count - lowerBound(this.sorted, count, d)
        surprise = -Math.log((atLeast + 1) / (count + 1))
      }
      // The ring keeps the order (for export and to know which distance leaves); the sorted copy
      // gives the rank by binary search instead of a scan of the whole history.
      if (count === history) {
        const out = lowerBound(this.sorted, count, this.distances[this.distanceHead]!)
        this.sorted.copyWithin(out, out + 1, count)
      } else this.distanceCount++
      const at = lowerBound(this.sorted, this.distanceCount - 1, d)
      this.sorted.copyWithin(at + 1, at, this.distanceCount - 1)
      this.sorted[at] = d
      this.distances[this.distanceHead] = d
      this.distanceHead = (this.distanceHead + 1) % history
    }
    // The subsequence that ended `length` samples ago no longer overlaps the current one: keep it.
    if (this.n % stride === 0) {
      normalize(v, 0, length, scale, this.memory, this.memoryHead * length)
      this.memoryHead = (this.memoryHead + 1) % memory
      if (this.memoryCount < memory) this.memoryCount++
    }
    return surprise
  }

  /**
   * Euclidean distance from the current subsequence to its nearest kept one, abandoning early.
   * Newest first: the recent past is usually the closest, so later candidates are abandoned sooner
   * (the minimum is the same in any order).
   */
  private nearest(length: number): number {
    const c = this.current
    const m = this.memory
    const { memory } = this.spec
    let best = Number.POSITIVE_INFINITY
    for (let k = 1; k <= this.memoryCount; k++) {
      const base = ((this.memoryHead - k + memory) % memory) * length
      let d = 0
      for (let i = 0; i < length && d < best; i++) {
        const e = c[i]! - m[base + i]!
        d += e * e
      }
      if (d < best) best = d
    }
    return Math.sqrt(best)
  }

  exportState(): DiscordState {
    const { length, memory, history } = this.spec
    const kept: number[] = []
    const start = this.memoryCount < memory ? 0 : this.memoryHead
    for (let j = 0; j < this.memoryCount; j++) {
      const row = ((start + j) % memory) * length
      for (let i = 0; i < length; i++) kept.push(this.memory[row + i]!)
    }
    const distances: number[] = []
    const d0 = this.distanceCount < history ? 0 : this.distanceHead
    for (let j = 0; j < this.distanceCount; j++) distances.push(this.distances[(d0 + j) % history]!)
    const values = Array.from(this.values.subarray(this.values.length - this.valueCount))
    return { length, values, memory: kept, distances, n: this.n, ...(this.likelihood ? { likelihood: this.likelihood.exportState() } : {}) }
  }

  /** Restores exported state; throws (changing nothing) when it does not fit this spec. */
  static fromState(spec: DiscordSpec, s: DiscordState): MetricDiscord {
    const { length, memory, history } = spec
    if (s.length !== length) throw new RangeError(`discord state was kept with subsequences of ${s.length} values, the spec uses ${length}`)
    if (s.values.length > 2 * length) throw new RangeError(`discord state has ${s.values.length} values, the spec keeps ${2 * length}`)
    if (s.memory.length % length !== 0 || s.memory.length / length > memory) {
      throw new RangeError(`discord state has ${s.memory.length} memory values, the spec keeps ${memory} subsequences of ${length}`)
    }
    if (s.distances.length > history) throw new RangeError(`discord state has ${s.distances.length} distances, the spec keeps ${history}`)
    const m = new MetricDiscord(spec)
    // Saved likelihood state that fits is restored; without one (or without a likelihood spec) it starts fresh.
    if (spec.likelihood && s.likelihood) m.likelihood = SurpriseLikelihood.fromState(spec.likelihood, s.likelihood)
    m.values.set(s.values, m.values.length - s.values.length)
    m.valueCount = s.values.length
    m.memory.set(s.memory)
    m.memoryCount = s.memory.length / length
    m.memoryHead = m.memoryCount % memory
    m.distances.set(s.distances)
    m.sorted.set(Float64Array.from(s.distances).sort())
    m.distanceCount = s.distances.length
    m.distanceHead = m.distanceCount % history
    m.n = s.n
    return m
  }
}

/** Writes the z-normalized `src[from..from+length)` into `out[at..]`, spread floored at FLAT_SPREAD × scale. */
function normalize(src: Float64Array, from: number, length: number, scale: number, out: Float64Array, at: number): void {
  let mean = 0
  for (let i = 0; i < length; i++) mean += src[from + i]!
  mean /= length
  let ss = 0
  for (let i = 0; i < length; i++) {
    const e = src[from + i]! - mean
    ss += e * e
  }
  const sd = Math.max(Math.sqrt(ss / length), FLAT_SPREAD * scale, Number.MIN_VALUE)
  for (let i = 0; i < length; i++) out[at + i] = (src[from + i]! - mean) / sd
}
