/**
 * Turns the validator's first complaint into one sentence a caller can act on: the field by its
 * full path (`body.conditions[0].threshold`), and what would have been accepted — the allowed
 * values of an enum, the accepted forms of a duration, the limit that was passed.
 */
export interface ValidationItem {
  keyword: string
  instancePath: string
  message?: string
  params: Record<string, unknown>
  /** Present because the validator runs with `verbose` (app.ts). */
  parentSchema?: Record<string, unknown>
  schema?: unknown
}

/** `prefix` + `path`, with a separator unless the path starts with an index. */
export function joinPath(prefix: string, path: string): string {
  if (!path) return prefix
  if (!prefix || path.startsWith('[') || path.startsWith('.')) return `${prefix}${path}`
  return `${prefix}.${path}`
}

function pointerToPath(pointer: string): string {
  return pointer
    .split('/')
    .filter(Boolean)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((p) => (/^\d+$/.test(p) ? `[${p}]` : `.${p}`))
    .join('')
}

const show = (v: unknown) => JSON.stringify(v)

/** The literal values of a union of consts / enum, or undefined when it is not one. */
function allowedValues(schema: Record<string, unknown> | undefined): unknown[] | undefined {
  if (!schema) return undefined
  if (Array.isArray(schema.enum)) return schema.enum
  const branches = (schema.anyOf ?? schema.oneOf) as Record<string, unknown>[] | undefined
  if (!Array.isArray(branches) || branches.length === 0) return undefined
  const values: unknown[] = []
  for (const b of branches) {
    if ('const' in b) values.push(b.const)
    else if (Array.isArray(b.enum)) values.push(...b.enum)
    else return undefined
  }
  return values
}

function unionForms(schema: Record<string, unknown> | undefined): string {
  if (!schema) return 'a value of another form'
  if (typeof schema.description === 'string') return schema.description
  const branches = (schema.anyOf ?? schema.oneOf) as Record<string, unknown>[] | undefined
  const types = (branches ?? []).map((b) => (typeof b.type === 'string' ? b.type : 'another form'))
  return types.length ? [...new Set(types)].join(' or ') : 'a value of another form'
}

export function describeValidation(context: string | undefined, items: ValidationItem[]): string {
  if (items.length === 0) return 'request is invalid'
  // A union reports each branch's failure before its own: the union's item says what was wanted.
  // Only when the branches failed at the union's own path: a failure deeper inside one branch
  // (a field of an object) names the problem better.
  const union = items.find((i) => i.keyword === 'anyOf' || i.keyword === 'oneOf')
  const v = union && items.every((i) => i.instancePath === union.instancePath) ? union : items[0]!
  const where = `${context ?? 'request'}${pointerToPath(v.instancePath)}`
  switch (v.keyword) {
    case 'required':
      return `${where}.${String(v.params.missingProperty)} is required`
    case 'additionalProperties':
      return `${where}.${String(v.params.additionalProperty)} is not an accepted field`
    case 'enum':
      return `${where} must be one of ${(v.params.allowedValues as unknown[]).map(show).join(', ')}`
    case 'const':
      return `${where} must be ${show(v.params.allowedValue)}`
    case 'anyOf':
    case 'oneOf': {
      const values = allowedValues(v.parentSchema)
      if (values) return `${where} must be one of ${values.map(show).join(', ')}`
      return `${where} must be ${unionForms(v.parentSchema)}`
    }
    default:
      return `${where} ${v.message ?? 'is invalid'}`
  }
}
