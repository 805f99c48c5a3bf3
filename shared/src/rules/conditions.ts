import type { MetricValues } from '../metrics'
import type { ConditionResult } from '../protocol/agent-messages'
import type { Condition, Operator } from './schema'

/** How people write each operator; used in explanations ("cpu_percent 97 > 95"). */
export const operatorSymbols: Record<Operator, string> = {
  gt: '>',
  lt: '<',
  eq: '==',
  gte: '>=',
  lte: '<=',
  ne: '!=',
}

/** Exactly what the operator says: `gt` never holds at the threshold, `gte` does. */
export function compare(operator: Operator, observed: number, threshold: number): boolean {
  switch (operator) {
    case 'gt':
      return observed > threshold
    case 'lt':
      return observed < threshold
    case 'gte':
      return observed >= threshold
    case 'lte':
      return observed <= threshold
    // eq/ne compare exactly: they are meant for counts and 0/1 flags (container_running), not ratios.
    case 'eq':
      return observed === threshold
    case 'ne':
      return observed !== threshold
  }
}

/**
 * The observed value of a metric, or null when the sample lacks it. A non-finite number (a collector
 * bug, NaN from a division by zero) counts as missing too: acting on NaN would be acting on nothing.
 */
export function observe(metrics: MetricValues, key: string): number | null {
  if (!Object.hasOwn(metrics, key)) return null
  const v = metrics[key]
  return typeof v === 'number' && Number.isFinite(v) ? v : null
}

export function evaluateCondition(c: Condition, metrics: MetricValues): ConditionResult {
  const observed = observe(metrics, c.metric)
  return {
    metric: c.metric,
    operator: c.operator,
    threshold: c.threshold,
    observed,
    // A missing metric makes its condition false, never a default value.
    held: observed !== null && compare(c.operator, observed, c.threshold),
  }
}

/** Short, stable number formatting for explanations (no 0.30000000000000004). */
export function formatNumber(v: number): string {
  if (Number.isInteger(v)) return String(v)
  // Four decimals is plenty for percentages, seconds and ratios, and much cheaper than toPrecision;
  // tiny values keep three significant digits so 0.00004 does not read as 0.
  const a = Math.abs(v)
  return a >= 0.01 ? String(Math.round(v * 1e4) / 1e4) : String(Number(v.toPrecision(3)))
}

export function describeCondition(c: Condition): string {
  return `${c.metric} ${operatorSymbols[c.operator]} ${formatNumber(c.threshold)}`
}

/** One condition's outcome in words: "cpu_percent 97 > 95", "cpu_percent 50 is not > 90", "ml_anomaly_score missing". */
export function explainResult(r: ConditionResult): string {
  if (r.observed === null) return `${r.metric} missing from the sample`
  const sym = operatorSymbols[r.operator]
  const obs = formatNumber(r.observed)
  return r.held ? `${r.metric} ${obs} ${sym} ${formatNumber(r.threshold)}` : `${r.metric} ${obs} is not ${sym} ${formatNumber(r.threshold)}`
}

/**
 * The set of values for which a condition holds, as an interval (or, for `ne`, the complement of a
 * point). Used by validation to spot conditions that can never hold together and `clear` conditions
 * that would hold whenever the rule fires.
 */
export interface Interval {
  lo: number
  loOpen: boolean
  hi: number
  hiOpen: boolean
}

export function conditionInterval(operator: Exclude<Operator, 'ne'>, t: number): Interval {
  switch (operator) {
    case 'gt':
      return { lo: t, loOpen: true, hi: Infinity, hiOpen: true }
    case 'gte':
      return { lo: t, loOpen: false, hi: Infinity, hiOpen: true }
    case 'lt':
      return { lo: -Infinity, loOpen: true, hi: t, hiOpen: true }
    case 'lte':
      return { lo: -Infinity, loOpen: true, hi: t, hiOpen: false }
    case 'eq':
      return { lo: t, loOpen: false, hi: t, hiOpen: false }
  }
}

export function intersect(a: Interval, b: Interval): Interval {
  const lo = Math.max(a.lo, b.lo)
  const loOpen = a.lo === b.lo ? a.loOpen || b.loOpen : a.lo > b.lo ? a.loOpen : b.loOpen
  const hi = Math.min(a.hi, b.hi)
  const hiOpen = a.hi === b.hi ? a.hiOpen || b.hiOpen : a.hi < b.hi ? a.hiOpen : b.hiOpen
  return { lo, loOpen, hi, hiOpen }
}

export function isEmpty(i: Interval): boolean {
  return i.lo > i.hi || (i.lo === i.hi && (i.loOpen || i.hiOpen))
}

/** Whether every value in `inner` lies in `outer`. */
export function isSubset(inner: Interval, outer: Interval): boolean {
  if (isEmpty(inner)) return true
  const loOk = inner.lo > outer.lo || (inner.lo === outer.lo && (!outer.loOpen || inner.loOpen))
  const hiOk = inner.hi < outer.hi || (inner.hi === outer.hi && (!outer.hiOpen || inner.hiOpen))
  return loOk && hiOk
}
