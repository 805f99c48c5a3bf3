import fc from 'fast-check'
import type { App } from '../src/http/types'

/**
 * Malformed requests for every operation of the OpenAPI document, for the fuzz suite and
 * `pnpm bench:fuzz`. Each input is near a valid request (built from the operation's own schemas)
 * with hostile values mixed in where bugs live: NUL bytes, lone surrogates, numbers past every
 * bound, "Infinity", huge durations, deep nesting, wrong types, unknown fields.
 */
export interface FuzzRequest {
  method: string
  url: string
  body?: unknown
}

type Schema = Record<string, unknown>

interface Operation {
  method: string
  path: string
  pathParams: string[]
  query: Record<string, Schema>
  body?: Schema
}

const hostileString = fc.constantFrom(
  '\u0000',
  'a\u0000b',
  '\ud800',
  '99999999999d',
  '50d',
  'Infinity',
  '-Infinity',
  'NaN',
  '1e309',
  '-1',
  '9'.repeat(40),
  '../../etc/passwd',
  "'; drop table hosts; --",
  '%00',
  '',
  ' ',
  'x'.repeat(5000),
  '2026-13-45T99:99:99Z',
  '0000-00-00T00:00:00Z',
  '{"$ne":null}',
)
const hostileNumber = fc.constantFrom(1e308, -1e308, 2 ** 31, 2 ** 53 + 1, -(2 ** 31) - 1, 99_999_999_999, 0.5, -0.0, 1e-320)
const hostile: fc.Arbitrary<unknown> = fc.oneof(
  hostileString,
  hostileNumber,
  fc.constantFrom(null, true, false, [], {}, [[[[[[]]]]]], { a: { b: { c: { d: '\u0000' } } } }),
  fc.string({ unit: 'binary', maxLength: 40 }),
)

/** Something close to what `schema` accepts, with a hostile value now and then. */
function valueFor(schema: Schema | undefined, depth = 0): fc.Arbitrary<unknown> {
  if (!schema || depth > 4) return hostile
  const near = nearValue(schema, depth)
  return fc.oneof({ arbitrary: near, weight: 3 }, { arbitrary: hostile, weight: 1 })
}

function nearValue(s: Schema, depth: number): fc.Arbitrary<unknown> {
  const branches = (s.anyOf ?? s.oneOf) as Schema[] | undefined
  if (branches?.length) return fc.oneof(...branches.map((b) => valueFor(b, depth + 1)))
  if ('const' in s) return fc.constant(s.const)
  if (Array.isArray(s.enum)) return fc.constantFrom(...(s.enum as unknown[]))
  switch (s.type) {
    case 'string':
      return fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom('15m', '2026-01-01T00:00:00Z', 'env=prod', 'host_x', 'cpu_percent'))
    case 'integer':
      return fc.oneof(fc.integer({ min: -5, max: 2000 }), fc.integer())
    case 'number':
      return fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer({ min: -5, max: 100 }))
    case 'boolean':
      return fc.boolean()
    case 'array':
      return fc.array(valueFor(s.items as Schema, depth + 1), { maxLength: 4 })
    case 'object': {
      const props = (s.properties ?? {}) as Record<string, Schema>
      const model = Object.fromEntries(Object.entries(props).map(([k, v]) => [k, valueFor(v, depth + 1)]))
      return fc.record(model, { requiredKeys: [] }).chain((o) =>
        fc.option(fc.tuple(fc.constantFrom('colour', 'a\u0000', '__proto__', 'constructor'), hostile), { nil: undefined }).map((extra) => (extra ? { ...o, [extra[0]]: extra[1] } : o)),
      )
    }
    default:
      return hostile
  }
}

export function operationsOf(doc: { paths?: Record<string, Record<string, unknown>> }): Operation[] {
  const out: Operation[] = []
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const [method, raw] of Object.entries(item)) {
      const op = raw as { parameters?: { in: string; name: string; schema?: Schema }[]; requestBody?: { content?: Record<string, { schema?: Schema }> } }
      const params = op.parameters ?? []
      out.push({
        method: method.toUpperCase(),
        path,
        pathParams: params.filter((p) => p.in === 'path').map((p) => p.name),
        query: Object.fromEntries(params.filter((p) => p.in === 'query').map((p) => [p.name, p.schema ?? {}])),
        body: op.requestBody?.content?.['application/json']?.schema,
      })
    }
  }
  return out
}

/** Percent-encoded; a lone surrogate (not encodable as UTF-8) goes out as the invalid bytes it would be. */
function enc(v: unknown): string {
  const text = typeof v === 'string' ? v : (JSON.stringify(v) ?? '')
  try {
    return encodeURIComponent(text)
  } catch {
    return text.split('').map((c) => (/[\ud800-\udfff]/.test(c) ? '%ED%A0%80' : encodeURIComponent(c))).join('')
  }
}

function requestFor(op: Operation, ids: fc.Arbitrary<string>): fc.Arbitrary<FuzzRequest> {
  const pathValues = fc.tuple(...op.pathParams.map(() => fc.oneof(ids, hostileString, fc.string({ maxLength: 12 }))))
  const query = fc.record(Object.fromEntries(Object.entries(op.query).map(([k, v]) => [k, valueFor(v)])), { requiredKeys: [] })
  const body = op.body ? fc.oneof({ arbitrary: valueFor(op.body), weight: 4 }, { arbitrary: hostile, weight: 1 }) : fc.constant(undefined)
  return fc.tuple(op.pathParams.length ? pathValues : fc.constant([] as string[]), query, body).map(([pv, q, b]) => {
    let url = op.path
    op.pathParams.forEach((name, i) => (url = url.replace(`{${name}}`, enc(pv[i] || 'x'))))
    const qs = Object.entries(q)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${encodeURIComponent(k)}=${enc(v)}`)
      .join('&')
    return { method: op.method, url: qs ? `${url}?${qs}` : url, ...(b === undefined || op.method === 'GET' || op.method === 'DELETE' ? {} : { body: b }) }
  })
}

/** One arbitrary over every operation of the app's OpenAPI document; `ids` are real ids to aim at. */
export function fuzzRequests(app: App, ids: string[]): { arbitrary: fc.Arbitrary<FuzzRequest>; operations: number } {
  const ops = operationsOf(app.swagger() as never)
  const idArb = ids.length ? fc.constantFrom(...ids) : fc.constant('x')
  return { arbitrary: fc.oneof(...ops.map((op) => requestFor(op, idArb))), operations: ops.length }
}
