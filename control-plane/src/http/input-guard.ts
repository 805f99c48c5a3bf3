import type { FastifyInstance, FastifyRequest } from 'fastify'
import { ApiError } from './errors'

/**
 * Where in `value` (named `root`) the first string, key or number matching `bad` sits. Iterative,
 * so a deeply nested body cannot overflow the stack; binary bodies (model uploads) are skipped.
 */
function findIn(value: unknown, root: string, bad: { text?: (s: string) => boolean; number?: (n: number) => boolean }): string | undefined {
  const stack: [unknown, string][] = [[value, root]]
  while (stack.length > 0) {
    const [v, at] = stack.pop()!
    if (typeof v === 'string') {
      if (bad.text?.(v)) return at
    } else if (typeof v === 'number') {
      if (bad.number?.(v)) return at
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push([v[i], `${at}[${i}]`])
    } else if (v && typeof v === 'object' && !Buffer.isBuffer(v) && !ArrayBuffer.isView(v)) {
      for (const [k, child] of Object.entries(v)) {
        if (bad.text?.(k)) return `${at} (a field name)`
        stack.push([child, `${at}.${k}`])
      }
    }
  }
  return undefined
}

/** PostgreSQL cannot store U+0000 in text or jsonb: a NUL that reached SQL used to be a 500. */
const hasNul = { text: (s: string) => s.includes('\u0000') }
/** JSON cannot carry them: a non-finite number is the validator's coercion of a string like "1e309". */
const nonFinite = { number: (n: number) => !Number.isFinite(n) }

export function findNul(value: unknown, root: string): string | undefined {
  return findIn(value, root, hasNul)
}

/**
 * Input no schema can refuse: NUL anywhere (before validation, 400 naming where) and numbers that
 * are not finite (after validation, which produced them).
 */
export function installInputGuard(app: FastifyInstance): void {
  app.addHook('preValidation', async (request: FastifyRequest) => {
    const where = findNul(request.params, 'path') ?? findNul(request.query, 'query') ?? findNul(request.body, 'body')
    if (where) throw new ApiError(400, 'nul_in_input', `${where} contains a NUL character (U+0000), which is never valid here`)
  })
  // The validator's coercion turns "Infinity" or "1e309" into a number that passes an integer with
  // a maximum (Ajv 8 accepts `Infinity % 1`); every number must be finite before it reaches SQL.
  app.addHook('preHandler', async (request: FastifyRequest) => {
    const where = findIn(request.query, 'querystring', nonFinite) ?? findIn(request.params, 'params', nonFinite) ?? findIn(request.body, 'body', nonFinite)
    if (where) throw new ApiError(400, 'validation_failed', `${where} must be a finite number`)
  })
}
