import { fit } from '@smartcloudops/shared/protocol/fit'
import type { ExecResult } from './types'

export function succeeded(target: string | undefined, result?: Record<string, unknown>): ExecResult {
  return { ok: true, retryable: false, ...(target !== undefined && { target }), ...(result && { result }) }
}

export function failed(
  code: string,
  message: string,
  retryable: boolean,
  extra: { target?: string; result?: Record<string, unknown> } = {},
): ExecResult {
  return { ok: false, retryable, error: { code, message }, ...extra }
}

/**
 * Executors never throw by contract; one that does is an agent bug. Recorded as a failed action
 * (never a crash), and not retryable: the same code will throw again. The one place that decides.
 */
export function thrownResult(err: unknown): ExecResult {
  return failed('executor_error', `executor threw: ${(err as Error)?.message ?? String(err)}`, false)
}

function isTimeout(reason: unknown): boolean {
  return reason instanceof DOMException ? reason.name === 'TimeoutError' : (reason as Error)?.name === 'TimeoutError'
}

/** The result for an action stopped by its signal: `timeout` may succeed later, `aborted` was deliberate. */
export function abortedResult(signal: AbortSignal, extra: { target?: string; result?: Record<string, unknown> } = {}): ExecResult {
  return isTimeout(signal.reason)
    ? failed('timeout', 'the action did not finish within its timeout', true, extra)
    : failed('aborted', 'the action was cancelled', false, extra)
}

/** A stable code for an error from the Docker engine or the connection to it. */
export function dockerErrorCode(err: unknown): { code: string; retryable: boolean } {
  const e = err as { statusCode?: number; code?: string; name?: string }
  if (e?.name === 'AbortError') return { code: 'aborted', retryable: false }
  if (e?.code === 'ENOENT' || e?.code === 'ECONNREFUSED' || e?.code === 'EACCES' || e?.code === 'ECONNRESET')
    return { code: 'docker_unreachable', retryable: true }
  if (e?.statusCode === 404) return { code: 'not_found', retryable: false }
  if (e?.statusCode === 409) return { code: 'conflict', retryable: true }
  if (e?.statusCode !== undefined && e.statusCode >= 400 && e.statusCode < 500) return { code: 'docker_rejected', retryable: false }
  return { code: 'docker_error', retryable: true }
}

/**
 * A backend's own message (Docker, systemctl's stderr) embedded inside a longer error message: kept
 * shorter than the whole message's limit (textLimits.errorMessage) so the context around it fits.
 */
export const EMBEDDED_ERROR_MAX = 500

export function errorMessage(err: unknown): string {
  const e = err as { json?: { message?: string }; message?: string }
  return fit(e?.json?.message ?? e?.message ?? String(err), EMBEDDED_ERROR_MAX)
}

export function dockerFailure(err: unknown, what: string, extra: { target?: string; result?: Record<string, unknown> } = {}): ExecResult {
  const { code, retryable } = dockerErrorCode(err)
  return failed(code, `${what}: ${errorMessage(err)}`, retryable, extra)
}
