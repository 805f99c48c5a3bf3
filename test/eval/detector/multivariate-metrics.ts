/**
 * Metrics for multivariate series with point labels (SMD, ASD), under the strict protocol of
 * ../shared/data/README.md: threshold fixed from training scores only, no point-adjust in the
 * headline figures. An "event" is a maximal run of label 1 (true) or of flagged rows (alarm).
 */

export interface Run {
  readonly start: number
  /** Inclusive. */
  readonly end: number
}

export function runs(flags: ArrayLike<boolean | number>): Run[] {
  const out: Run[] = []
  let start = -1
  for (let i = 0; i < flags.length; i++) {
    const on = Boolean(flags[i])
    if (on && start === -1) start = i
    if (!on && start !== -1) {
      out.push({ start, end: i - 1 })
      start = -1
    }
  }
  if (start !== -1) out.push({ start, end: flags.length - 1 })
  return out
}

/** The q-quantile (0..1) of `xs`, linear interpolation between order statistics. */
export function quantile(xs: ArrayLike<number>, q: number): number {
  const s = Float64Array.from(xs).sort()
  if (s.length === 0) return Number.NaN
  const pos = (s.length - 1) * q
  const lo = Math.floor(pos)
  const hi = Math.min(s.length - 1, lo + 1)
  return s[lo]! + (s[hi]! - s[lo]!) * (pos - lo)
}

function f1(p: number, r: number): number {
  return p + r > 0 ? (2 * p * r) / (p + r) : 0
}

export interface PointCounts {
  tp: number
  fp: number
  fn: number
}

/** Point-wise counts of `pred` against `labels`. */
export function pointCounts(pred: ArrayLike<boolean>, labels: ArrayLike<number>): PointCounts {
  let tp = 0
  let fp = 0
  let fn = 0
  for (let i = 0; i < labels.length; i++) {
    const y = labels[i] === 1
    if (pred[i] && y) tp++
    else if (pred[i]) fp++
    else if (y) fn++
  }
  return { tp, fp, fn }
}

function countsF1(c: PointCounts): { precision: number; recall: number; f1: number } {
  const precision = c.tp + c.fp > 0 ? c.tp / (c.tp + c.fp) : 0
  const recall = c.tp + c.fn > 0 ? c.tp / (c.tp + c.fn) : 0
  return { precision, recall, f1: f1(precision, recall) }
}

/** Point-adjust (for comparison with papers only): a true segment with any flag is flagged whole. */
export function pointAdjust(pred: ArrayLike<boolean>, labels: ArrayLike<number>): boolean[] {
  const out = Array.from(pred, Boolean)
  for (const r of runs(Array.from(labels, (v) => v === 1))) {
    let hit = false
    for (let i = r.start; i <= r.end && !hit; i++) hit = out[i]!
    if (hit) for (let i = r.start; i <= r.end; i++) out[i] = true
  }
  return out
}

export interface EventCounts {
  /** True events with at least one flagged row. */
  detected: number
  events: number
  /** Flagged runs touching a true event. */
  alarmsOnEvents: number
  alarms: number
  /** Rows from each detected event's start to its first flag, summed. */
  delaySum: number
}

export function eventCounts(pred: ArrayLike<boolean>, labels: ArrayLike<number>): EventCounts {
  const truth = runs(Array.from(labels, (v) => v === 1))
  const alarms = runs(pred)
  let detected = 0
  let delaySum = 0
  for (const t of truth) {
    for (let i = t.start; i <= t.end; i++) {
      if (pred[i]) {
        detected++
        delaySum += i - t.start
        break
      }
    }
  }
  let alarmsOnEvents = 0
  for (const a of alarms) {
    let touch = false
    for (let i = a.start; i <= a.end && !touch; i++) touch = labels[i] === 1
    if (touch) alarmsOnEvents++
  }
  return { detected, events: truth.length, alarmsOnEvents, alarms: alarms.length, delaySum }
}

/** Average precision (area under the precision-recall curve, step-wise), ties scored together. */
export function prAuc(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  const idx = Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => scores[b]! - scores[a]!)
  let positives = 0
  for (let i = 0; i < labels.length; i++) if (labels[i] === 1) positives++
  if (positives === 0) return Number.NaN
  let tp = 0
  let fp = 0
  let ap = 0
  let prevRecall = 0
  let k = 0
  while (k < idx.length) {
    const s = scores[idx[k]!]!
    while (k < idx.length && scores[idx[k]!] === s) {
      if (labels[idx[k]!] === 1) tp++
      else fp++
      k++
    }
    const recall = tp / positives
    ap += (recall - prevRecall) * (tp / (tp + fp))
    prevRecall = recall
  }
  return ap
}

/** One series: train scores (threshold), test scores and labels, and its sampling step. */
export interface ScoredSeries {
  readonly name: string
  readonly trainScores: ArrayLike<number>
  readonly testScores: ArrayLike<number>
  readonly labels: ArrayLike<number>
  readonly stepSeconds: number
}

export interface StrictMetrics {
  series: number
  pointF1: number
  pointPrecision: number
  pointRecall: number
  eventF1: number
  eventPrecision: number
  eventRecall: number
  prAuc: number
  /** Mean rows from a detected event's start to its first flag, and the same in minutes. */
  meanDelayRows: number
  meanDelayMinutes: number
  /** Flagged runs that touch no true event, per host-day of test data. */
  falseAlarmsPerHostDay: number
  flaggedShare: number
  paF1: number
}

/**
 * The strict protocol, pooled over series: each series' threshold is the `trainQuantile` of its
 * own train scores; counts are summed over series before the ratios (PR-AUC: mean over series).
 */
export function strictMetrics(series: readonly ScoredSeries[], trainQuantile = 0.995): StrictMetrics {
  const point: PointCounts = { tp: 0, fp: 0, fn: 0 }
  const pa: PointCounts = { tp: 0, fp: 0, fn: 0 }
  const ev: EventCounts = { detected: 0, events: 0, alarmsOnEvents: 0, alarms: 0, delaySum: 0 }
  let falseAlarms = 0
  let days = 0
  let flagged = 0
  let rows = 0
  let aucSum = 0
  let delayMinutesSum = 0
  for (const s of series) {
    const thr = quantile(s.trainScores, trainQuantile)
    const pred = Array.from(s.testScores, (v) => v > thr)
    const c = pointCounts(pred, s.labels)
    point.tp += c.tp
    point.fp += c.fp
    point.fn += c.fn
    const cpa = pointCounts(pointAdjust(pred, s.labels), s.labels)
    pa.tp += cpa.tp
    pa.fp += cpa.fp
    pa.fn += cpa.fn
    const e = eventCounts(pred, s.labels)
    ev.detected += e.detected
    ev.events += e.events
    ev.alarmsOnEvents += e.alarmsOnEvents
    ev.alarms += e.alarms
    ev.delaySum += e.delaySum
    delayMinutesSum += (e.delaySum * s.stepSeconds) / 60
    falseAlarms += e.alarms - e.alarmsOnEvents
    days += (s.labels.length * s.stepSeconds) / 86_400
    flagged += pred.filter(Boolean).length
    rows += pred.length
    aucSum += prAuc(s.testScores, s.labels)
  }
  const p = countsF1(point)
  const eventPrecision = ev.alarms > 0 ? ev.alarmsOnEvents / ev.alarms : 0
  const eventRecall = ev.events > 0 ? ev.detected / ev.events : 0
  return {
    series: series.length,
    pointF1: p.f1,
    pointPrecision: p.precision,
    pointRecall: p.recall,
    eventF1: f1(eventPrecision, eventRecall),
    eventPrecision,
    eventRecall,
    prAuc: aucSum / series.length,
    meanDelayRows: ev.detected > 0 ? ev.delaySum / ev.detected : Number.NaN,
    meanDelayMinutes: ev.detected > 0 ? delayMinutesSum / ev.detected : Number.NaN,
    falseAlarmsPerHostDay: days > 0 ? falseAlarms / days : Number.NaN,
    flaggedShare: rows > 0 ? flagged / rows : 0,
    paF1: countsF1(pa).f1,
  }
}
