import { baseMetricName, metricCatalogue, metricNames } from '../metrics'
import {
  type Interval,
  conditionInterval,
  describeCondition,
  formatNumber,
  intersect,
  isEmpty,
  isSubset,
  operatorSymbols,
} from './conditions'
import { type Condition, type Operator, operators } from './schema'
import { type PathedError, type Segment, checkKnownKeys, isPlainObject, show, suggest } from './validate-util'

const symbolToOperator: Record<string, Operator> = Object.fromEntries(
  Object.entries(operatorSymbols).map(([op, sym]) => [sym, op as Operator]),
)
Object.assign(symbolToOperator, { '=': 'eq', '===': 'eq', '<>': 'ne', '=>': 'gte', '=<': 'lte' })

const KEY_RE = /^[a-z][a-z0-9_]*(:[^\s]{1,160})?$/

/** The values a metric can take, from its unit in the catalogue. */
function domainOf(metric: string): { interval: Interval; words: string; integral: boolean } {
  const unit = (metricCatalogue as Record<string, { unit: string }>)[baseMetricName(metric)]?.unit
  const closed = (lo: number, hi: number): Interval => ({ lo, loOpen: false, hi, hiOpen: hi === Infinity })
  // Percent of one core: a container using three cores reports 300.
  if (baseMetricName(metric) === 'container_cpu_percent') {
    return { interval: closed(0, Infinity), words: 'a percentage of one core (0 or more; above 100 on several cores)', integral: false }
  }
  switch (unit) {
    case 'percent':
      return { interval: closed(0, 100), words: 'a percentage from 0 to 100', integral: false }
    case 'ratio':
      return { interval: closed(0, 1), words: 'a ratio from 0 to 1', integral: false }
    case 'bool':
      return { interval: closed(0, 1), words: '0 or 1', integral: true }
    case 'count':
      return { interval: closed(0, Infinity), words: 'a count (0 or more)', integral: true }
    default:
      return { interval: closed(0, Infinity), words: `never negative (${unit ?? 'unknown unit'})`, integral: false }
  }
}

/** Check one condition; returns it normalized, or null after recording errors. */
export function checkCondition(input: unknown, at: Segment[], errs: PathedError[]): Condition | null {
  if (!isPlainObject(input)) {
    errs.push({ at, message: `a condition must be an object {metric, operator, threshold}, got ${show(input)}` })
    return null
  }
  const before = errs.length
  checkKnownKeys(input, ['metric', 'operator', 'threshold'], at, 'a condition', errs)

  const { metric, operator, threshold } = input
  if (metric === undefined) errs.push({ at: [...at, 'metric'], message: 'a condition needs a metric' })
  else if (typeof metric !== 'string') errs.push({ at: [...at, 'metric'], message: `metric must be a metric name, got ${show(metric)}` })
  else if (!Object.hasOwn(metricCatalogue, baseMetricName(metric))) {
    const base = baseMetricName(metric)
    errs.push({
      at: [...at, 'metric'],
      message: `unknown metric ${JSON.stringify(base)}: not in the metric catalogue${suggest(base, metricNames)}; known: ${metricNames.join(', ')}`,
    })
  } else if (!KEY_RE.test(metric)) {
    errs.push({
      at: [...at, 'metric'],
      message: `bad metric key ${show(metric)}: write name or name:qualifier, the qualifier 1-160 characters without spaces (e.g. disk_percent:/var)`,
    })
  }

  if (operator === undefined) errs.push({ at: [...at, 'operator'], message: `a condition needs an operator (${operators.join(', ')})` })
  else if (typeof operator !== 'string' || !(operators as readonly string[]).includes(operator)) {
    const hint = typeof operator === 'string' && symbolToOperator[operator] ? ` (write ${symbolToOperator[operator]})` : ''
    errs.push({ at: [...at, 'operator'], message: `unknown operator ${show(operator)}${hint}; operators: ${operators.join(', ')}` })
  }

  if (threshold === undefined) errs.push({ at: [...at, 'threshold'], message: 'a condition needs a threshold (a number)' })
  else if (typeof threshold === 'string' && threshold.trim() !== '' && Number.isFinite(Number(threshold))) {
    errs.push({ at: [...at, 'threshold'], message: `threshold must be a number, got the string ${show(threshold)} (remove the quotes)` })
  } else if (typeof threshold !== 'number') {
    errs.push({ at: [...at, 'threshold'], message: `threshold must be a number, got ${show(threshold)}` })
  } else if (!Number.isFinite(threshold)) {
    errs.push({ at: [...at, 'threshold'], message: `threshold must be a finite number, got ${show(threshold)}` })
  }
  if (errs.length > before) return null

  const c: Condition = { metric: metric as string, operator: operator as Operator, threshold: threshold as number }
  checkAgainstDomain(c, at, errs)
  return errs.length > before ? null : c
}

/** A threshold outside what the metric can measure makes a condition that never or always holds. */
function checkAgainstDomain(c: Condition, at: Segment[], errs: PathedError[]): void {
  const d = domainOf(c.metric)
  const here = [...at, 'threshold']
  if (d.integral && (c.operator === 'eq' || c.operator === 'ne') && !Number.isInteger(c.threshold)) {
    errs.push({ at: here, message: `${describeCondition(c)} compares a whole-number metric with a fraction: ${c.metric} is ${d.words}` })
    return
  }
  const inDomain = c.threshold >= d.interval.lo && c.threshold <= d.interval.hi
  const ratioHint =
    d.words.startsWith('a ratio') && c.threshold > 1 && c.threshold <= 100 ? ` (did you mean ${formatNumber(c.threshold / 100)}?)` : ''
  if (c.operator === 'ne') {
    if (!inDomain) errs.push({ at: here, message: `${describeCondition(c)} always holds: ${c.metric} is ${d.words}${ratioHint}` })
    return
  }
  const holds = intersect(conditionInterval(c.operator, c.threshold), d.interval)
  if (isEmpty(holds)) {
    errs.push({ at: here, message: `${describeCondition(c)} can never hold: ${c.metric} is ${d.words}${ratioHint}` })
  } else if (isSubset(d.interval, holds)) {
    errs.push({ at: here, message: `${describeCondition(c)} always holds, so it restricts nothing: ${c.metric} is ${d.words}${ratioHint}` })
  }
}

/** The values of each metric key for which all of the given conditions hold (`ne` ignored). */
export function holdingIntervals(conditions: readonly Condition[]): Map<string, Interval> {
  const out = new Map<string, Interval>()
  for (const c of conditions) {
    if (c.operator === 'ne') continue
    const i = conditionInterval(c.operator, c.threshold)
    const prev = out.get(c.metric)
    out.set(c.metric, prev ? intersect(prev, i) : i)
  }
  return out
}

/** Conditions on one metric that exclude each other (cpu_percent > 90 and cpu_percent < 20). */
export function checkSatisfiable(conditions: readonly Condition[], at: Segment[], what: string, errs: PathedError[]): boolean {
  for (const [metric, interval] of holdingIntervals(conditions)) {
    const eqs = conditions.filter((c) => c.metric === metric && c.operator === 'ne')
    const pinned = interval.lo === interval.hi && !interval.loOpen && !interval.hiOpen
    if (isEmpty(interval) || (pinned && eqs.some((c) => c.threshold === interval.lo))) {
      const involved = conditions.filter((c) => c.metric === metric).map(describeCondition)
      errs.push({ at, message: `${what} can never all hold: ${involved.join(' and ')}` })
      return false
    }
  }
  return true
}

/**
 * A `clear` that holds whenever the rule's conditions hold gives no hysteresis: the rule would
 * re-arm on the very next sample. Each clear condition is tested against what the firing conditions
 * imply for the same metric; only when every clear condition is implied is the clear pointless.
 */
export function checkClearMakesSense(conditions: readonly Condition[], clear: readonly Condition[], at: Segment[], errs: PathedError[]): void {
  const firing = holdingIntervals(conditions)
  const implied = clear.every((k) => {
    if (k.operator === 'ne') {
      const f = firing.get(k.metric)
      return f !== undefined && !(k.threshold >= f.lo && k.threshold <= f.hi)
    }
    const f = firing.get(k.metric)
    return f !== undefined && isSubset(f, conditionInterval(k.operator, k.threshold))
  })
  if (implied) {
    const example = conditions[0]
    const opposite: Partial<Record<Operator, Operator>> = { gt: 'lte', gte: 'lt', lt: 'gte', lte: 'gt' }
    const op = example ? opposite[example.operator] : undefined
    const hint = example && op ? ` (e.g. ${example.metric} ${op} ${formatNumber(example.threshold)}, with a margin)` : ''
    errs.push({
      at,
      message: `clear holds whenever the rule's conditions hold (${clear.map(describeCondition).join(', ')} is implied by ${conditions.map(describeCondition).join(', ')}), so the rule would re-arm at once; clear should describe recovery${hint}`,
    })
  }
}
