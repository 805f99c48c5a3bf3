import Type, { type Static } from 'typebox'

/**
 * A duration as written by people in rule files: seconds as a number, or a string such as
 * "90s", "5m", "1h", "500ms", "2d". Normalised to seconds by `toSeconds`.
 */
export const Duration = Type.Union([
  Type.Number({ minimum: 0, maximum: 365 * 86_400 }),
  Type.String({ pattern: '^[0-9]+(\\.[0-9]+)?(ms|s|m|h|d)$', maxLength: 20 }),
])
export type Duration = Static<typeof Duration>

const unitSeconds: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86_400 }

export function toSeconds(d: Duration): number {
  if (typeof d === 'number') return d
  const m = /^([0-9]+(?:\.[0-9]+)?)(ms|s|m|h|d)$/.exec(d)
  if (!m) throw new Error(`not a duration: ${JSON.stringify(d)}`)
  return Number(m[1]) * (unitSeconds[m[2]!] ?? 1)
}
