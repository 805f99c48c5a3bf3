import Type, { type Static } from 'typebox'
import { lowerBound, replaceSorted } from './sorted'

/**
 * Analogue forecast of one metric's next value (the method of analogues, Lorenz 1969; a cheap,
 * causal stand-in for the sequence models HTM and ARTime learn): the context is the last `lags`
 * steps (differences, in units of the metric's baseline scale, so a known pattern at a new level
 * still matches); the `memory` contexts kept from the past each remember the step that followed
 * them; the forecast of the next value is the current value plus the mean successor step of the
 * `k` nearest kept contexts. When the next value arrives, its error in scales is the residual,
 * and the feature is the conformal surprise −ln p of that residual against the metric's last
 * `history` residuals — high when the value breaks the sequence this metric usually follows,
 * whatever its level.
 *
 * Causal: the residual at t compares x_t with a forecast made from values ≤ t − 1. State per
 * metric is O(memory × lags + history).
 */
export const ForecastSpec = Type.Object(
  {
    /** Steps in one context. */
    lags: Type.Integer({ minimum: 2, maximum: 32 }),
    /** Past contexts kept, each with the step that followed it (a ring). */
    memory: Type.Integer({ minimum: 8, maximum: 512 }),
    /** One context is kept every `stride` samples: memory × stride samples are covered. */
    stride: Type.Integer({ minimum: 1, maximum: 64 }),
    /** Nearest contexts whose successor steps are averaged into the forecast. */
    k: Type.Integer({ minimum: 1, maximum: 16 }),
    /** Past residuals the conformal p-value ranks against. */
    history: Type.Integer({ minimum: 16, maximum: 1024 }),
  },
  { additionalProperties: false },
)
export type ForecastSpec = Static<typeof ForecastSpec>

/** JSON-serializable state of one metric's forecaster (the pipeline persisted it while this was a runtime option; the harness keeps it in memory). */
export const ForecastState = Type.Object(
  {
    /** The context length the memory was kept with: contexts of another length cannot be compared. */
    lags: Type.Integer({ minimum: 2, maximum: 32 }),
    /** Last lags + 2 values, oldest first (the current context, and the one that joins the memory next with its successor). */
    values: Type.Array(Type.Number(), { maxItems: 34 }),
    /** Kept contexts, row-major, oldest first: `lags` steps then the step that followed, in scales. */
    memory: Type.Array(Type.Number(), { maxItems: 512 * 33 }),
    /** Recent residuals in scales, oldest first. */
    residuals: Type.Array(Type.Number({ minimum: 0 }), { maxItems: 1024 }),
    /** The pending forecast of the next value (null when none was made). */
    forecast: Type.Union([Type.Number(), Type.Null()]),
    /** Samples seen (for the stride). */
    n: Type.Integer({ minimum: 0 }),
  },
  { additionalProperties: false },
)
export type ForecastState = Static<typeof ForecastState>

/** Residuals needed before the p-value speaks (fewer make −ln p too coarse to mean anything). */
const MIN_RANKED = 32

export class MetricForecast {
  private readonly values: Float64Array
  private valueCount = 0
  private readonly memory: Float64Array
  private memoryHead = 0
  private memoryCount = 0
  private readonly residuals: Float64Array
  private residualHead = 0
  private residualCount = 0
  /** The same residuals, ascending (the first `residualCount` entries): the rank by binary search. */
  private readonly sorted: Float64Array
  private forecast: number | null = null
  private n = 0
  private readonly nearest: Float64Array
  private readonly nearestAt: Int32Array
  private readonly context: Float64Array
  /** The residual of the last step in scales (0 when no forecast was pending). */
  lastResidual = 0

  constructor(readonly spec: ForecastSpec) {
    this.values = new Float64Array(spec.lags + 2)
    this.memory = new Float64Array(spec.memory * (spec.lags + 1))
    this.residuals = new Float64Array(spec.history)
    this.sorted = new Float64Array(spec.history)
    this.nearest = new Float64Array(spec.k)
    this.nearestAt = new Int32Array(spec.k)
    this.context = new Float64Array(spec.lags)
  }

  /**
   * Folds `x` in; returns −ln p of its residual against the forecast made one step earlier (0
   * until enough history exists). `scale` is the metric's baseline scale in its own units (> 0).
   */
  step(x: number, scale: number): number {
    const { lags, memory, stride, history } = this.spec
    let surprise = 0
    this.lastResidual = 0
    if (this.forecast !== null) {
      const r = Math.abs(x - this.forecast) / scale
      this.lastResidual = r
      const count = this.residualCount
      if (count >= Math.min(history, MIN_RANKED)) {
        const atLeast = count - lowerBound(this.sorted, count, r)
        surprise = -Math.log((atLeast + 1) / (count + 1))
      }
      this.residualCount = replaceSorted(this.sorted, count, history, this.residuals[this.residualHead]!, r)
      this.residuals[this.residualHead] = r
      this.residualHead = (this.residualHead + 1) % history
    }
    const v = this.values
    v.copyWithin(0, 1)
    v[v.length - 1] = x
    if (this.valueCount < v.length) this.valueCount++
    this.n++
    this.forecast = null
    if (this.valueCount < v.length) return surprise
    // The context that ended one sample ago now has its successor (x): keep it, with that step.
    if (this.n % stride === 0) {
      const row = this.memoryHead * (lags + 1)
      for (let i = 0; i < lags; i++) this.memory[row + i] = (v[i + 1]! - v[i]!) / scale
      this.memory[row + lags] = (v[lags + 1]! - v[lags]!) / scale
      this.memoryHead = (this.memoryHead + 1) % memory
      if (this.memoryCount < memory) this.memoryCount++
    }
    if (this.memoryCount >= this.spec.k) this.forecast = x + scale * this.successorStep(lags, scale)
    return surprise
  }

  /** Mean successor step (in scales) of the k kept contexts nearest to the one ending now. */
  private successorStep(lags: number, scale: number): number {
    const { k } = this.spec
    const v = this.values
    const c = this.context
    for (let i = 0; i < lags; i++) c[i] = (v[i + 2]! - v[i + 1]!) / scale
    const near = this.nearest.fill(Number.POSITIVE_INFINITY)
    const at = this.nearestAt
    const m = this.memory
    for (let j = 0; j < this.memoryCount; j++) {
      const base = j * (lags + 1)
      let d = 0
      // Abandon a context as soon as it is farther than the k-th nearest so far.
      for (let i = 0; i < lags && d < near[k - 1]!; i++) {
        const e = c[i]! - m[base + i]!
        d += e * e
      }
      if (d < near[k - 1]!) {
        let p = k - 1
        while (p > 0 && near[p - 1]! > d) {
          near[p] = near[p - 1]!
          at[p] = at[p - 1]!
          p--
        }
        near[p] = d
        at[p] = base
      }
    }
    let sum = 0
    for (let i = 0; i < k; i++) sum += m[at[i]! + lags]!
    return sum / k
  }

  exportState(): ForecastState {
    const { lags, memory, history } = this.spec
    const kept: number[] = []
    const start = this.memoryCount < memory ? 0 : this.memoryHead
    for (let j = 0; j < this.memoryCount; j++) {
      const row = ((start + j) % memory) * (lags + 1)
      for (let i = 0; i <= lags; i++) kept.push(this.memory[row + i]!)
    }
    const residuals: number[] = []
    const r0 = this.residualCount < history ? 0 : this.residualHead
    for (let j = 0; j < this.residualCount; j++) residuals.push(this.residuals[(r0 + j) % history]!)
    const values = Array.from(this.values.subarray(this.values.length - this.valueCount))
    return { lags, values, memory: kept, residuals, forecast: this.forecast, n: this.n }
  }

  /** Restores exported state; throws (changing nothing) when it does not fit this spec. */
  static fromState(spec: ForecastSpec, s: ForecastState): MetricForecast {
    const { lags, memory, history } = spec
    if (s.lags !== lags) throw new RangeError(`forecast state was kept with contexts of ${s.lags} steps, the spec uses ${lags}`)
    if (s.values.length > lags + 2) throw new RangeError(`forecast state has ${s.values.length} values, the spec keeps ${lags + 2}`)
    if (s.memory.length % (lags + 1) !== 0 || s.memory.length / (lags + 1) > memory) {
      throw new RangeError(`forecast state has ${s.memory.length} memory values, the spec keeps ${memory} contexts of ${lags} steps and a successor`)
    }
    if (s.residuals.length > history) throw new RangeError(`forecast state has ${s.residuals.length} residuals, the spec keeps ${history}`)
    const m = new MetricForecast(spec)
    m.values.set(s.values, m.values.length - s.values.length)
    m.valueCount = s.values.length
    m.memory.set(s.memory)
    m.memoryCount = s.memory.length / (lags + 1)
    m.memoryHead = m.memoryCount % memory
    m.residuals.set(s.residuals)
    m.sorted.set(Float64Array.from(s.residuals).sort())
    m.residualCount = s.residuals.length
    m.residualHead = m.residualCount % history
    m.forecast = s.forecast
    m.n = s.n
    return m
  }
}
