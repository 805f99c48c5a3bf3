import type { Database } from '../client'

/**
 * Tables whose content only an accepted request may change (the audit log records refused ones
 * too, and the event tables are written by agents, not the API).
 */
const guarded = ['settings', 'ruleset_versions', 'overrides', 'hosts', 'api_tokens', 'enrollment_tokens', 'agent_credentials', 'models', 'model_assignments'] as const

/** Columns any authenticated request writes, accepted or not: bookkeeping, not content. */
const bookkeeping: Partial<Record<(typeof guarded)[number], string[]>> = { api_tokens: ['last_used_at'] }

/** One digest per guarded table (md5 of its rows as text, in key order), for "unchanged" checks in tests. */
export async function storedDigest(database: Database): Promise<Record<string, string>> {
  const row = (t: (typeof guarded)[number]) => (bookkeeping[t] ?? []).reduce((expr, c) => `(${expr} - '${c}')`, 'to_jsonb(x)') + '::text'
  const parts = guarded.map((t) => `select '${t}' as t, coalesce(md5(string_agg(${row(t)}, ',' order by ${row(t)})), '') as d from ${t} x`)
  const rows = await database.query<{ t: string; d: string }>(parts.join(' union all '))
  return Object.fromEntries(rows.map((r) => [r.t, r.d]))
}
