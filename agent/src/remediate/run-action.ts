import { executors } from './executors'
import { checkPolicy } from './policy'
import { abortedResult, failed } from './result'
import type { ActionRequest, ExecContext, ExecResult } from './types'

export const DEFAULT_ACTION_TIMEOUT_MS = 30_000

/**
 * The one way an action runs: local policy, then parameter validation, then the executor under a
 * timeout and the caller's cancellation. Resolves when the timeout fires even if an executor
 * ignores its signal, so a stuck engine cannot stall the loop. Never throws.
 */
export async function runAction(
  ctx: ExecContext,
  spec: ActionRequest,
  opts: { timeoutMs?: number; signal?: AbortSignal } = {},
): Promise<ExecResult> {
  const log = ctx.log.child({ action: spec.type })
  const verdict = checkPolicy(ctx.policy, spec)
  if (!verdict.allowed) {
    log.warn({ reason: verdict.reason }, 'action refused by local policy')
    return failed('policy_refused', verdict.reason, false)
  }
  const executor = executors[spec.type]
  if (!executor) return failed('unknown_action', `no executor for action type ${String(spec.type)}`, false)
  const valid = executor.validate(spec.params ?? {}, ctx.policy)
  if (!valid.ok) return failed('invalid_params', valid.error, false)

  const timeoutMs = opts.timeoutMs ?? DEFAULT_ACTION_TIMEOUT_MS
  const signals = [AbortSignal.timeout(timeoutMs)]
  if (opts.signal) signals.push(opts.signal)
  const signal = AbortSignal.any(signals)
  if (signal.aborted) return abortedResult(signal)

  const started = ctx.now()
  let onAbort: (() => void) | undefined
  const stopped = new Promise<ExecResult>((resolve) => {
    onAbort = () => resolve(abortedResult(signal))
    signal.addEventListener('abort', onAbort, { once: true })
  })
  const work = executor.execute(ctx, valid.params, signal).catch(
    // Executors do not throw; if one does, it is a bug reported as a failed action, not a crash.
    (err: unknown): ExecResult => failed('executor_error', `executor threw: ${(err as Error)?.message ?? String(err)}`, true),
  )
  const result = await Promise.race([work, stopped])
  if (onAbort) signal.removeEventListener('abort', onAbort)
  const durationMs = ctx.now() - started
  if (result.ok) log.info({ target: result.target, durationMs }, 'action succeeded')
  else log.warn({ target: result.target, durationMs, error: result.error, retryable: result.retryable }, 'action failed')
  return result
}
