import { Value } from 'typebox/value'
import { type ActionSpec, type ActionType, actionParams, actionTypes } from '../actions/catalog'
import { type PathedError, type Segment, checkKnownKeys, isPlainObject, show, suggest } from './validate-util'

/** The subset of JSON Schema the action catalogue uses, as we read it to word messages. */
interface SchemaLike {
  type?: string
  properties?: Record<string, SchemaLike>
  required?: string[]
  patternProperties?: Record<string, SchemaLike>
  anyOf?: SchemaLike[]
  const?: unknown
  minimum?: number
  maximum?: number
  minLength?: number
  maxLength?: number
  pattern?: string
}

const NAME_PATTERN = '^[A-Za-z0-9][A-Za-z0-9_.@-]*$'

/** "an integer from 1 to 100", "one of info, warning, critical", … */
function describe(s: SchemaLike): string {
  if (s.anyOf && s.anyOf.every((x) => x.const !== undefined)) return `one of ${s.anyOf.map((x) => String(x.const)).join(', ')}`
  switch (s.type) {
    case 'integer':
      return `an integer from ${s.minimum ?? '-∞'} to ${s.maximum ?? '∞'}`
    case 'number':
      return 'a number'
    case 'boolean':
      return 'true or false'
    case 'string':
      if (s.pattern === NAME_PATTERN) {
        return `a name of letters, digits and _ . @ - starting with a letter or digit (up to ${s.maxLength ?? 128} characters)`
      }
      return `a string of up to ${s.maxLength ?? '∞'} characters`
    case 'object':
      if (s.properties) return `an object with ${Object.keys(s.properties).join(' and/or ')}`
      return 'an object of string values'
    default:
      return 'a valid value'
  }
}

/** Check a value against a catalogue schema, naming each problem by its parameter path. */
function checkValue(schema: SchemaLike, v: unknown, at: Segment[], label: string, errs: PathedError[]): void {
  if (schema.type === 'object' && isPlainObject(v)) {
    if (schema.properties) {
      const allowed = Object.keys(schema.properties)
      for (const key of Object.keys(v)) {
        if (!allowed.includes(key)) {
          const names = allowed.length ? `parameters: ${allowed.join(', ')}` : 'it takes no parameters'
          errs.push({ at: [...at, key], message: `unknown parameter ${JSON.stringify(key)} for ${label}${suggest(key, allowed)}; ${names}` })
        }
      }
      for (const req of schema.required ?? []) {
        if (v[req] === undefined) {
          errs.push({ at: [...at, req], message: `${label} needs parameter ${JSON.stringify(req)}: ${describe(schema.properties[req]!)}` })
        }
      }
      for (const [key, sub] of Object.entries(schema.properties)) {
        if (v[key] !== undefined) checkValue(sub, v[key], [...at, key], `${label}.${key}`, errs)
      }
      return
    }
    if (schema.patternProperties) {
      const valueSchema = Object.values(schema.patternProperties)[0]
      if (valueSchema) for (const [key, val] of Object.entries(v)) checkValue(valueSchema, val, [...at, key], `${label}.${key}`, errs)
      return
    }
  }
  if (!Value.Check(schema as never, v)) {
    errs.push({ at, message: `${label} must be ${describe(schema)}, got ${show(v)}` })
  }
}

/** Check one action; accepts the YAML shorthand `send_alert` for `{type: send_alert}`. */
export function checkAction(input: unknown, at: Segment[], errs: PathedError[]): ActionSpec | null {
  const before = errs.length
  const spec = typeof input === 'string' ? { type: input } : input
  if (!isPlainObject(spec)) {
    errs.push({ at, message: `an action must be an action name or {type, params}, got ${show(input)}` })
    return null
  }
  const type = spec.type
  if (typeof type !== 'string' || !(actionTypes as readonly string[]).includes(type)) {
    const what = type === undefined ? 'an action needs a type' : `unknown action ${show(type)}${typeof type === 'string' ? suggest(type, actionTypes) : ''}`
    errs.push({ at: typeof input === 'string' ? at : [...at, 'type'], message: `${what}; actions: ${actionTypes.join(', ')}` })
    return null
  }
  const schema = actionParams[type as ActionType] as unknown as SchemaLike
  // Parameters written next to `type` instead of under `params` are a common slip in YAML.
  for (const key of Object.keys(spec)) {
    if (key !== 'type' && key !== 'params' && schema.properties && Object.hasOwn(schema.properties, key)) {
      errs.push({ at: [...at, key], message: `${JSON.stringify(key)} is a parameter of ${type}: put it under params (params: {${key}: ...})` })
    }
  }
  checkKnownKeys(
    Object.fromEntries(Object.entries(spec).filter(([k]) => !(schema.properties && Object.hasOwn(schema.properties, k)))),
    ['type', 'params'],
    at,
    'an action',
    errs,
  )
  const params = spec.params
  if (params !== undefined && !isPlainObject(params)) {
    errs.push({ at: [...at, 'params'], message: `params of ${type} must be an object, got ${show(params)}` })
    return null
  }
  checkValue(schema, params ?? {}, [...at, 'params'], type, errs)

  if (type === 'restart_container' && isPlainObject(params) && isPlainObject(params.selector)) {
    const sel = params.selector
    const hasLabels = isPlainObject(sel.labels) && Object.keys(sel.labels).length > 0
    if (sel.name === undefined && !hasLabels) {
      errs.push({
        at: [...at, 'params', 'selector'],
        message: 'restart_container selector must name a container or labels: an empty selector would match every container',
      })
    }
  }
  if (errs.length > before) return null
  return params === undefined ? { type: type as ActionType } : { type: type as ActionType, params: structuredClone(params) }
}
