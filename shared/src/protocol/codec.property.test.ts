import fc from 'fast-check'
import type { TSchema } from 'typebox'
import { Compile, type Validator } from 'typebox/compile'
import { describe, expect, it } from 'vitest'
import { agentMessages } from './agent-messages'
import { agentMessageArb, agentMessageArbs, serverMessageArb, serverMessageArbs } from './arbitraries'
import { decodeAgentMessage, decodeServerMessage, encodeAgentMessage, encodeServerMessage, type DecodeResult } from './codec'
import { ProtocolError, protocolErrorCodes } from './errors'
import { agentMessageTypes, serverMessageTypes, type AgentMessage, type ServerMessage } from './messages'
import { serverMessages } from './server-messages'
import { closeRecords } from './wire-schema'

// Round trips for every message type in both directions, then random damage: each kind of
// mutation is refused with its code, the message names the damaged path, and nothing ever throws.

type JsonSchema = Record<string, unknown>
type Segment = string | number
type AnyMessage = AgentMessage | ServerMessage

interface Side {
  name: string
  types: readonly string[]
  catalogue: Record<string, TSchema>
  otherTypes: readonly string[]
  arb: fc.Arbitrary<AnyMessage>
  arbs: Record<string, fc.Arbitrary<AnyMessage>>
  encode: (m: AnyMessage, options?: { maxBytes?: number }) => string
  decode: (raw: Parameters<typeof decodeAgentMessage>[0], options?: Parameters<typeof decodeAgentMessage>[1]) => DecodeResult<AnyMessage>
}

const sides: Side[] = [
  {
    name: 'agent → control plane',
    types: agentMessageTypes,
    catalogue: agentMessages,
    otherTypes: serverMessageTypes,
    arb: agentMessageArb,
    arbs: agentMessageArbs,
    encode: (m, o) => encodeAgentMessage(m.type as never, m.payload as never, { id: m.id, ts: m.ts, ...o }),
    decode: decodeAgentMessage,
  },
  {
    name: 'control plane → agent',
    types: serverMessageTypes,
    catalogue: serverMessages,
    otherTypes: agentMessageTypes,
    arb: serverMessageArb,
    arbs: serverMessageArbs,
    encode: (m, o) => encodeServerMessage(m.type as never, m.payload as never, { id: m.id, ts: m.ts, ...o }),
    decode: decodeServerMessage,
  },
]

/** An independent rendering of paths, as the codec documents them: a.b[0]["odd key"]. */
function pathText(path: readonly Segment[]): string {
  return path
    .map((s, i) => {
      if (typeof s === 'number') return `[${s}]`
      if (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(s)) return i === 0 ? s : `.${s}`
      return `[${JSON.stringify(s)}]`
    })
    .join('')
}

/** True when `message` reports a problem at `path` or below it. */
function names(message: string, path: readonly Segment[]): boolean {
  const p = pathText(path)
  return [':', '.', '['].some((next) => message.includes(p + next))
}

function refusal(result: DecodeResult<AnyMessage>): ProtocolError {
  if (result.ok) throw new Error(`accepted: ${JSON.stringify(result.message).slice(0, 300)}`)
  expect(result.error).toBeInstanceOf(ProtocolError)
  expect(protocolErrorCodes).toContain(result.error.code)
  return result.error
}

// --- mutation sites, found by walking a message together with its wire schema ---------------

type Site =
  | { kind: 'drop'; path: Segment[]; key: string }
  | { kind: 'extra'; path: Segment[] }
  | { kind: 'retype'; path: Segment[]; schema: JsonSchema }

function sitesOf(schema: JsonSchema, value: unknown, path: Segment[], out: Site[]): Site[] {
  if ('const' in schema || 'anyOf' in schema) {
    out.push({ kind: 'retype', path, schema })
    return out
  }
  if (schema.type === undefined) return out // Type.Unknown: anything goes
  out.push({ kind: 'retype', path, schema })
  if (schema.type === 'array' && Array.isArray(value)) {
    value.forEach((item, i) => sitesOf(schema.items as JsonSchema, item, [...path, i], out))
  } else if (schema.type === 'object' && typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>
    if (schema.properties !== undefined) {
      const properties = schema.properties as Record<string, JsonSchema>
      out.push({ kind: 'extra', path })
      for (const key of (schema.required ?? []) as string[]) out.push({ kind: 'drop', path, key })
      for (const key of Object.keys(record)) sitesOf(properties[key]!, record[key], [...path, key], out)
    }
    if (schema.patternProperties !== undefined) {
      const [sub] = Object.values(schema.patternProperties as Record<string, JsonSchema>)
      for (const key of Object.keys(record)) sitesOf(sub!, record[key], [...path, key], out)
    }
  }
  return out
}

const validators = new Map<JsonSchema, Validator>()
const wrongValues: unknown[] = [true, 'x', 12345.5, null, [], {}, -1, 'zz-zz-zz-zz']

/** A value of the wrong type (or out of range) for `schema`. */
function wrongValueFor(schema: JsonSchema): unknown {
  let v = validators.get(schema)
  if (v === undefined) validators.set(schema, (v = Compile(schema as TSchema)))
  const wrong = wrongValues.find((c) => !v.Check(c))
  if (wrong === undefined) throw new Error(`no wrong value for ${JSON.stringify(schema)}`)
  return wrong
}

function parentOf(root: Record<string, unknown>, path: readonly Segment[]): Record<string | number, unknown> {
  let node: unknown = root
  for (const s of path) node = (node as Record<string | number, unknown>)[s]
  return node as Record<string | number, unknown>
}

for (const side of sides) {
  const wireSchemas = new Map(Object.entries(side.catalogue).map(([t, s]) => [t, closeRecords(s) as JsonSchema]))

  describe(`${side.name}`, () => {
    for (const type of side.types) {
      it(`round-trips ${type}: decode(encode(m)) deep-equals m, as text and as bytes`, () => {
        fc.assert(
          fc.property(side.arbs[type]!, (m) => {
            const text = side.encode(m)
            const fromText = side.decode(text)
            if (!fromText.ok) throw fromText.error
            expect(fromText.message).toStrictEqual(m)
            const fromBytes = side.decode(Buffer.from(text, 'utf8'))
            expect(fromBytes.ok && fromBytes.message).toStrictEqual(m)
          }),
        )
      })
    }

    it('refuses a payload with a dropped required property, an extra property or a wrong-typed value, naming the path', () => {
      const cases = side.arb.chain((m) => {
        const sites = sitesOf(wireSchemas.get(m.type)!, m.payload, ['payload'], [])
        return fc.tuple(fc.constant(m), fc.constantFrom(...sites))
      })
      fc.assert(
        fc.property(cases, ([m, site]) => {
          const damaged = structuredClone(m) as unknown as Record<string, unknown>
          let expected: string
          if (site.kind === 'drop') {
            delete parentOf(damaged, site.path)[site.key]
            expected = `${pathText([...site.path, site.key])}: required property missing`
          } else if (site.kind === 'extra') {
            parentOf(damaged, site.path).zz_extra = 1
            expected = `${pathText([...site.path, 'zz_extra'])}: unknown property`
          } else {
            const parent = parentOf(damaged, site.path.slice(0, -1))
            parent[site.path.at(-1)!] = wrongValueFor(site.schema)
            expected = ''
          }
          const error = refusal(side.decode(JSON.stringify(damaged)))
          expect(error.code).toBe('bad_payload')
          expect(error.id).toBe(m.id)
          if (expected !== '') expect(error.message).toContain(expected)
          else expect(names(error.message, site.path), error.message).toBe(true)
        }),
        { numRuns: 300 },
      )
    })

    it('refuses damage to the envelope with the matching code', () => {
      const damage = fc.oneof(
        fc.record({ field: fc.constant('v'), value: fc.integer({ min: 2 }), code: fc.constant('unsupported_version') }),
        fc.record({
          field: fc.constant('v'),
          value: fc.constantFrom(0, -1, 1.5, '1', null, true, [1]),
          code: fc.constant('bad_envelope'),
        }),
        fc.record({
          field: fc.constant('type'),
          value: fc.string({ minLength: 1, maxLength: 64 }).filter((t) => !side.types.includes(t)),
          code: fc.constant('unknown_type'),
        }),
        fc.record({ field: fc.constant('type'), value: fc.constantFrom(...side.otherTypes), code: fc.constant('unknown_type') }),
        fc.record({
          field: fc.constant('type'),
          value: fc.constantFrom('', 'x'.repeat(65), 7, null),
          code: fc.constant('bad_envelope'),
        }),
        fc.record({
          field: fc.constantFrom('id', 'ts', 'payload', 'type', 'v'),
          value: fc.constant(undefined), // dropped
          code: fc.constant('bad_envelope'),
        }),
        fc.record({
          field: fc.constant('id'),
          value: fc.constantFrom('short', 'has space!', 'x'.repeat(65), 12345678, null),
          code: fc.constant('bad_envelope'),
        }),
        fc.record({
          field: fc.constant('ts'),
          value: fc.constantFrom(-1, 1.5, '1700000000000', 9e15, null),
          code: fc.constant('bad_envelope'),
        }),
        fc.record({ field: fc.constantFrom('extra', 'payload_v2'), value: fc.jsonValue(), code: fc.constant('bad_envelope') }),
      )
      fc.assert(
        fc.property(side.arb, damage, (m, { field, value, code }) => {
          const damaged: Record<string, unknown> = { ...m, [field]: value }
          if (value === undefined) delete damaged[field]
          const error = refusal(side.decode(JSON.stringify(damaged)))
          expect(error.code).toBe(code)
          if (code === 'bad_envelope') expect(names(error.message, [field]), error.message).toBe(true)
          if (code === 'unknown_type') expect(error.message).toContain(JSON.stringify(value))
        }),
        { numRuns: 300 },
      )
    })

    it('refuses truncated JSON as bad_json', () => {
      fc.assert(
        fc.property(side.arb, fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (m, at) => {
          const text = side.encode(m)
          expect(refusal(side.decode(text.slice(0, Math.floor(at * text.length)))).code).toBe('bad_json')
        }),
      )
    })

    it('refuses frames over the size limit as too_large, before parsing', () => {
      fc.assert(
        fc.property(side.arb, fc.nat({ max: 100 }), (m, pad) => {
          const text = side.encode(m)
          const bytes = Buffer.byteLength(text)
          expect(side.decode(text, { maxBytes: bytes }).ok).toBe(true)
          expect(refusal(side.decode(text, { maxBytes: bytes - 1 })).code).toBe('too_large')
          // Still valid JSON, only padded: size alone decides.
          expect(refusal(side.decode(text + ' '.repeat(pad + 1), { maxBytes: bytes })).code).toBe('too_large')
          expect(() => side.encode(m, { maxBytes: bytes - 1 })).toThrow(/over the \d+-byte limit/)
        }),
      )
    })

    it('refuses deeply nested junk as too_large and prototype keys as bad_payload, without throwing', () => {
      fc.assert(
        fc.property(side.arb, fc.integer({ min: 33, max: 20_000 }), fc.boolean(), (m, depth, inPayload) => {
          const junk = '['.repeat(depth) + ']'.repeat(depth)
          const text = inPayload
            ? JSON.stringify({ ...m, payload: 0 }).replace('"payload":0', `"payload":${junk}`)
            : JSON.stringify({ ...m, junk: 0 }).replace('"junk":0', `"junk":${junk}`)
          const error = refusal(side.decode(text))
          expect(error.code).toBe('too_large')
          expect(error.message).toContain(inPayload ? 'payload[0][0]' : 'junk[0][0]')

          const polluted = JSON.stringify(m).replace(/"payload":\{/, '"payload":{"__proto__":{"polluted":true},')
          expect(refusal(side.decode(polluted)).code).toBe('bad_payload')
          expect(({} as Record<string, unknown>).polluted).toBeUndefined()
        }),
        { numRuns: 50 },
      )
    })

    it('never throws on any input, and what it accepts re-encodes to the same message', () => {
      const inputs = fc.oneof(
        fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b)),
        fc.string({ unit: 'binary', maxLength: 300 }),
        fc.jsonValue().map((v) => JSON.stringify(v)),
        fc.jsonValue().map((payload) => JSON.stringify({ v: 1, type: side.types[0], id: '01HXAMPLE0000000000000000A', ts: 1, payload })),
        // A valid frame with random bytes overwritten: mostly refused, occasionally still valid.
        fc
          .tuple(side.arb, fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 }))
          .map(([m, edits]) => {
            const bytes = Buffer.from(side.encode(m))
            for (const [at, byte] of edits) bytes[at % bytes.length] = byte
            return bytes
          }),
      )
      fc.assert(
        fc.property(inputs, (raw) => {
          const result = side.decode(raw)
          if (!result.ok) {
            expect(result.error).toBeInstanceOf(ProtocolError)
            expect(protocolErrorCodes).toContain(result.error.code)
            return
          }
          const again = side.decode(side.encode(result.message))
          expect(again.ok && again.message).toStrictEqual(result.message)
        }),
        { numRuns: 1000 },
      )
    })

    it('encode returns a decodable frame or throws a ProtocolError, whatever it is given', () => {
      const anything = fc.anything({
        withBigInt: true,
        withDate: true,
        withMap: true,
        withSet: true,
        withNullPrototype: true,
        withSparseArray: true,
        withTypedArray: true,
        withBoxedValues: true,
      })
      fc.assert(
        fc.property(fc.constantFrom(...side.types), anything, fc.option(fc.string()), (type, payload, id) => {
          let text: string
          try {
            text = side.encode({ v: 1, type, id: id ?? undefined, payload } as unknown as AnyMessage)
          } catch (err) {
            expect(err).toBeInstanceOf(ProtocolError)
            return
          }
          expect(side.decode(text).ok).toBe(true)
        }),
        { numRuns: 500 },
      )
    })
  })
}
