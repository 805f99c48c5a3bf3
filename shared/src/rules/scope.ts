import type { Rule } from './schema'

export type ScopeMatch = { inScope: true } | { inScope: false; reason: string }

/**
 * Whether a rule applies to a host. Absent scope = every host. When both `hosts` and `labels` are
 * given the host must satisfy both (a scope only ever narrows; it is safer to act on too few hosts
 * than on too many). Labels match by exact value; every listed label must be present.
 */
export function matchScope(rule: Rule, host: { id: string; labels: Record<string, string> }): ScopeMatch {
  const scope = rule.scope
  if (!scope) return { inScope: true }
  if (scope.hosts && !scope.hosts.includes(host.id)) {
    return { inScope: false, reason: `out of scope: host ${host.id} is not in the rule's host list` }
  }
  if (scope.labels) {
    for (const [key, want] of Object.entries(scope.labels)) {
      const have = Object.hasOwn(host.labels, key) ? host.labels[key] : undefined
      if (have !== want) {
        const got = have === undefined ? 'the host has no such label' : `the host has ${key}=${have}`
        return { inScope: false, reason: `out of scope: rule needs label ${key}=${want}, ${got}` }
      }
    }
  }
  return { inScope: true }
}
