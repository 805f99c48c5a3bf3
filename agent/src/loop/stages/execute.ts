import { toSeconds } from '@smartcloudops/shared'
import { newMessageId } from '@smartcloudops/shared/protocol/id'
import { stepFinished } from '@smartcloudops/shared/rules/escalation'
import { actionFinishedEvent, actionStartedEvent, alertEvent } from '../../events'
import { thrownResult } from '../../remediate/result'
import type { ExecResult } from '../../remediate/types'
import type { Cycle, LoopDeps, LoopState, Planned, Stage } from '../cycle'

/**
 * Launches each decided rule's plan beside the loop (../running-actions.ts) and returns: the next
 * samples are taken, scored and evaluated while it runs. A plan runs its actions in order, each
 * under the desired state's action timeout; the first failure ends it (the rest assumed it
 * worked) and raises an alert. When it is done its target locks are released, and a plan that
 * acted on something is watched by the verify stage from the next sample on. For an escalation
 * ladder the plan is one step: its timeout runs from when it finished (a failed step makes the
 * next one due now), and the verification window is the step's timeout.
 */
export const executeStage: Stage = {
  name: 'execute',
  run(c, loop, deps) {
    for (const p of c.planned) {
      const job = deps.actions.launch(
        () => runPlanned(c, loop, deps, p),
        (err) => deps.log.error({ err, rule: p.evaluation.rule, decisionId: p.decisionId }, 'plan failed'),
      )
      c.launched.push(job)
    }
  },
}

/** One plan, then what its gates hold is given back (also run by a firing granted late from a budget queue, ./await-permit.ts). */
export async function runPlanned(c: Cycle, loop: LoopState, deps: LoopDeps, p: Planned): Promise<void> {
  try {
    await act(c, loop, deps, p)
  } finally {
    await p.release()
  }
}

async function act(c: Cycle, loop: LoopState, deps: LoopDeps, p: Planned): Promise<void> {
  const state = c.desired!
  const rule = p.evaluation.rule
  const timeoutMs = toSeconds(state.config.action_timeout) * 1000
  const step = p.firing.step
  const ladderDone = (ok: boolean) => {
    const s = loop.engine[rule]
    if (step && s) loop.engine[rule] = stepFinished(p.firing.compiled, s, step.index, deps.now(), ok)
  }
  let lastActionId: string | null = null
  for (const spec of p.evaluation.actions) {
    const actionId = newMessageId()
    const startedAt = deps.now()
    deps.recorder.record('action.started', actionStartedEvent({ actionId, decisionId: p.decisionId, rule, spec, startedAt }))
    let result: ExecResult
    try {
      result = await deps.parts.runAction(spec, { timeoutMs, signal: deps.actions.signal, origin: { rule, decision_id: p.decisionId } })
    } catch (err) {
      result = thrownResult(err)
    }
    const finishedAt = deps.now()
    deps.recorder.record('action.finished', actionFinishedEvent({ actionId, decisionId: p.decisionId, rule, type: spec.type, result, startedAt, finishedAt }))
    c.report.actions.push({ type: spec.type, ok: result.ok, action_id: actionId })
    deps.log.info({ rule, type: spec.type, actionId, decisionId: p.decisionId, ok: result.ok, target: result.target, error: result.error, ms: finishedAt - startedAt }, 'action finished')
    if (!result.ok) {
      deps.recorder.record(
        'alert',
        alertEvent({
          severity: 'critical',
          summary: `Remediation failed: ${spec.type} for rule "${rule}" (${result.error?.code ?? 'error'})`,
          detail: result.error?.message ?? '',
          rule,
          decisionId: p.decisionId,
          raisedAt: finishedAt,
        }),
      )
      ladderDone(false)
      return // the rest of the plan assumed this step worked
    }
    lastActionId = actionId
  }
  ladderDone(true)
  if (lastActionId && p.evaluation.actions.some((a) => a.type !== 'send_alert')) {
    loop.verifications.push({
      rule,
      decision_id: p.decisionId,
      action_id: lastActionId,
      conditions: p.firing.compiled.rule.conditions,
      startedAt: deps.now(),
      windowMs: step ? p.firing.compiled.ladder![step.index]!.timeoutMs : toSeconds(state.config.verify_window) * 1000,
      last: null,
      ...(step ? { step: { index: step.index, of: step.of } } : {}),
    })
  }
}
