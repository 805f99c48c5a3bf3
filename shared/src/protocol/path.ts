/**
 * Paths in error messages, written the way a reader would type them in JavaScript:
 * `payload.samples[0].metrics["disk_percent:/var"]`.
 */
export type PathSegment = string | number

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/
const KEY_SHOWN_MAX = 64

export function formatPath(segments: readonly PathSegment[]): string {
  let out = ''
  for (const s of segments) {
    if (typeof s === 'number') out += `[${s}]`
    else if (IDENTIFIER.test(s)) out += out === '' ? s : `.${s}`
    // JSON.stringify escapes quotes and control characters, so a hostile key cannot forge a path.
    else out += `[${JSON.stringify(s.length > KEY_SHOWN_MAX ? `${s.slice(0, KEY_SHOWN_MAX)}…` : s)}]`
  }
  return out === '' ? '(message)' : out
}

/** RFC 6901 JSON pointer (as in TypeBox's `instancePath`) → segments; array indices become numbers. */
export function pointerSegments(pointer: string, value: unknown): PathSegment[] {
  if (pointer === '') return []
  const segments: PathSegment[] = []
  let node: unknown = value
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replaceAll('~1', '/').replaceAll('~0', '~')
    if (Array.isArray(node) && /^(0|[1-9][0-9]*)$/.test(key)) {
      segments.push(Number(key))
      node = node[Number(key)]
    } else {
      segments.push(key)
      node = isPlainObject(node) && Object.hasOwn(node, key) ? node[key] : undefined
    }
  }
  return segments
}

/** The value at `segments` below `root`, or undefined. Own properties only. */
export function valueAt(root: unknown, segments: readonly PathSegment[]): unknown {
  let node = root
  for (const s of segments) {
    if (Array.isArray(node) && typeof s === 'number') node = node[s]
    else if (isPlainObject(node) && typeof s === 'string' && Object.hasOwn(node, s)) node = node[s]
    else return undefined
  }
  return node
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/** `null`, `array`, `object`, or the `typeof` name; NaN and Infinity named as such. */
export function describeJsonType(v: unknown): string {
  if (v === null) return 'null'
  if (Array.isArray(v)) return 'array'
  if (typeof v === 'number' && !Number.isFinite(v)) return String(v)
  return typeof v
}
