/** First index in the ascending `a[0..n)` whose value is ≥ x (n when none). */
export function lowerBound(a: Float64Array, n: number, x: number): number {
  let lo = 0
  let hi = n
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (a[mid]! < x) lo = mid + 1
    else hi = mid
  }
  return lo
}

/**
 * Keeps the ascending copy `sorted[0..count)` of a ring of the last `capacity` values in step
 * with the ring: `leaving` (the ring's oldest, when full) goes out, `x` comes in. A conformal
 * p-value then needs a binary search, not a scan of the whole history. Returns the new count.
 */
export function replaceSorted(sorted: Float64Array, count: number, capacity: number, leaving: number, x: number): number {
  let n = count
  if (n === capacity) {
    const out = lowerBound(sorted, n, leaving)
    sorted.copyWithin(out, out + 1, n)
    n--
  }
  const at = lowerBound(sorted, n, x)
  sorted.copyWithin(at + 1, at, n)
  sorted[at] = x
  return n + 1
}
