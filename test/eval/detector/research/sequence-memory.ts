/**
 * A learned sequence memory of one metric — the idea HTM and ARTime share, in a form cheap
 * enough to run per sample: the metric's level feature (value vs its own baseline, in scales) is
 * encoded as a symbol, and a variable-order Markov model learns online which symbol follows each
 * context of the last 1..`order` symbols. Before a sample is learned, the memory says how well
 * it was PREDICTED: the share of the longest known context's next-symbol counts that fall within
 * `tolerance` symbols of it. `unpredicted` = 1 − that share: 1 for a pattern this metric has never
 * shown in this context, ~0 for a step its own history foretold (HTM's raw anomaly score: the
 * share of active columns that were not predicted).
 *
 * The encoding is logarithmic, `round(resolution · asinh(z))`, so a known spike height is a known
 * symbol while a spike far past every usual one is a new one; the baseline subtracts the level, so
 * a known wave is the same symbols wherever it sits.
 *
 * Bounded memory: a direct-mapped table of `slots` contexts (a colliding context replaces the
 * resident one), each with up to WAYS next symbols and their counts (a new symbol replaces the
 * rarest; counts are halved when one reaches COUNT_CAP, so the memory keeps adapting).
 * Learning lags: sample t is learned only at t + `lag`, so the memory predicts from history at
 * least `lag` samples old. Without it, a new level is "predicted" from its second sample on (the
 * context "high, high" learns that "high" follows) and the memory explains away every lasting
 * deviation; with it, a regime is known only once it has been seen before, as a repeat.
 * Causal: `observe(z)` at t scores z against what was learned from samples ≤ t − lag.
 *
 * Research code of the evaluation harness (cv-candidates.ts): not part of any shipped model.
 */
export interface SequenceMemorySpec {
  /** Longest context, in symbols. */
  order: number
  /** Symbols per unit of asinh(level_z). */
  resolution: number
  /** Context slots in the table. */
  slots: number
  /** Next-symbol counts a context needs before it predicts. */
  minCount: number
  /** A symbol this close to a predicted one counts as predicted. */
  tolerance: number
  /** Samples between seeing a symbol and learning it. */
  lag: number
}

const WAYS = 4
const COUNT_CAP = 64
const MAX_SYMBOL = 31

export class MetricSequenceMemory {
  private readonly keys: Float64Array
  private readonly symbols: Int8Array
  private readonly counts: Float32Array
  /** The last order + lag + 1 symbols, a ring. */
  private readonly recent: Int8Array
  private n = 0

  constructor(private readonly spec: SequenceMemorySpec) {
    this.keys = new Float64Array(spec.slots * spec.order).fill(-1)
    this.symbols = new Int8Array(spec.slots * spec.order * WAYS)
    this.counts = new Float32Array(spec.slots * spec.order * WAYS)
    this.recent = new Int8Array(spec.order + spec.lag + 1)
  }

  /** The share of `z` that the memory did NOT predict (1 while it knows no context), then stores `z` to learn it `lag` samples later. */
  observe(z: number): number {
    const y = Math.max(-MAX_SYMBOL, Math.min(MAX_SYMBOL, Math.round(this.spec.resolution * Math.asinh(z))))
    const { order, lag, tolerance, minCount } = this.spec
    let unpredicted = 1
    // Longest known context first (the symbols before t).
    for (let k = Math.min(order, this.n); k >= 1; k--) {
      const key = this.contextKey(k, 1)
      const slot = this.slotOf(key, k)
      if (this.keys[slot] !== key) continue
      let total = 0
      let near = 0
      for (let w = 0; w < WAYS; w++) {
        const c = this.counts[slot * WAYS + w]!
        total += c
        if (c > 0 && Math.abs(this.symbols[slot * WAYS + w]! - y) <= tolerance) near += c
      }
      if (total >= minCount) {
        unpredicted = 1 - near / total
        break
      }
    }
    this.recent[this.n % this.recent.length] = y
    this.n++
    // Learn the symbol seen `lag` samples ago under each of its contexts.
    const back = lag + 1
    if (this.n >= back + 1) {
      const learned = this.symbolAgo(back)
      for (let k = Math.min(order, this.n - back); k >= 1; k--) {
        const key = this.contextKey(k, back + 1)
        const slot = this.slotOf(key, k)
        if (this.keys[slot] !== key) {
          this.keys[slot] = key
          for (let w = 0; w < WAYS; w++) this.counts[slot * WAYS + w] = 0
        }
        this.learn(slot, learned)
      }
    }
    return unpredicted
  }

  /** The symbol seen `ago` samples back (1 = the newest stored). */
  private symbolAgo(ago: number): number {
    return this.recent[(this.n - ago) % this.recent.length]!
  }

  private learn(slot: number, y: number): void {
    const base = slot * WAYS
    let rarest = 0
    for (let w = 0; w < WAYS; w++) {
      if (this.counts[base + w]! > 0 && this.symbols[base + w] === y) {
        if (++this.counts[base + w]! >= COUNT_CAP) for (let v = 0; v < WAYS; v++) this.counts[base + v]! /= 2
        return
      }
      if (this.counts[base + w]! < this.counts[base + rarest]!) rarest = w
    }
    this.symbols[base + rarest] = y
    this.counts[base + rarest] = 1
  }

  /** The k symbols from `from` samples back and older, as one number (exact: 63 symbols per position, k ≤ 8). */
  private contextKey(k: number, from: number): number {
    let key = 0
    for (let i = 0; i < k; i++) key = key * 64 + (this.symbolAgo(from + i) + MAX_SYMBOL + 1)
    return key
  }

  private slotOf(key: number, k: number): number {
    // Multiplicative hashing of the key; each order has its own part of the table.
    const h = Math.imul((key % 4294967296) | 0, 0x9e3779b1) ^ Math.imul(Math.floor(key / 4294967296) | 0, 0x85ebca77)
    return (k - 1) * this.spec.slots + ((h >>> 0) % this.spec.slots)
  }
}
