import { toSeconds } from '@smartcloudops/shared'
import type { GroupPolicy, ScalingWebhook } from '../policy'
import { abortedResult, failed, succeeded } from '../result'
import type { ExecResult } from '../types'

/**
 * Asks an external scaler to add or remove replicas. The scaler owns the replica count, so it
 * enforces min/max (sent along) and answers 409 at a bound. Headers may carry credentials: they
 * never appear in results or logs, and neither does the response body beyond a replica count.
 */
export async function callScalingWebhook(
  groupName: string,
  group: GroupPolicy & { webhook: ScalingWebhook },
  action: 'scale_up' | 'scale_down',
  step: number,
  outer: AbortSignal,
): Promise<ExecResult> {
  const hook = group.webhook
  const signal = AbortSignal.any([outer, AbortSignal.timeout(toSeconds(hook.timeout ?? 10) * 1000)])
  const target = `${groupName} (webhook)`
  let res: Response
  try {
    res = await fetch(hook.url, {
      method: 'POST',
      signal,
      redirect: 'error',
      headers: { ...hook.headers, 'content-type': 'application/json', 'user-agent': 'scops-agent' },
      body: JSON.stringify({ group: groupName, action, step, min: group.min, max: group.max }),
    })
  } catch {
    if (outer.aborted) return abortedResult(outer, { target })
    return failed('webhook_failed', `scaling webhook for "${groupName}" did not answer`, true, { target })
  }
  let replicas: number | undefined
  try {
    const body = (await res.json()) as { replicas?: unknown }
    if (typeof body?.replicas === 'number' && Number.isInteger(body.replicas) && body.replicas >= 0) replicas = body.replicas
  } catch {
    // Any body is fine; only a replica count is read from it.
  }
  const result = { action, step, status: res.status, ...(replicas !== undefined && { replicas }) }
  if (res.ok) return succeeded(target, result)
  if (res.status === 409) return failed('at_bound', `the scaler for "${groupName}" is at a bound`, false, { target, result })
  if (res.status >= 400 && res.status < 500 && res.status !== 429)
    return failed('webhook_rejected', `the scaler for "${groupName}" refused (HTTP ${res.status})`, false, { target, result })
  return failed('webhook_failed', `the scaler for "${groupName}" failed (HTTP ${res.status})`, true, { target, result })
}
