/**
 * Reference detectors, run through the same protocol as the model so every table has its
 * baseline in the same run. Both are causal: the score at row t uses rows ≤ t.
 */

/** Deterministic uniform [0,1) scores (mulberry32), seeded per series. */
export function randomScores(n: number, seed: number): Float64Array {
  let a = seed >>> 0
  const out = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    out[i] = ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  return out
}

export function seedOf(name: string): number {
  let h = 2166136261
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 16777619)
  return h >>> 0
}

/**
 * Windowed Gaussian: each value's |z| against the mean and standard deviation of the previous
 * `window` rows (NAB's "windowedGaussian" idea), max over dimensions, mapped to [0,1) by z/(1+z).
 * Rows continue across calls: pass train then test to fit on train and score test.
 */
export class WindowedGaussian {
  private readonly buf: Float64Array[]
  private readonly sum: Float64Array
  private readonly sumSq: Float64Array
  private count = 0
  private head = 0

  constructor(
    private readonly dims: number,
    private readonly window = 1000,
  ) {
    this.buf = Array.from({ length: window }, () => new Float64Array(dims))
    this.sum = new Float64Array(dims)
    this.sumSq = new Float64Array(dims)
  }

  score(row: ArrayLike<number>): number {
    let z = 0
    if (this.count >= 2) {
      for (let d = 0; d < this.dims; d++) {
        const m = this.sum[d]! / this.count
        const v = Math.max(0, this.sumSq[d]! / this.count - m * m)
        const sd = Math.sqrt(v)
        const dz = sd > 1e-12 ? Math.abs(row[d]! - m) / sd : row[d] === m ? 0 : 1e6
        if (dz > z) z = dz
      }
    }
    const slot = this.buf[this.head]!
    if (this.count === this.window) {
      for (let d = 0; d < this.dims; d++) {
        this.sum[d]! -= slot[d]!
        this.sumSq[d]! -= slot[d]! * slot[d]!
      }
    } else this.count++
    for (let d = 0; d < this.dims; d++) {
      slot[d] = row[d]!
      this.sum[d]! += row[d]!
      this.sumSq[d]! += row[d]! * row[d]!
    }
    this.head = (this.head + 1) % this.window
    return z / (1 + z)
  }
}

export function windowedGaussianScores(rows: readonly ArrayLike<number>[], dims: number, window = 1000): Float64Array {
  const g = new WindowedGaussian(dims, window)
  return Float64Array.from(rows, (r) => g.score(r))
}
