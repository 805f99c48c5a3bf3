/**
 * Label selectors as people type them in a query string: `env=prod,role=web` (all must match).
 * Parsed once at the edge; the rest of the code passes `Record<string, string>`.
 */
export type Labels = Record<string, string>

const KEY = /^[A-Za-z0-9][A-Za-z0-9_./-]{0,127}$/

export class SelectorError extends Error {
  readonly code = 'invalid_selector'
}

export function parseSelector(text: string): Labels {
  const out: Labels = {}
  for (const part of text.split(',')) {
    const item = part.trim()
    if (item === '') continue
    const eq = item.indexOf('=')
    if (eq <= 0) throw new SelectorError(`selector term ${JSON.stringify(item)} is not key=value`)
    const key = item.slice(0, eq).trim()
    const value = item.slice(eq + 1).trim()
    if (!KEY.test(key)) throw new SelectorError(`selector key ${JSON.stringify(key)} is not a valid label name`)
    if (value.length > 256) throw new SelectorError(`selector value for ${key} is longer than 256 characters`)
    out[key] = value
  }
  if (Object.keys(out).length === 0) throw new SelectorError('selector is empty')
  return out
}

export function formatSelector(labels: Labels): string {
  return Object.entries(labels)
    .map(([k, v]) => `${k}=${v}`)
    .join(',')
}

/** True when every label of the selector is on the host with the same value. */
export function selectorMatches(selector: Labels, hostLabels: Labels): boolean {
  return Object.entries(selector).every(([k, v]) => hostLabels[k] === v)
}
