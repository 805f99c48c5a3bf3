import { actionVerifiedEvent, alertEvent } from '../../events'
import type { PendingVerification } from '../verify'
import { checkVerification } from '../verify'
import { stepVerified } from '@smartcloudops/shared/rules/escalation'
import type { Stage } from '../cycle'

/**
 * Earlier actions against this sample (see ../verify.ts). Runs before evaluate: this cycle's own
 * actions are verified from the next sample on, never against the sample that triggered them.
 * Not proven cleared at the end of the window — still holding, or unknown — escalates: to the
 * rule's next ladder step when it has one (the engine runs it on the next firing), else to a person.
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
      // A ladder with a step left escalates to that step (the engine runs it on the next firing), not yet to a person.
      const nextStep = v.step && r.outcome !== 'cleared' && v.step.index + 1 < v.step.of
      const detail = v.step ? `escalation step ${v.step.index + 1} of ${v.step.of}: ${r.detail}${nextStep ? `; escalating to step ${v.step.index + 2}` : ''}` : r.detail
      deps.recorder.record(
        'action.verified',
        actionVerifiedEvent({ actionId: v.action_id, decisionId: v.decision_id, rule: v.rule, outcome: r.outcome, windowS: v.windowMs / 1000, checkedAt: now, detail }),
      )
      deps.log.info({ rule: v.rule, outcome: r.outcome, step: v.step ? v.step.index + 1 : undefined }, 'action verified')
      const ruleState = loop.engine[v.rule]
      if (v.step && ruleState) loop.engine[v.rule] = stepVerified(ruleState, v.step.index, r.outcome, now)
      if (r.outcome !== 'cleared' && !nextStep) {
        // Escalation: nobody knows the fix worked; a person has to look.
        const summary = r.outcome === 'unknown' ? `Remediation of rule "${v.rule}" could not be verified` : `Remediation did not clear rule "${v.rule}"`
        deps.recorder.record('alert', alertEvent({ severity: 'critical', summary, detail, rule: v.rule, decisionId: v.decision_id, raisedAt: now }))
      }
    }
    loop.verifications = still
  },
}
