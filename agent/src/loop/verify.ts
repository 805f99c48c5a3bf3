import type { Condition, MetricValues } from '@smartcloudops/shared'
import { evaluateCondition } from '@smartcloudops/shared/rules/conditions'

/**
 * After a rule's actions ran: watch its triggering conditions on the following samples. The fix
 * worked ("cleared") as soon as a sample that has every needed metric shows the conditions no
 * longer all hold; it did not work when the window passes without such a sample. Samples missing a
 * metric prove nothing either way.
 */
export interface PendingVerification {
  rule: string
  decision_id: string
  action_id: string
  conditions: Condition[]
  startedAt: number
  windowMs: number
}

export type VerificationResult = { done: false } | { done: true; cleared: boolean; detail: string }

export function checkVerification(v: PendingVerification, metrics: MetricValues, now: number): VerificationResult {
  const results = v.conditions.map((c) => evaluateCondition(c, metrics))
  const complete = results.every((r) => r.observed !== null)
  if (complete && !results.every((r) => r.held)) {
    const observed = results.map((r) => `${r.metric}=${r.observed}`).join(', ')
    return { done: true, cleared: true, detail: `condition cleared after ${Math.round((now - v.startedAt) / 1000)}s (${observed})` }
  }
  if (now - v.startedAt >= v.windowMs) {
    const observed = results.map((r) => `${r.metric}=${r.observed ?? 'missing'}`).join(', ')
    return { done: true, cleared: false, detail: `condition still holding after the ${Math.round(v.windowMs / 1000)}s window (${observed})` }
  }
  return { done: false }
}
