import { durationProblem, maxSecondsKeyword } from '@smartcloudops/shared'

/** The part of Ajv used here (Ajv itself is fastify's dependency, not ours). */
interface AjvLike {
  addKeyword(definition: never): unknown
}

/**
 * Keywords the API's validator knows beyond JSON Schema. `x-max-seconds` sits on every duration
 * schema (shared/src/duration.ts): a pattern accepts "50d" for a 1-hour setting, so the bound in
 * seconds is checked here, and the caller gets a 400 naming the field and the limit instead of a
 * value that breaks every agent's timers later.
 */
export function apiKeywords<A extends AjvLike>(ajv: A): A {
  const definition = {
    keyword: maxSecondsKeyword,
    schemaType: 'number',
    errors: true,
    validate: function check(max: number, data: unknown) {
      const problem = durationProblem(data, max)
      if (!problem) return true
      ;(check as unknown as { errors: unknown[] }).errors = [{ keyword: maxSecondsKeyword, message: problem, params: { max } }]
      return false
    },
  }
  ajv.addKeyword(definition as never)
  return ajv
}
