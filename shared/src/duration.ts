import Type, { type Static } from 'typebox'
import { durationLimits } from './protocol/limits'

/** How a duration may be written, for error messages and schema descriptions. */
export const durationForms = 'seconds as a number, or a string such as "500ms", "90s", "15m", "1h", "2d"'

/**
 * The schema keyword that carries a duration's upper bound in seconds. A regular expression cannot
 * bound "50d" against "3600 s", so the control plane's validator checks this keyword on top of
 * the union (control-plane/src/http/ajv-keywords.ts); TypeBox's own checker ignores it, and
 * `durationProblem` applies the same bound in code.
 */
export const maxSecondsKeyword = 'x-max-seconds'

/**
 * A duration as written by people: seconds as a number, or "90s", "5m", "1h", "500ms", "2d", of at
 * most `maxSeconds`. The string form's digits are bounded too, so "99999999999d" never parses.
 */
export function DurationWithin(maxSeconds: number) {
  return Type.Union(
    [Type.Number({ minimum: 0, maximum: maxSeconds }), Type.String({ pattern: '^[0-9]{1,9}(\\.[0-9]{1,6})?(ms|s|m|h|d)$', maxLength: 20 })],
    { description: `a duration of at most ${maxSeconds} s: ${durationForms}`, [maxSecondsKeyword]: maxSeconds },
  )
}

/** Normalised to seconds by `toSeconds`; rule durations are bounded by the rule engine's limit. */
export const Duration = DurationWithin(durationLimits.rule)
export type Duration = Static<typeof Duration>

const unitSeconds: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86_400 }

export function toSeconds(d: Duration): number {
  if (typeof d === 'number') return d
  const m = /^([0-9]+(?:\.[0-9]+)?)(ms|s|m|h|d)$/.exec(d)
  if (!m) throw new Error(`not a duration: ${JSON.stringify(d)}`)
  return Number(m[1]) * (unitSeconds[m[2]!] ?? 1)
}

/** Why `d` is not a duration of at most `maxSeconds`, or undefined when it is one. */
export function durationProblem(d: unknown, maxSeconds: number): string | undefined {
  let seconds: number
  try {
    if (typeof d !== 'number' && typeof d !== 'string') return `must be a duration: ${durationForms}`
    seconds = toSeconds(d)
  } catch {
    return `must be a duration: ${durationForms}`
  }
  if (!Number.isFinite(seconds) || seconds < 0) return `must be a duration: ${durationForms}`
  if (seconds > maxSeconds) return `must be at most ${maxSeconds} s (got ${typeof d === 'string' ? JSON.stringify(d) : d}, ${seconds} s)`
  return undefined
}
