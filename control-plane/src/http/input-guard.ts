import type { FastifyInstance, FastifyRequest } from 'fastify'
import { ApiError } from './errors'

/**
 * PostgreSQL cannot store U+0000 in text or jsonb, and a NUL in a path, a query or a body that
 * reaches SQL used to be a 500. Refused before validation with a 400 naming where it was. The walk
 * is iterative (a deeply nested body cannot overflow the stack) and skips binary bodies (model
 * uploads), which are bytes, not text.
 */
export function findNul(value: unknown, root: string): string | undefined {
  const stack: [unknown, string][] = [[value, root]]
  while (stack.length > 0) {
    const [v, at] = stack.pop()!
    if (typeof v === 'string') {
      if (v.includes('\u0000')) return at
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push([v[i], `${at}[${i}]`])
    } else if (v && typeof v === 'object' && !Buffer.isBuffer(v) && !ArrayBuffer.isView(v)) {
      for (const [k, child] of Object.entries(v)) {
        if (k.includes('\u0000')) return `${at} (a field name)`
        stack.push([child, `${at}.${k}`])
      }
    }
  }
  return undefined
}

/** The first number in `query` or `params` that is not finite ("Infinity" coerced from a string). */
function findNonFinite(value: unknown, root: string): string | undefined {
  if (!value || typeof value !== 'object') return undefined
  for (const [k, v] of Object.entries(value)) {
    const vs = Array.isArray(v) ? v : [v]
    if (vs.some((x) => typeof x === 'number' && !Number.isFinite(x))) return `${root}.${k}`
  }
  return undefined
}

export function installInputGuard(app: FastifyInstance): void {
  app.addHook('preValidation', async (request: FastifyRequest) => {
    const where = findNul(request.params, 'path') ?? findNul(request.query, 'query') ?? findNul(request.body, 'body')
    if (where) throw new ApiError(400, 'nul_in_input', `${where} contains a NUL character (U+0000), which is never valid here`)
  })
  // The validator's coercion lets "Infinity" through an integer with a maximum (Ajv 8 passes
  // `Infinity % 1`); a number from a URL must be finite before it reaches SQL.
  app.addHook('preHandler', async (request: FastifyRequest) => {
    const where = findNonFinite(request.query, 'querystring') ?? findNonFinite(request.params, 'params')
    if (where) throw new ApiError(400, 'validation_failed', `${where} must be a finite number`)
  })
}
