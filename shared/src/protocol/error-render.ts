import type { TLocalizedValidationError } from 'typebox/error'
import { describeJsonType, formatPath, pointerSegments, valueAt, type PathSegment } from './path'

/** Keeps error frames and log lines short when a whole batch is wrong the same way. */
const MAX_PROBLEMS = 5

/**
 * TypeBox validation errors → one line naming each bad path and its problem, e.g.
 * `payload.samples[0].metrics.cpu_percent: must be number (got null)`.
 * `root` is the validated value; `prefix` is where it sits in the message (`['payload']`).
 */
export function describeValidationErrors(
  errors: readonly TLocalizedValidationError[],
  root: unknown,
  prefix: readonly PathSegment[],
): string {
  // A union's branches each report their own failure before the union does; gather them so the
  // union can say "must be one of …" once instead of listing every branch.
  const unionPaths = new Set(errors.filter((e) => e.keyword === 'anyOf').map((e) => e.instancePath))
  const branches = new Map<string, TLocalizedValidationError[]>()
  const problems: string[] = []
  const add = (p: string) => {
    if (!problems.includes(p)) problems.push(p)
  }

  for (const e of errors) {
    const at = [...prefix, ...pointerSegments(e.instancePath, root)]
    const value = valueAt(root, at.slice(prefix.length))
    if (e.keyword !== 'anyOf' && unionPaths.has(e.instancePath)) {
      const list = branches.get(e.instancePath) ?? []
      list.push(e)
      branches.set(e.instancePath, list)
      continue
    }
    switch (e.keyword) {
      case 'required':
        for (const name of e.params.requiredProperties) add(`${formatPath([...at, name])}: required property missing`)
        break
      case 'additionalProperties':
        for (const name of e.params.additionalProperties) add(`${formatPath([...at, name])}: unknown property`)
        break
      case 'boolean':
        // `additionalProperties: false` reports each extra key as "schema is false" at the key's path.
        add(`${formatPath(at)}: unknown property`)
        break
      case 'anyOf':
        add(`${formatPath(at)}: ${describeUnion(branches.get(e.instancePath) ?? [], value)}`)
        branches.delete(e.instancePath)
        break
      case 'type':
        add(`${formatPath(at)}: must be ${String(e.params.type)} (got ${describeGot(value)})`)
        break
      case 'minimum':
      case 'maximum':
      case 'exclusiveMinimum':
      case 'exclusiveMaximum':
        add(`${formatPath(at)}: ${e.message} (got ${describeGot(value)})`)
        break
      default:
        add(`${formatPath(at)}: ${e.message}`)
    }
  }
  if (problems.length === 0) return `${formatPath(prefix)}: does not match the schema`
  const shown = problems.slice(0, MAX_PROBLEMS).join('; ')
  return problems.length > MAX_PROBLEMS ? `${shown}; and ${problems.length - MAX_PROBLEMS} more` : shown
}

function describeUnion(branches: readonly TLocalizedValidationError[], value: unknown): string {
  // A branch of the right type that failed a constraint (a duration string with a bad unit) says
  // more than "must be number or string".
  const specific = branches.filter((b) => b.keyword !== 'type' && b.keyword !== 'const')
  if (specific.length > 0) return specific.map((b) => b.message).join(' or ')
  const allowed = branches.map((b) =>
    b.keyword === 'const' ? JSON.stringify(b.params.allowedValue) : String((b.params as { type?: unknown }).type),
  )
  if (allowed.length === 0) return `does not match any allowed form (got ${describeGot(value)})`
  return `must be ${allowed.length === 1 ? '' : 'one of '}${allowed.join(', ')} (got ${describeGot(value)})`
}

function describeGot(value: unknown): string {
  if (typeof value === 'number' && !Number.isFinite(value)) {
    return `${value}: JSON cannot carry NaN or Infinity; leave a value that could not be measured out`
  }
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value)
  if (typeof value === 'string') return value.length > 40 ? `string ${JSON.stringify(value.slice(0, 40))}…` : `string ${JSON.stringify(value)}`
  return describeJsonType(value)
}
