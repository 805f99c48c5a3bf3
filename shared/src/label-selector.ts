/**
 * Label selectors in the Kubernetes grammar, parsed and matched in one place for every side:
 *
 *   env=prod   env==prod   env!=prod   env in (prod,staging)   env notin (dev)   canary   !canary
 *
 * Terms are separated by commas (commas inside a set belong to the set); a host matches when every
 * term holds. `!=` and `notin` also match hosts without the label, as in Kubernetes.
 */
export type SelectorOperator = 'in' | 'notin' | 'exists' | 'not_exists'

export interface SelectorRequirement {
  key: string
  operator: SelectorOperator
  /** in / notin: the set (one value for =, ==, !=); exists / not_exists: empty. */
  values: string[]
}

export class SelectorSyntaxError extends Error {
  readonly code = 'invalid_selector'
}

const KEY = /^[A-Za-z0-9][A-Za-z0-9_./-]{0,127}$/
const VALUE = /^[A-Za-z0-9_./:@-]{0,256}$/
export const MAX_SELECTOR_CHARS = 2000

function splitTerms(text: string): string[] {
  const terms: string[] = []
  let depth = 0
  let start = 0
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (c === '(') depth++
    else if (c === ')') {
      depth--
      if (depth < 0) throw new SelectorSyntaxError(`unbalanced ")" at character ${i + 1}`)
    } else if (c === ',' && depth === 0) {
      terms.push(text.slice(start, i))
      start = i + 1
    }
  }
  if (depth !== 0) throw new SelectorSyntaxError('a "(" is never closed')
  terms.push(text.slice(start))
  return terms.map((t) => t.trim())
}

function key(k: string, term: string): string {
  if (!KEY.test(k)) throw new SelectorSyntaxError(`${JSON.stringify(k)} in ${JSON.stringify(term)} is not a label name (letters, digits, _ . / -; at most 128)`)
  return k
}

function value(v: string, term: string): string {
  if (!VALUE.test(v)) {
    throw new SelectorSyntaxError(`value ${JSON.stringify(v)} in ${JSON.stringify(term)} has characters a selector cannot carry (allowed: letters, digits, _ . / : @ -; at most 256)`)
  }
  return v
}

function parseTerm(term: string): SelectorRequirement {
  if (term === '') throw new SelectorSyntaxError('an empty term (two commas in a row, or a trailing comma)')
  const set = /^(\S+)\s+(in|notin)\s*\((.*)\)$/.exec(term)
  if (set) {
    const values = set[3]!.split(',').map((v) => value(v.trim(), term))
    if (values.some((v) => v === '')) throw new SelectorSyntaxError(`an empty value in the set of ${JSON.stringify(term)}`)
    return { key: key(set[1]!, term), operator: set[2] as 'in' | 'notin', values }
  }
  if (/\s(in|notin)\s/.test(` ${term} `) && !term.includes('=')) {
    throw new SelectorSyntaxError(`${JSON.stringify(term)}: a set needs parentheses, e.g. env in (prod,staging)`)
  }
  const cmp = /^([^=!\s]+)\s*(==|!=|=)\s*(.*)$/.exec(term)
  if (cmp) {
    const v = cmp[3]!.trim()
    if (v.startsWith('=')) throw new SelectorSyntaxError(`${JSON.stringify(term)}: write key=value, key==value or key!=value`)
    return { key: key(cmp[1]!, term), operator: cmp[2] === '!=' ? 'notin' : 'in', values: [value(v, term)] }
  }
  if (term.startsWith('!')) return { key: key(term.slice(1).trim(), term), operator: 'not_exists', values: [] }
  if (/[=!()\s]/.test(term)) throw new SelectorSyntaxError(`${JSON.stringify(term)} is not a selector term (key=value, key!=value, key in (a,b), key notin (a,b), key, !key)`)
  return { key: key(term, term), operator: 'exists', values: [] }
}

export function parseLabelSelector(text: string): SelectorRequirement[] {
  if (text.length > MAX_SELECTOR_CHARS) throw new SelectorSyntaxError(`a selector is at most ${MAX_SELECTOR_CHARS} characters`)
  if (text.trim() === '') throw new SelectorSyntaxError('the selector is empty')
  return splitTerms(text).map(parseTerm)
}

export function selectorMatchesLabels(reqs: readonly SelectorRequirement[], labels: Record<string, string>): boolean {
  return reqs.every((r) => {
    const has = Object.hasOwn(labels, r.key)
    const v = has ? labels[r.key] : undefined
    switch (r.operator) {
      case 'exists':
        return has
      case 'not_exists':
        return !has
      case 'in':
        return has && r.values.includes(v!)
      case 'notin':
        return !has || !r.values.includes(v!)
    }
  })
}

/** `{env: 'prod'}` when every term is a single-value equality (what overrides store), else undefined. */
export function asEqualityMap(reqs: readonly SelectorRequirement[]): Record<string, string> | undefined {
  const out: Record<string, string> = {}
  for (const r of reqs) {
    if (r.operator !== 'in' || r.values.length !== 1) return undefined
    if (Object.hasOwn(out, r.key) && out[r.key] !== r.values[0]) return undefined
    out[r.key] = r.values[0]!
  }
  return out
}

export function formatLabelSelector(reqs: readonly SelectorRequirement[]): string {
  return reqs
    .map((r) => {
      switch (r.operator) {
        case 'exists':
          return r.key
        case 'not_exists':
          return `!${r.key}`
        case 'in':
          return r.values.length === 1 ? `${r.key}=${r.values[0]}` : `${r.key} in (${r.values.join(',')})`
        case 'notin':
          return r.values.length === 1 ? `${r.key}!=${r.values[0]}` : `${r.key} notin (${r.values.join(',')})`
      }
    })
    .join(',')
}
