import type { PathSegment } from './path'

/**
 * Checks that TypeBox schemas cannot express, over a whole JSON value, without recursion (a hostile
 * frame of a million `[` must not blow the stack):
 * - nesting depth: `Type.Unknown()` fields (action params, results) accept any JSON, and deeply nested
 *   values later crash `JSON.stringify` (it recurses) when they are stored or re-sent;
 * - prototype-pollution keys: `JSON.parse` keeps `__proto__` as an own key, and a later
 *   `Object.assign` or naive merge of the payload would then replace an object's prototype.
 *   `constructor.prototype` is refused for the same reason (as fastify's secure-json-parse does).
 */
export type GuardViolation =
  | { kind: 'too_deep'; path: PathSegment[]; limit: number }
  | { kind: 'forbidden_key'; path: PathSegment[]; key: string }

interface Frame {
  value: object
  depth: number
  parent: Frame | undefined
  key: PathSegment | undefined
}

export function guardJson(root: unknown, maxDepth: number): GuardViolation | undefined {
  if (typeof root !== 'object' || root === null) return undefined
  const stack: Frame[] = [{ value: root, depth: 1, parent: undefined, key: undefined }]
  for (let frame = stack.pop(); frame !== undefined; frame = stack.pop()) {
    if (frame.depth > maxDepth) return { kind: 'too_deep', path: pathOf(frame), limit: maxDepth }
    const { value, depth } = frame
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        const child: unknown = value[i]
        if (typeof child === 'object' && child !== null) stack.push({ value: child, depth: depth + 1, parent: frame, key: i })
      }
      continue
    }
    const record = value as Record<string, unknown>
    for (const key of Object.keys(record)) {
      const child = record[key]
      if (key === '__proto__') return { kind: 'forbidden_key', path: [...pathOf(frame), key], key }
      if (typeof child !== 'object' || child === null) continue
      if (key === 'constructor' && !Array.isArray(child) && Object.hasOwn(child, 'prototype')) {
        return { kind: 'forbidden_key', path: [...pathOf(frame), key, 'prototype'], key: 'constructor.prototype' }
      }
      stack.push({ value: child, depth: depth + 1, parent: frame, key })
    }
  }
  return undefined
}

function pathOf(frame: Frame): PathSegment[] {
  const path: PathSegment[] = []
  for (let f: Frame | undefined = frame; f?.key !== undefined; f = f.parent) path.push(f.key)
  return path.reverse()
}
