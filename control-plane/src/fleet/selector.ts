import { asEqualityMap, parseLabelSelector, selectorMatchesLabels, SelectorSyntaxError, type SelectorRequirement } from '@smartcloudops/shared/label-selector'

/**
 * Label selectors as people type them in a query string, in the Kubernetes grammar (see
 * shared/src/label-selector.ts): parsed once at the edge. Overrides and model assignments store
 * equality selectors (`{env: 'prod'}`); listing and targeting take the whole grammar.
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
