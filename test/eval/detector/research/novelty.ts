import Type, { type Static } from 'typebox'

/**
 * Sequence novelty of one metric (KNN-CAD's idea, Burnaev & Ishimtsev 2016, in bounded memory):
 * the context is the last `lags` values; its non-conformity is the mean distance to its `k`
 * nearest contexts among the `memory` contexts kept from the past (one kept every `stride`
 * samples, none overlapping the current one, so a context never matches itself); the feature is
 * the conformal surprise −ln p of that non-conformity against the last `history` ones of the same
 * metric. It finds "a normal value in an unusual pattern" (a periodic signal that changes shape,
 * a regime this metric has not shown lately) that level and spread features miss, and being a
 * rank within the metric's own history it means the same on any scale.
 * Causal: the feature at t uses values ≤ t only. State per metric is O(memory × lags + history).
 */
export const NoveltySpec = Type.Object(
  {
    /** Values in one context. */
    lags: Type.Integer({ minimum: 2, maximum: 32 }),
    /** Past contexts kept (a ring). */
    memory: Type.Integer({ minimum: 8, maximum: 512 }),
    /** One context is kept every `stride` samples: memory × stride samples are covered. */
    stride: Type.Integer({ minimum: 1, maximum: 64 }),
    /** Nearest contexts averaged into the non-conformity. */
    k: Type.Integer({ minimum: 1, maximum: 16 }),
    /** Past non-conformities the conformal p-value ranks against. */
    history: Type.Integer({ minimum: 16, maximum: 1024 }),
  },
  { additionalProperties: false },
)
export type NoveltySpec = Static<typeof NoveltySpec>

/** JSON-serializable state of one metric's novelty detector (the pipeline persisted it while this was a runtime option; the harness keeps it in memory). */
export const NoveltyState = Type.Object(
  {
    /** The context length the memory was kept with: contexts of another length cannot be compared. */
    lags: Type.Integer({ minimum: 2, maximum: 32 }),
    /** Last 2 × lags values, oldest first (the current context and the one that joins the memory next). */
    values: Type.Array(Type.Number(), { maxItems: 64 }),
    /** Kept contexts, row-major, oldest first. */
    contexts: Type.Array(Type.Number(), { maxItems: 512 * 32 }),
    /** Recent non-conformities, oldest first. */
    scores: Type.Array(Type.Number({ minimum: 0 }), { maxItems: 1024 }),
    /** Samples seen (for the stride). */
    n: Type.Integer({ minimum: 0 }),
  },
  { additionalProperties: false },
)
export type NoveltyState = Static<typeof NoveltyState>

export class MetricNovelty {
  private readonly values: Float64Array
  private valueCount = 0
  private readonly contexts: Float64Array
  private contextHead = 0
  private contextCount = 0
  private readonly scores: Float64Array
  private scoreHead = 0
  private scoreCount = 0
  private n = 0
  private readonly nearest: Float64Array

  constructor(readonly spec: NoveltySpec) {
    this.values = new Float64Array(2 * spec.lags)
    this.contexts = new Float64Array(spec.memory * spec.lags)
    this.scores = new Float64Array(spec.history)
    this.nearest = new Float64Array(spec.k)
  }

  /** Folds `x` in; returns −ln p of the newest context (0 until enough history exists). */
  step(x: number): number {
    const { lags, memory, stride, k, history } = this.spec
    const v = this.values
    // Shift left by one (2 × lags ≤ 64 values: cheaper than index arithmetic in the distance loop).
    v.copyWithin(0, 1)
    v[v.length - 1] = x
    if (this.valueCount < v.length) this.valueCount++
    this.n++
    if (this.valueCount < v.length) return 0
    let surprise = 0
    if (this.contextCount >= k) {
      const ncm = this.nonConformity(lags, k)
      if (this.scoreCount >= Math.min(history, 32)) {
        let atLeast = 0
        for (let i = 0; i < this.scoreCount; i++) if (this.scores[i]! >= ncm) atLeast++
        surprise = -Math.log((atLeast + 1) / (this.scoreCount + 1))
      }
      this.scores[this.scoreHead] = ncm
      this.scoreHead = (this.scoreHead + 1) % history
      if (this.scoreCount < history) this.scoreCount++
    }
    // The context that ended `lags` samples ago no longer overlaps the current one: keep it.
    if (this.n % stride === 0) {
      this.contexts.set(v.subarray(0, lags), this.contextHead * lags)
      this.contextHead = (this.contextHead + 1) % memory
      if (this.contextCount < memory) this.contextCount++
    }
    return surprise
  }

  /** Mean Euclidean distance from the current context to its k nearest kept contexts. */
  private nonConformity(lags: number, k: number): number {
    const near = this.nearest.fill(Number.POSITIVE_INFINITY)
    const v = this.values
    const c = this.contexts
    for (let j = 0; j < this.contextCount; j++) {
      const base = j * lags
      let d = 0
      for (let i = 0; i < lags; i++) {
        const e = v[lags + i]! - c[base + i]!
        d += e * e
      }
      // Insertion into the k smallest so far (k is small).
      if (d < near[k - 1]!) {
        let p = k - 1
        while (p > 0 && near[p - 1]! > d) {
          near[p] = near[p - 1]!
          p--
        }
        near[p] = d
      }
    }
    let sum = 0
    for (let i = 0; i < k; i++) sum += Math.sqrt(near[i]!)
    return sum / k
  }

  exportState(): NoveltyState {
    const { lags, memory, history } = this.spec
    const contexts: number[] = []
    const start = this.contextCount < memory ? 0 : this.contextHead
    for (let j = 0; j < this.contextCount; j++) {
      const row = ((start + j) % memory) * lags
      for (let i = 0; i < lags; i++) contexts.push(this.contexts[row + i]!)
    }
    const scores: number[] = []
    const s0 = this.scoreCount < history ? 0 : this.scoreHead
    for (let j = 0; j < this.scoreCount; j++) scores.push(this.scores[(s0 + j) % history]!)
    return { lags, values: Array.from(this.values.subarray(this.values.length - this.valueCount)), contexts, scores, n: this.n }
  }

  /** Restores exported state; throws (changing nothing) when it does not fit this spec. */
  static fromState(spec: NoveltySpec, s: NoveltyState): MetricNovelty {
    const { lags, memory, history } = spec
    if (s.lags !== lags) throw new RangeError(`novelty state was kept with contexts of ${s.lags} values, the spec uses ${lags}`)
    if (s.values.length > 2 * lags) throw new RangeError(`novelty state has ${s.values.length} values, the spec keeps ${2 * lags}`)
    if (s.contexts.length % lags !== 0 || s.contexts.length / lags > memory) {
      throw new RangeError(`novelty state has ${s.contexts.length} context values, the spec keeps ${memory} contexts of ${lags}`)
    }
    if (s.scores.length > history) throw new RangeError(`novelty state has ${s.scores.length} scores, the spec keeps ${history}`)
    const m = new MetricNovelty(spec)
    m.values.set(s.values, m.values.length - s.values.length)
    m.valueCount = s.values.length
    m.contexts.set(s.contexts)
    m.contextCount = s.contexts.length / lags
    m.contextHead = m.contextCount % memory
    m.scores.set(s.scores)
    m.scoreCount = s.scores.length
    m.scoreHead = m.scoreCount % history
    m.n = s.n
    return m
  }
}
