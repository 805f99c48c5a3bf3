import type { Database } from '../client'

/**
 * Tables whose content only an accepted request may change (the audit log records refused ones
 * too, and the event tables are written by agents, not the API).
 */
const guarded = ['settings', 'ruleset_versions', 'overrides', 'hosts', 'api_tokens', 'enrollment_tokens', 'agent_credentials', 'models', 'model_assignments'] as const

/** One digest per guarded table (md5 of its rows as text, in key order), for "unchanged" checks in tests. */
export async function storedDigest(database: Database): Promise<Record<string, string>> {
  const parts = guarded.map((t) => `select '${t}' as t, coalesce(md5(string_agg(x::text, ',' order by x::text)), '') as d from ${t} x`)
  const rows = await database.query<{ t: string; d: string }>(parts.join(' union all '))
  return Object.fromEntries(rows.map((r) => [r.t, r.d]))
}
