import fc from 'fast-check'
import type { TSchema } from 'typebox'
import { agentMessages, type AgentMessageType } from './agent-messages'
import { MessageId, PROTOCOL_VERSION, Timestamp } from './envelope'
import { guardJson } from './json-guard'
import type { AgentMessage, ServerMessage } from './messages'
import { serverMessages, type ServerMessageType } from './server-messages'

/**
 * fast-check arbitraries derived from the protocol schemas themselves, so every message type —
 * including ones appended later — gets generated values that respect patterns, lengths, integer
 * bounds, required/optional properties and closed objects. Test-only (imports fast-check); not
 * re-exported from the package index. Agent outbox and gateway tests can reuse them.
 *
 * Covers the JSON Schema subset the protocol uses: const, anyOf, object (properties or one
 * patternProperties), array, string (pattern, min/maxLength), integer, number, boolean, null, and
 * `{}` (Type.Unknown, filled with small JSON values). Anything else throws, so a new schema feature
 * is noticed rather than silently generated wrong.
 */
type JsonSchema = Record<string, unknown>

/** Keeps generated messages small: arrays get at most this many items beyond their minimum. */
const EXTRA_ITEMS = 3
const MAX_RECORD_KEYS = 4
const MAX_FREE_STRING = 24

export function arbitraryFromSchema(schema: TSchema | JsonSchema): fc.Arbitrary<unknown> {
  // Plain JSON: drops TypeBox's non-enumerable markers so only JSON Schema keywords remain.
  return derive(JSON.parse(JSON.stringify(schema)) as JsonSchema, '#')
}

function derive(s: JsonSchema, where: string): fc.Arbitrary<unknown> {
  if ('const' in s) return fc.constant(s.const)
  if (Array.isArray(s.anyOf)) return fc.oneof(...s.anyOf.map((b, i) => derive(b as JsonSchema, `${where}/anyOf/${i}`)))
  switch (s.type) {
    case 'object':
      return objectArb(s, where)
    case 'array': {
      const min = num(s.minItems) ?? 0
      const max = Math.min(num(s.maxItems) ?? Infinity, min + EXTRA_ITEMS)
      return fc.array(derive(s.items as JsonSchema, `${where}/items`), { minLength: min, maxLength: max })
    }
    case 'string':
      return stringArb(s)
    case 'integer': {
      const min = num(s.minimum) ?? Number.MIN_SAFE_INTEGER
      const max = num(s.maximum) ?? Number.MAX_SAFE_INTEGER
      return fc.bigInt({ min: BigInt(min), max: BigInt(max) }).map(Number)
    }
    case 'number': {
      const constraints: fc.DoubleConstraints = { noNaN: true, noDefaultInfinity: true }
      if (num(s.minimum) !== undefined) constraints.min = num(s.minimum)!
      if (num(s.maximum) !== undefined) constraints.max = num(s.maximum)!
      // JSON has no -0: it arrives as 0, which is the same measurement.
      return fc.double(constraints).map((x) => (x === 0 ? 0 : x))
    }
    case 'boolean':
      return fc.boolean()
    case 'null':
      return fc.constant(null)
    case undefined:
      if (Object.keys(s).length === 0) return unknownJson
  }
  throw new Error(`arbitraryFromSchema: unsupported schema at ${where}: ${JSON.stringify(s).slice(0, 200)}`)
}

/** Type.Unknown(): small JSON values as they would arrive (no -0, no prototype-pollution keys). */
const unknownJson = fc
  .jsonValue({ maxDepth: 2 })
  .map((v) => JSON.parse(JSON.stringify(v)) as unknown)
  .filter((v) => guardJson(v, 8) === undefined)

function objectArb(s: JsonSchema, where: string): fc.Arbitrary<unknown> {
  const patterns = (s.patternProperties ?? {}) as Record<string, JsonSchema>
  const properties = (s.properties ?? {}) as Record<string, JsonSchema>
  const patternKeys = Object.keys(patterns)
  if (patternKeys.length > 0) {
    if (patternKeys.length > 1 || Object.keys(properties).length > 0) {
      throw new Error(`arbitraryFromSchema: mixed object at ${where} is not supported`)
    }
    const pattern = patternKeys[0]!
    // A valid message never carries `__proto__` (the codec refuses it), so neither do generated keys.
    const key = patternString(pattern, 0, Infinity).filter((k) => k !== '__proto__')
    return fc.dictionary(key, derive(patterns[pattern]!, `${where}/patternProperties`), {
      maxKeys: MAX_RECORD_KEYS,
      noNullPrototype: true,
    })
  }
  const shape: Record<string, fc.Arbitrary<unknown>> = {}
  for (const [key, sub] of Object.entries(properties)) shape[key] = derive(sub, `${where}/properties/${key}`)
  return fc.record(shape, { requiredKeys: (s.required ?? []) as string[], noNullPrototype: true })
}

function stringArb(s: JsonSchema): fc.Arbitrary<string> {
  const min = num(s.minLength) ?? 0
  const max = num(s.maxLength) ?? Infinity
  if (typeof s.pattern === 'string') return patternString(s.pattern, min, max)
  // 'binary' covers all of Unicode, astral planes included; lengths count code points, as TypeBox does.
  return fc.string({ unit: 'binary', minLength: min, maxLength: Math.min(max, min + MAX_FREE_STRING) })
}

function patternString(pattern: string, min: number, max: number): fc.Arbitrary<string> {
  // TypeBox matches patterns in unicode mode and measures length in code points; filter to the
  // exact rule so a generated value can never be one the validator refuses.
  const exact = new RegExp(pattern, 'u')
  return fc.stringMatching(new RegExp(pattern)).filter((x) => {
    const length = [...x].length
    return length >= min && length <= max && exact.test(x)
  })
}

function num(v: unknown): number | undefined {
  return typeof v === 'number' ? v : undefined
}

// ---------------------------------------------------------------------------------------------

export const messageIdArb = arbitraryFromSchema(MessageId) as fc.Arbitrary<string>
export const timestampArb = arbitraryFromSchema(Timestamp) as fc.Arbitrary<number>

function messageArb<T extends string>(type: T, payload: TSchema) {
  return fc.record(
    {
      v: fc.constant(PROTOCOL_VERSION),
      type: fc.constant(type),
      id: messageIdArb,
      ts: timestampArb,
      payload: arbitraryFromSchema(payload),
    },
    { noNullPrototype: true },
  )
}

export const agentMessageArbs = Object.fromEntries(
  Object.entries(agentMessages).map(([type, schema]) => [type, messageArb(type, schema)]),
) as unknown as { [T in AgentMessageType]: fc.Arbitrary<Extract<AgentMessage, { type: T }>> }

export const serverMessageArbs = Object.fromEntries(
  Object.entries(serverMessages).map(([type, schema]) => [type, messageArb(type, schema)]),
) as unknown as { [T in ServerMessageType]: fc.Arbitrary<Extract<ServerMessage, { type: T }>> }

export const agentMessageArb: fc.Arbitrary<AgentMessage> = fc.oneof(...Object.values(agentMessageArbs))
export const serverMessageArb: fc.Arbitrary<ServerMessage> = fc.oneof(...Object.values(serverMessageArbs))
