import { toSeconds, type ActionParams } from '@smartcloudops/shared'
import { findContainers, hasLabels, names, type ContainerRef } from '../containers'
import { isEmptySelector, validateParams } from '../params'
import { abortedResult, dockerErrorCode, dockerFailure, errorMessage, failed, succeeded } from '../result'
import { type Executor, type PolicyContext } from '../executor'
import { checkPolicy, type LocalPolicy, type PolicyCheck } from '../policy'
import type { ExecContext, ExecResult } from '../types'

type Params = ActionParams['restart_container']

/**
 * Restarts each container in `list` in turn (not in parallel: a group of replicas keeps serving
 * while one restarts). Stops at the first abort; the result says which were restarted.
 */
export async function restartEach(
  ctx: ExecContext,
  list: readonly ContainerRef[],
  stopTimeoutS: number,
  signal: AbortSignal,
  extra: Record<string, unknown> = {},
): Promise<ExecResult> {
  const restarted: string[] = []
  const errors: { container: string; code: string; retryable: boolean; message: string }[] = []
  const target = names(list)
  for (const c of list) {
    if (signal.aborted) return abortedResult(signal, { target, result: { restarted, errors, ...extra } })
    try {
      await ctx.docker.getContainer(c.id).restart({ t: stopTimeoutS, abortSignal: signal })
      restarted.push(c.name)
      ctx.log.info({ container: c.name }, 'container restarted')
    } catch (err) {
      if (signal.aborted) return abortedResult(signal, { target, result: { restarted, errors, ...extra } })
      errors.push({ container: c.name, ...dockerErrorCode(err), message: errorMessage(err) })
    }
  }
  const result = { restarted, errors, ...extra }
  if (errors.length === 0) return succeeded(target, result)
  const first = errors[0]!
  const retryable = errors.some((e) => e.retryable)
  return failed(first.code, `restart failed for ${errors.map((e) => e.container).join(', ')}: ${first.message}`, retryable, {
    target,
    result,
  })
}

export const restartContainer: Executor<Params> = {
  type: 'restart_container',
  validate(params) {
    const v = validateParams('restart_container', params)
    if (v.ok && isEmptySelector(v.params.selector))
      return { ok: false, error: 'restart_container: selector must name a container or labels (an empty one matches everything)' }
    return v
  },
  allowedBy: allowedToRestart,
  async execute(ctx, params, signal) {
    if (signal.aborted) return abortedResult(signal)
    const required = ctx.policy.actions.restart_container?.selector_labels_required ?? []
    const stopTimeout = toSeconds(ctx.policy.actions.restart_container?.stop_timeout ?? 10)
    let matched: ContainerRef[]
    try {
      matched = await findContainers(ctx.docker, params.selector, { all: true, signal })
    } catch (err) {
      return signal.aborted ? abortedResult(signal) : dockerFailure(err, 'listing containers')
    }
    const allowed = matched.filter((c) => hasLabels(c.labels, required))
    const refused = matched.filter((c) => !hasLabels(c.labels, required)).map((c) => c.name)
    if (allowed.length === 0) {
      const why =
        refused.length > 0
          ? `${refused.length} container(s) match but lack the labels local policy requires (${required.join(', ')}): ${refused.join(', ')}`
          : 'no container matches the selector'
      return failed('no_target', why, false, { result: { restarted: [], refused } })
    }
    return restartEach(ctx, allowed, stopTimeout, signal, { refused })
  },
}

/**
 * Allowed when the policy lists the action and — if it requires selector labels — at least one
 * container the selector matches carries them: a selector that matches only containers the
 * policy does not allow is refused here, naming them, before anything runs. If the engine cannot
 * be listed (or not in time) the check cannot see the targets and lets the firing through: the
 * executor lists again, restarts only allowed containers, and reports the engine's error itself.
 * A selector that matches nothing is not a policy matter: execution reports `no_target`.
 */
async function allowedToRestart(policy: LocalPolicy, params: Params, ctx?: PolicyContext): Promise<PolicyCheck> {
  const listed = checkPolicy(policy, { type: 'restart_container', params })
  if (!listed.allowed) return listed
  const required = policy.actions.restart_container?.selector_labels_required ?? []
  if (required.length === 0 || !ctx) return listed
  let matched: ContainerRef[]
  try {
    matched = await findContainers(ctx.docker, params.selector, { all: true, signal: ctx.signal })
  } catch {
    return listed
  }
  const refused = matched.filter((c) => !hasLabels(c.labels, required))
  if (matched.length === 0 || refused.length < matched.length) return listed
  return {
    allowed: false,
    reason: `restart_container: ${refused.length} container(s) match but lack the labels local policy requires (${required.join(', ')}): ${names(refused)}`,
  }
}
