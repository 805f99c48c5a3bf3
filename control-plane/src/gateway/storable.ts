// PostgreSQL cannot hold a NUL in text or jsonb, nor a lone UTF-16 surrogate in jsonb (JSON.stringify
// writes it as an escape jsonb refuses). An event carrying one was refused by the database and
// re-sent forever, blocking the agent's outbox behind it. Every inbound payload is made storable
// here, at the WebSocket boundary, the way shared's `fit` does for what the agent sends: each such
// character becomes U+FFFD, so the event is stored with a visible mark instead of lost.

// eslint-disable-next-line no-control-regex -- matching NUL is the point
const unstorable = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g

export function storableText(s: string): string {
  return s.replace(unstorable, '\uFFFD')
}

/** A copy of a decoded JSON value with every string (keys too) made storable; the same value when nothing needed it. */
export function storable<T>(value: T): T {
  return clean(value) as T
}

function clean(v: unknown): unknown {
  if (typeof v === 'string') return storableText(v)
  if (Array.isArray(v)) {
    let out: unknown[] | undefined
    v.forEach((item, i) => {
      const c = clean(item)
      if (c !== item) (out ??= [...v])[i] = c
    })
    return out ?? v
  }
  if (v !== null && typeof v === 'object') {
    let changed = false
    const out: Record<string, unknown> = {}
    for (const [k, item] of Object.entries(v)) {
      const key = storableText(k)
      const c = clean(item)
      if (key !== k || c !== item) changed = true
      out[key] = c
    }
    return changed ? out : v
  }
  return v
}
