/**
 * How far a host's metrics leave their usual joint structure — the PCA detector's idea (the
 * residual of the current vector outside the principal subspace), learned online in bounded
 * memory. Input: the level feature of every model metric (its own baseline's z, clipped at
 * ±`clip`, 0 for a metric not present or still warming up). An exponentially weighted mean and
 * covariance (weight `alpha`) are kept; every `refresh` samples the covariance's eigenvectors are
 * recomputed (cyclic Jacobi) and the leading ones that explain `explained` of the variance span the
 * "usual" subspace. The output is the residual's RMS in units of its expected size under that
 * model, sqrt(‖r‖² / Σ discarded eigenvalues): ~1 on ordinary rows, large when metrics that
 * usually move together come apart (one rises without the others, or an unusual combination),
 * even if no single metric is extreme.
 *
 * Causal: the output at t uses the covariance and subspace from samples < t, then learns t.
 * State O(dim²). Silent (0) for fewer than 3 metrics and until `warmup` samples.
 *
 * Research code of the evaluation harness (cv-candidates.ts): not part of any shipped model.
 */
export interface HostStructureSpec {
  clip: number
  alpha: number
  refresh: number
  explained: number
  warmup: number
}

export class HostStructure {
  private readonly mean: Float64Array
  private readonly cov: Float64Array
  /** Leading eigenvectors, row-major [k × dim]. */
  private basis = new Float64Array(0)
  private k = 0
  private residualVariance = 0
  private n = 0
  private readonly centered: Float64Array

  constructor(
    private readonly dim: number,
    private readonly spec: HostStructureSpec,
  ) {
    this.mean = new Float64Array(dim)
    this.cov = new Float64Array(dim * dim)
    this.centered = new Float64Array(dim)
  }

  /** `z`: one level feature per model metric (0 = absent). Returns the residual RMS in expected units (0 while silent). */
  step(z: ArrayLike<number>): number {
    const d = this.dim
    if (d < 3) return 0
    const c = this.centered
    for (let i = 0; i < d; i++) c[i] = Math.max(-this.spec.clip, Math.min(this.spec.clip, z[i]!)) - this.mean[i]!
    let out = 0
    if (this.k > 0 && this.residualVariance > 0) {
      // ‖c‖² − Σ (v·c)² = the squared residual outside the subspace.
      let total = 0
      for (let i = 0; i < d; i++) total += c[i]! * c[i]!
      let kept = 0
      for (let j = 0; j < this.k; j++) {
        let p = 0
        for (let i = 0; i < d; i++) p += this.basis[j * d + i]! * c[i]!
        kept += p * p
      }
      out = Math.sqrt(Math.max(0, total - kept) / this.residualVariance)
    }
    this.learn(c)
    return out
  }

  private learn(c: Float64Array): void {
    const d = this.dim
    this.n++
    const a = Math.max(this.spec.alpha, 1 / this.n)
    // West's EW update: mean moves by a·c, covariance towards c cᵀ (centered on the old mean) with weight a.
    for (let i = 0; i < d; i++) {
      for (let j = 0; j < d; j++) this.cov[i * d + j] = (1 - a) * (this.cov[i * d + j]! + a * c[i]! * c[j]!)
    }
    for (let i = 0; i < d; i++) this.mean[i]! += a * c[i]!
    if (this.n >= this.spec.warmup && this.n % this.spec.refresh === 0) this.refreshBasis()
  }

  private refreshBasis(): void {
    const d = this.dim
    const { values, vectors } = jacobiEigen(this.cov, d)
    const order = [...values.keys()].sort((x, y) => values[y]! - values[x]!)
    const total = values.reduce((s, v) => s + Math.max(0, v), 0)
    if (total <= 0) return
    let acc = 0
    let k = 0
    while (k < d - 1 && acc < this.spec.explained * total) acc += Math.max(0, values[order[k++]!]!)
    this.k = k
    this.basis = new Float64Array(k * d)
    for (let j = 0; j < k; j++) for (let i = 0; i < d; i++) this.basis[j * d + i] = vectors[i * d + order[j]!]!
    // The residual's expected squared size; floored so a near-exact subspace cannot divide by ~0.
    this.residualVariance = Math.max(total - acc, 1e-3 * total)
  }
}

/** Eigenvalues and eigenvectors (columns of `vectors`, row-major d×d) of a symmetric matrix, by cyclic Jacobi rotations. */
export function jacobiEigen(matrix: Float64Array, d: number): { values: number[]; vectors: Float64Array } {
  const a = Float64Array.from(matrix)
  const v = new Float64Array(d * d)
  for (let i = 0; i < d; i++) v[i * d + i] = 1
  for (let sweep = 0; sweep < 12; sweep++) {
    let off = 0
    for (let p = 0; p < d; p++) for (let q = p + 1; q < d; q++) off += a[p * d + q]! ** 2
    if (off < 1e-18) break
    for (let p = 0; p < d; p++) {
      for (let q = p + 1; q < d; q++) {
        const apq = a[p * d + q]!
        if (Math.abs(apq) < 1e-300) continue
        const theta = (a[q * d + q]! - a[p * d + p]!) / (2 * apq)
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1))
        const cos = 1 / Math.sqrt(t * t + 1)
        const sin = t * cos
        for (let k = 0; k < d; k++) {
          const akp = a[k * d + p]!
          const akq = a[k * d + q]!
          a[k * d + p] = cos * akp - sin * akq
          a[k * d + q] = sin * akp + cos * akq
        }
        for (let k = 0; k < d; k++) {
          const apk = a[p * d + k]!
          const aqk = a[q * d + k]!
          a[p * d + k] = cos * apk - sin * aqk
          a[q * d + k] = sin * apk + cos * aqk
        }
        for (let k = 0; k < d; k++) {
          const vkp = v[k * d + p]!
          const vkq = v[k * d + q]!
          v[k * d + p] = cos * vkp - sin * vkq
          v[k * d + q] = sin * vkp + cos * vkq
        }
      }
    }
  }
  const values: number[] = []
  for (let i = 0; i < d; i++) values.push(a[i * d + i]!)
  return { values, vectors: v }
}
