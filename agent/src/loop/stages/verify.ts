import { actionVerifiedEvent, alertEvent } from '../../events'
import type { PendingVerification } from '../verify'
import { checkVerification } from '../verify'
import type { Stage } from '../cycle'

/**
 * Earlier actions against this sample (see ../verify.ts). Runs before evaluate: this cycle's own
 * actions are verified from the next sample on, never against the sample that triggered them.
 * Not proven cleared at the end of the window — still holding, or unknown — escalates.
 */
export const verifyStage: Stage = {
  name: 'verify',
  run(c, loop, deps) {
    if (loop.verifications.length === 0) return
    const now = deps.now()
    const still: PendingVerification[] = []
    for (const v of loop.verifications) {
      const r = checkVerification(v, c.metrics, now, c.missing)
      if (!r.done) {
        still.push(v)
        continue
      }
      deps.recorder.record(
        'action.verified',
        actionVerifiedEvent({ actionId: v.action_id, decisionId: v.decision_id, rule: v.rule, outcome: r.outcome, windowS: v.windowMs / 1000, checkedAt: now, detail: r.detail }),
      )
      deps.log.info({ rule: v.rule, outcome: r.outcome }, 'action verified')
      if (r.outcome !== 'cleared') {
        // Escalation: nobody knows the fix worked; a person has to look.
        const summary = r.outcome === 'unknown' ? `Remediation of rule "${v.rule}" could not be verified` : `Remediation did not clear rule "${v.rule}"`
        deps.recorder.record('alert', alertEvent({ severity: 'critical', summary, detail: r.detail, rule: v.rule, decisionId: v.decision_id, raisedAt: now }))
      }
    }
    loop.verifications = still
  },
}
