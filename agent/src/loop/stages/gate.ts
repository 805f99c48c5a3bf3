import { newMessageId } from '@smartcloudops/shared/protocol/id'
import { type RuleEvaluation, settle } from '@smartcloudops/shared/rules/engine'
import { alertEvent, decisionEvent } from '../../events'
import { runGates } from '../../gates'
import { targetKeys } from '../../remediate/target-locks'
import { pausedRuleMap } from '../../gates/rule-paused'
import type { Cycle, LoopDeps, LoopState, Stage } from '../cycle'
import { engineContext } from '../engine-context'
import { awaitPermit } from './await-permit'

const SUPPRESSION_REPEAT_MS = 60_000

/**
 * Every firing through the one gate list (agent/src/gates), in priority order; then settled: the
 * firing is committed to the rule's state (cooldown, max_actions, active) only when every gate
 * passed. Each fired rule becomes a decision event — repeats of the same suppression at most
 * once a minute per rule, so a paused fleet at a 1 s interval does not flood the history.
 */
export const gateStage: Stage = {
  name: 'gate',
  async run(c, loop, deps) {
    // Every sample, firings or not: a sample on which the problem cleared fires nothing, and is
    // exactly the one a late grant must be checked against.
    loop.latestSample = { ts: c.ts, metrics: c.metrics }
    const state = c.desired
    if (!state || c.firings.length === 0) return
    const ctx = {
      ...engineContext(state, deps.labels),
      allowedBy: deps.parts.allowedBy,
      signal: c.signal,
      locks: deps.locks,
      targetsOf: deps.parts.targetsOf ?? ((spec) => targetKeys(spec, [])),
      pausedRules: pausedRuleMap(state.paused_rules),
    }
    for (const firing of c.firings) {
      const gated = await runGates(deps.gates, firing, ctx)
      if (gated.waiting) {
        // Queued behind a full budget: decided when the wait is over, beside the loop.
        deps.log.info({ rule: firing.rule, reason: gated.verdict.pass ? '' : gated.verdict.reason }, 'waiting for a permit')
        awaitPermit(c, loop, deps, firing, ctx, gated.waiting.outcome, gated.waiting.queue, recordDecision)
        continue
      }
      const { evaluation, state: ruleState } = settle(firing, gated.verdict)
      loop.engine[firing.rule] = ruleState
      if (!gated.verdict.pass) deps.log.debug({ rule: firing.rule, suppressedBy: gated.verdict.suppressed_by, numbers: gated.verdict.numbers }, 'gate refused')
      if (evaluation.alert) {
        deps.recorder.record('alert', alertEvent({ severity: evaluation.alert.severity, summary: evaluation.alert.summary, rule: evaluation.rule, raisedAt: deps.now() }))
      }
      const outcome = evaluation.outcome as 'execute' | 'dry_run' | 'suppressed'
      // A dry run passed every gate but runs nothing: what a gate holds goes back now.
      if (outcome !== 'execute') await gated.release()
      const decisionId = recordDecision(c, loop, deps, evaluation, outcome)
      if (outcome === 'execute' && decisionId) c.planned.push({ firing, evaluation, decisionId, release: gated.release })
    }
  },
}

function recordDecision(c: Cycle, loop: LoopState, deps: LoopDeps, ev: RuleEvaluation, outcome: 'execute' | 'dry_run' | 'suppressed'): string | null {
  const state = c.desired!
  if (outcome !== 'execute' && !shouldRecordRepeat(loop, deps.now(), ev.rule, `${outcome}/${ev.suppressed_by}`)) return null
  if (outcome === 'execute') loop.lastSuppression.delete(ev.rule)
  const decisionId = newMessageId()
  deps.recorder.record(
    'decision',
    decisionEvent({
      decisionId,
      rule: ev.rule,
      priority: ev.priority,
      rulesetVersion: state.ruleset.version,
      sampleTs: c.ts,
      outcome,
      suppressedBy: ev.suppressed_by,
      overrideMode: state.override.mode,
      reason: ev.reason,
      conditions: ev.conditions,
      actions: ev.actions,
      escalation: ev.escalation,
    }),
    decisionId,
  )
  c.report.decisions.push({ rule: ev.rule, outcome, suppressed_by: ev.suppressed_by, decision_id: decisionId })
  deps.log.info({ rule: ev.rule, outcome, suppressedBy: ev.suppressed_by, decisionId }, 'decision')
  return decisionId
}

function shouldRecordRepeat(loop: LoopState, now: number, rule: string, key: string): boolean {
  const last = loop.lastSuppression.get(rule)
  if (last && last.key === key && now - last.at < SUPPRESSION_REPEAT_MS) return false
  loop.lastSuppression.set(rule, { key, at: now })
  return true
}
