import type Docker from 'dockerode'
import { executors } from './executors'
import { checkPolicy, type LocalPolicy, type PolicyCheck } from './policy'
import type { ActionRequest } from './types'

/** The longest a policy check may take (a Docker listing): the loop must not hang on a stuck engine. */
export const POLICY_CHECK_TIMEOUT_MS = 5_000

/**
 * Whether local policy allows this action with these parameters on this host: the executor's
 * `allowedBy`, bounded by POLICY_CHECK_TIMEOUT_MS and the caller's signal. Never throws.
 * Parameters of the wrong shape get the policy file's answer (desired state with bad parameters is
 * refused on apply; execution would report `invalid_params`).
 */
export async function allowedBy(host: { policy: LocalPolicy; docker: Docker }, spec: ActionRequest, signal: AbortSignal): Promise<PolicyCheck> {
  const executor = executors[spec.type]
  if (!executor) return checkPolicy(host.policy, spec)
  const valid = executor.validate(spec.params ?? {})
  if (!valid.ok) return checkPolicy(host.policy, spec)
  try {
    const bounded = AbortSignal.any([signal, AbortSignal.timeout(POLICY_CHECK_TIMEOUT_MS)])
    return await executor.allowedBy(host.policy, valid.params, { docker: host.docker, signal: bounded })
  } catch (err) {
    // allowedBy does not throw by contract; if it does, refuse: err towards doing nothing.
    return { allowed: false, reason: `${spec.type}: the policy check failed (${(err as Error)?.message ?? String(err)})` }
  }
}
