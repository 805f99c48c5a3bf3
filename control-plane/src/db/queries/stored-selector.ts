import { and, isNull, sql, type Column } from 'drizzle-orm'
import type { StoredSelector } from '../../fleet/selector'

/**
 * "Exactly this target" for overrides and model assignments: the selector by jsonb equality (key
 * order does not matter), the requirements as stored, canonical (fleet/selector.ts), or both null.
 */
export function sameStoredSelector(t: { selector: Column; requirements: Column }, s: StoredSelector) {
  return and(
    sql`${t.selector} = ${JSON.stringify(s.selector)}::jsonb`,
    s.requirements ? sql`${t.requirements} = ${JSON.stringify(s.requirements)}::jsonb` : isNull(t.requirements),
  )
}
