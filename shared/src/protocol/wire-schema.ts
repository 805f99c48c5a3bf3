import type { TSchema } from 'typebox'
import { Compile, type Validator } from 'typebox/compile'

/**
 * The schemas as enforced on the wire. TypeBox's `Type.Record` only constrains the keys that match
 * its key pattern and lets any other key through, so `metrics: {"CPU": 1}` or a label key `-x`
 * would pass. On the wire every object is closed: each record gets `additionalProperties: false`.
 * The shared schema constants stay untouched (others compose them); only these copies are compiled.
 */
export function closeRecords(schema: TSchema): TSchema {
  return close(JSON.parse(JSON.stringify(schema)) as unknown) as TSchema
}

function close(node: unknown): unknown {
  if (Array.isArray(node)) {
    for (const item of node) close(item)
  } else if (typeof node === 'object' && node !== null) {
    const schema = node as Record<string, unknown>
    if ('patternProperties' in schema && !('additionalProperties' in schema)) schema.additionalProperties = false
    for (const value of Object.values(schema)) close(value)
  }
  return node
}

/** Compiles on first use: importing the package stays cheap for code that only needs the types. */
export function lazyValidator(schema: TSchema): () => Validator {
  let compiled: Validator | undefined
  return () => (compiled ??= Compile(closeRecords(schema)))
}
