/** Output for people (aligned tables) and for scripts (`--json`: the API's data, as is). */
export interface Out {
  json: boolean
  write(text: string): void
}

export function table(rows: readonly (readonly unknown[])[], header: readonly string[]): string {
  const cells = [header, ...rows].map((r) => r.map((c) => (c === null || c === undefined ? '-' : String(c))))
  const widths = header.map((_, i) => Math.max(...cells.map((r) => r[i]!.length)))
  return cells.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('  ')).join('\n') + '\n'
}

export function labels(l: Record<string, string> | undefined): string {
  const s = Object.entries(l ?? {})
    .map(([k, v]) => `${k}=${v}`)
    .join(',')
  return s || '-'
}

/** "3m ago" for people; ISO stays in --json. */
export function ago(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return 'never'
  const s = Math.round((now - new Date(iso).getTime()) / 1000)
  if (s < 0) return `in ${fmt(-s)}`
  return `${fmt(s)} ago`
}

function fmt(s: number): string {
  if (s < 90) return `${s}s`
  if (s < 90 * 60) return `${Math.round(s / 60)}m`
  if (s < 36 * 3600) return `${Math.round(s / 3600)}h`
  return `${Math.round(s / 86400)}d`
}
