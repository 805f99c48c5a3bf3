/**
 * A PostgreSQL array literal (`{"a","b",NULL}`) passed as ONE text parameter and cast in SQL
 * (`$1::text::float8[]`). Both drivers send text parameters the same way, whereas their array
 * serialisation differs (drizzle's postgres-js driver replaces the client's serializers).
 */
export function pgArrayLiteral(values: readonly (string | number | null | undefined)[]): string {
  const items = values.map((v) => {
    if (v === null || v === undefined) return 'NULL'
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) return 'NULL'
      return String(v)
    }
    return `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`
  })
  return `{${items.join(',')}}`
}
