import { asEqualityMap, formatLabelSelector, parseLabelSelector, selectorMatchesLabels, SelectorSyntaxError, type SelectorRequirement } from '@smartcloudops/shared/label-selector'

/**
 * Label selectors as people type them in a query string, in the Kubernetes grammar (see
 * shared/src/label-selector.ts): parsed once at the edge. Overrides and model assignments store a
 * group as a StoredSelector: equality labels (`{env: 'prod'}`, as every row before set-based
 * selectors), or the canonical terms of a set-based selector.
 */
export type Labels = Record<string, string>

export class SelectorError extends Error {
  readonly code = 'invalid_selector'
}

export interface ParsedSelector {
  requirements: SelectorRequirement[]
  /** Set when every term is key=value: what SQL (labels @> …) and stored overrides use. */
  equality?: Labels
}

export function parseSelector(text: string): ParsedSelector {
  try {
    const requirements = parseLabelSelector(text)
    const equality = asEqualityMap(requirements)
    return { requirements, ...(equality ? { equality } : {}) }
  } catch (err) {
    if (err instanceof SelectorSyntaxError) throw new SelectorError(err.message)
    throw err
  }
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

export function requirementsMatch(reqs: readonly SelectorRequirement[], hostLabels: Labels): boolean {
  return selectorMatchesLabels(reqs, hostLabels)
}

/**
 * A group as overrides and model assignments store it. Equality selectors keep their old form
 * (`selector` = the labels, `requirements` null), so existing rows and the exact-target lookups of
 * resume / rollback are unchanged; a set-based one has `selector` {} and its canonical terms.
 */
export interface StoredSelector {
  selector: Labels
  requirements: SelectorRequirement[] | null
}

/**
 * One spelling per meaning, so "resume at exactly this selector" finds the override whatever order
 * its terms or set values were typed in: values sorted and deduplicated, terms sorted, repeats dropped.
 */
export function canonicalRequirements(reqs: readonly SelectorRequirement[]): SelectorRequirement[] {
  const byText = new Map<string, SelectorRequirement>()
  for (const r of reqs) {
    const c = { key: r.key, operator: r.operator, values: [...new Set(r.values)].sort() }
    byText.set(JSON.stringify(c), c)
  }
  return [...byText.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, r]) => r)
}

/** Whether a stored group covers a host (rows without requirements: equality, as they always were). */
export function storedSelectorMatches(s: { selector: Labels; requirements?: SelectorRequirement[] | null }, hostLabels: Labels): boolean {
  return s.requirements ? selectorMatchesLabels(s.requirements, hostLabels) : selectorMatches(s.selector, hostLabels)
}

/**
 * The stored group in the grammar the API takes (POST it back as `selector` to name the same group),
 * terms sorted: jsonb keeps neither the typed order of labels nor of object keys.
 */
export function storedSelectorText(s: { selector: Labels; requirements?: SelectorRequirement[] | null }): string {
  if (s.requirements) return formatLabelSelector(canonicalRequirements(s.requirements))
  return formatSelector(Object.fromEntries(Object.entries(s.selector).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))))
}
