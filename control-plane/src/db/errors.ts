// Telling "the database refused this value" from "the database is away". The first can never
// succeed on a retry (the event is dead-lettered); the second will, once the database is back.

const SQLSTATE = /^[0-9A-Z]{5}$/

/** The SQLSTATE of a database error (postgres.js and PGlite set `code`; drizzle wraps it as `cause`). */
export function sqlStateOf(err: unknown): string | undefined {
  for (let e = err, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code
    if (typeof code === 'string' && SQLSTATE.test(code)) return code
  }
  return undefined
}

/**
 * True when the error is about the value, not the moment: SQLSTATE class 22 (data exception: a
 * number out of range, an invalid encoding), 23 (integrity constraint), 54 (program limit: a value
 * too large); or a RangeError from building the row (a timestamp JavaScript cannot represent).
 * Anything else (connection lost, shutdown, deadlock, an unknown fault) counts as passing.
 */
export function isContentError(err: unknown): boolean {
  const state = sqlStateOf(err)
  if (state) return state.startsWith('22') || state.startsWith('23') || state.startsWith('54')
  for (let e = err, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if (e instanceof RangeError) return true
  }
  return false
}
