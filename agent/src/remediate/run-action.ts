import { executors } from './executors'
import { abortedResult, failed, thrownResult } from './result'
import type { ActionRequest, ExecContext, ExecResult } from './types'

export const DEFAULT_ACTION_TIMEOUT_MS = 30_000

/**
 * The one way an action runs: parameter validation, then the executor under a timeout and the
 * caller's cancellation. Local policy is not checked here: the loop's policy gate (agent/src/gates)
 * asked `allowedBy` once, before the rule's first action ran, so a refusal is a suppressed decision
 * and never a half-run plan. Resolves when the timeout fires even if an executor
 * ignores its signal, so a stuck engine cannot stall the loop. Never throws.
 */
export async function runAction(
  ctx: ExecContext,
  spec: ActionRequest,
  opts: { timeoutMs?: number; signal?: AbortSignal } = {},
): Promise<ExecResult> {
  const log = ctx.log.child({ action: spec.type })
  const executor = executors[spec.type]
  if (!executor) return failed('unknown_action', `no executor for action type ${String(spec.type)}`, false)
  const valid = executor.validate(spec.params ?? {})
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
  const work = executor.execute(ctx, valid.params, signal).catch(thrownResult)
  const result = await Promise.race([work, stopped])
  if (onAbort) signal.removeEventListener('abort', onAbort)
  const durationMs = ctx.now() - started
  if (result.ok) log.info({ target: result.target, durationMs }, 'action succeeded')
  else log.warn({ target: result.target, durationMs, error: result.error, retryable: result.retryable }, 'action failed')
  return result
}
