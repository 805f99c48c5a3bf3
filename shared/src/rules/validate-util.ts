import { toSeconds } from '../duration'

/** A path into the input as segments, so the YAML reader can point at the offending line. */
export type Segment = string | number
export interface PathedError {
  at: Segment[]
  message: string
}

/** `rules[2].conditions[0].metric` */
export function formatPath(at: Segment[]): string {
  let out = ''
  for (const seg of at) out += typeof seg === 'number' ? `[${seg}]` : out === '' ? seg : `.${seg}`
  return out
}

/** A value as the user wrote it, short enough for a message; NaN/Infinity/undefined shown by name. */
export function show(v: unknown): string {
  if (v === undefined) return 'nothing'
  if (typeof v === 'number') return String(v)
  if (typeof v === 'string') return JSON.stringify(v.length > 60 ? `${v.slice(0, 57)}...` : v)
  let s: string
  try {
    s = JSON.stringify(v) ?? String(v)
  } catch {
    s = String(v)
  }
  return s.length > 60 ? `${s.slice(0, 57)}...` : s
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i)
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!
    row[0] = i
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j]!
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1))
      prev = tmp
    }
  }
  return row[b.length]!
}

/** " (did you mean cooldown?)" for near misses, else "". */
export function suggest(word: string, candidates: readonly string[]): string {
  let best: string | undefined
  let bestD = Infinity
  for (const c of candidates) {
    const d = distance(word.toLowerCase(), c.toLowerCase())
    if (d < bestD) {
      best = c
      bestD = d
    }
  }
  // Close enough to be a slip: cooldwon → cooldown, cpu_pct → cpu_percent, not reboot → restart_service.
  return best !== undefined && bestD <= Math.max(2, 0.4 * Math.max(word.length, best.length)) ? ` (did you mean ${best}?)` : ''
}

/** Report fields the schema does not know; typos get a suggestion. */
export function checkKnownKeys(
  obj: Record<string, unknown>,
  allowed: readonly string[],
  at: Segment[],
  what: string,
  errs: PathedError[],
): void {
  for (const key of Object.keys(obj)) {
    if (!allowed.includes(key)) {
      errs.push({ at: [...at, key], message: `unknown field ${JSON.stringify(key)} in ${what}${suggest(key, allowed)}; allowed: ${allowed.join(', ')}` })
    }
  }
}

const MAX_SECONDS = 365 * 86_400
const DURATION_RE = /^[0-9]+(\.[0-9]+)?(ms|s|m|h|d)$/

/**
 * A duration as people write it: seconds as a number or "90s", "5m", "1h", "500ms", "2d".
 * Returns seconds, or null after recording a precise error.
 */
export function checkDuration(
  v: unknown,
  at: Segment[],
  what: string,
  errs: PathedError[],
  opts: { positive: boolean },
): number | null {
  const form = 'seconds as a number or a string like "90s", "5m", "1h", "500ms", "2d"'
  let seconds: number
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) {
      errs.push({ at, message: `${what} must be a finite duration, got ${show(v)}` })
      return null
    }
    seconds = v
  } else if (typeof v === 'string') {
    const trimmed = v.trim()
    if (/^-/.test(trimmed)) {
      errs.push({ at, message: `${what} must not be negative, got ${show(v)}` })
      return null
    }
    if (!DURATION_RE.test(trimmed) || trimmed !== v) {
      errs.push({ at, message: `${what} is not a duration: ${show(v)}; write ${form}` })
      return null
    }
    seconds = toSeconds(v)
  } else {
    errs.push({ at, message: `${what} must be a duration (${form}), got ${show(v)}` })
    return null
  }
  if (seconds < 0) {
    errs.push({ at, message: `${what} must not be negative, got ${show(v)}` })
    return null
  }
  if (opts.positive && seconds === 0) {
    errs.push({ at, message: `${what} must be longer than 0, got ${show(v)}` })
    return null
  }
  if (seconds > MAX_SECONDS) {
    errs.push({ at, message: `${what} must be at most 365 days, got ${show(v)}` })
    return null
  }
  return seconds
}

export function isInteger(v: unknown, min: number, max: number): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max
}
