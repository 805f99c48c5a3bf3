import { listLimits, textLimits, type ListLimit, type TextLimit } from './limits'

/**
 * Clips what a producer sends to the limit its schema accepts (./limits.ts), instead of a
 * `.slice(0, N)` that restates the number. Text is also made storable: a NUL character, which
 * PostgreSQL cannot hold in text or jsonb, becomes U+FFFD, so an event can never be refused for it.
 *
 * Clipping never splits a surrogate pair, and a clipped text ends in "…" so a reader sees it was cut.
 */
export function fit(text: string, limit: TextLimit | number): string {
  const max = typeof limit === 'number' ? limit : textLimits[limit]
  const clean = text.includes('\u0000') ? text.replaceAll('\u0000', '\uFFFD') : text
  if (clean.length <= max) return clean
  if (max <= 1) return clean.slice(0, Math.max(0, max))
  let end = max - 1
  // Do not leave half of a surrogate pair at the end.
  const last = clean.charCodeAt(end - 1)
  if (last >= 0xd800 && last <= 0xdbff) end--
  return `${clean.slice(0, end)}…`
}

/** The first `limit` items (a list is never padded or reordered). */
export function fitList<T>(items: readonly T[], limit: ListLimit | number): T[] {
  const max = typeof limit === 'number' ? limit : listLimits[limit]
  return items.length <= max ? [...items] : items.slice(0, max)
}

/** `fit` on the keys and values of a string record (keys that collide after clipping keep the first). */
export function fitRecord(record: Readonly<Record<string, string>>, keyLimit: TextLimit | number, valueLimit: TextLimit | number): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(record)) {
    const key = fit(k, keyLimit)
    if (!Object.hasOwn(out, key)) out[key] = fit(v, valueLimit)
  }
  return out
}
