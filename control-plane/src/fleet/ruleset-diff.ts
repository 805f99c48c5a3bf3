import { isDeepStrictEqual } from 'node:util'
import type { Rule } from '@smartcloudops/shared'

export interface RulesetDiff {
  added: Rule[]
  removed: Rule[]
  changed: { name: string; fields: string[]; before: Rule; after: Rule }[]
  unchanged: string[]
}

/** Rules are identified by name; a changed rule lists the fields that differ. */
export function diffRulesets(before: readonly Rule[], after: readonly Rule[]): RulesetDiff {
  const old = new Map(before.map((r) => [r.name, r]))
  const neu = new Map(after.map((r) => [r.name, r]))
  const out: RulesetDiff = { added: [], removed: [], changed: [], unchanged: [] }
  for (const r of after) {
    const o = old.get(r.name)
    if (!o) out.added.push(r)
    else if (isDeepStrictEqual(o, r)) out.unchanged.push(r.name)
    else {
      const keys = new Set([...Object.keys(o), ...Object.keys(r)]) as Set<keyof Rule>
      const fields = [...keys].filter((k) => !isDeepStrictEqual(o[k], r[k])).sort()
      out.changed.push({ name: r.name, fields, before: o, after: r })
    }
  }
  for (const r of before) if (!neu.has(r.name)) out.removed.push(r)
  return out
}
