import type { Condition, MetricValues, VerificationOutcome } from '@smartcloudops/shared'
import { evaluateCondition } from '@smartcloudops/shared/rules/conditions'

/**
 * After a rule's actions ran: watch its triggering conditions on the following samples.
 * - `cleared` as soon as a sample that has every needed metric shows the conditions no longer all
 *   hold: the fix worked.
 * - `holding`: a complete sample in which they all still hold. Not final until the window ends.
 * - `unknown`: a metric the conditions need is missing (a probe target gone, a collector failing).
 *   Missing is not holding: it proves nothing either way, so it never counts as "still broken".
 * At the end of the window the last check decides: still holding, or still unknown — both
 * escalate, each with its own reason, because in both cases nobody knows that the fix worked.
 */
export interface PendingVerification {
  rule: string
  decision_id: string
  action_id: string
  conditions: Condition[]
  startedAt: number
  windowMs: number
  /** What the last sample showed; null before the first one. */
  last: { outcome: 'holding' | 'unknown'; observed: string } | null
  /** The escalation step whose fix this verifies (0-based), for a rule with a ladder. */
  step?: { index: number; of: number }
}

export type VerificationResult = { done: false } | { done: true; outcome: VerificationOutcome; detail: string }

/** `missing`: metric → why the collector could not provide it, named in an `unknown` detail. */
export function checkVerification(v: PendingVerification, metrics: MetricValues, now: number, missing: Record<string, string> = {}): VerificationResult {
  const results = v.conditions.map((c) => evaluateCondition(c, metrics))
  const complete = results.every((r) => r.observed !== null)
  const observed = results.map((r) => `${r.metric}=${r.observed ?? 'missing'}`).join(', ')
  if (complete && !results.every((r) => r.held)) {
    return { done: true, outcome: 'cleared', detail: `condition cleared after ${Math.round((now - v.startedAt) / 1000)}s (${observed})` }
  }
  v.last = { outcome: complete ? 'holding' : 'unknown', observed }
  if (now - v.startedAt < v.windowMs) return { done: false }
  const window = `${Math.round(v.windowMs / 1000)}s`
  if (v.last.outcome === 'holding') return { done: true, outcome: 'holding', detail: `condition still holding after the ${window} window (${observed})` }
  const gone = results.filter((r) => r.observed === null).map((r) => (missing[r.metric] ? `${r.metric} (${missing[r.metric]})` : r.metric))
  return {
    done: true,
    outcome: 'unknown',
    detail: `could not verify within the ${window} window: ${gone.join(', ')} missing, so whether the condition cleared is unknown (${observed})`,
  }
}
