import { toSeconds } from '@smartcloudops/shared'
import { newMessageId } from '@smartcloudops/shared/protocol/id'
import { actionFinishedEvent, actionStartedEvent, alertEvent } from '../../events'
import { thrownResult } from '../../remediate/result'
import type { ExecResult } from '../../remediate/types'
import type { Cycle, LoopDeps, LoopState, Planned, Stage } from '../cycle'

/**
 * Launches each decided rule's plan beside the loop (../running-actions.ts) and returns: the next
 * samples are taken, scored and evaluated while it runs. A plan runs its actions in order, each
 * under the desired state's action timeout; the first failure ends it (the rest assumed it
 * worked) and raises an alert. When it is done its target locks are released, and a plan that
 * acted on something is watched by the verify stage from the next sample on.
 */
export const executeStage: Stage = {
  name: 'execute',
  run(c, loop, deps) {
    for (const p of c.planned) {
      const job = deps.actions.launch(
        async () => {
          try {
            await act(c, loop, deps, p)
          } finally {
            await p.release()
          }
        },
        (err) => deps.log.error({ err, rule: p.evaluation.rule, decisionId: p.decisionId }, 'plan failed'),
      )
      c.launched.push(job)
    }
  },
}

async function act(c: Cycle, loop: LoopState, deps: LoopDeps, p: Planned): Promise<void> {
  const state = c.desired!
  const rule = p.evaluation.rule
  const timeoutMs = toSeconds(state.config.action_timeout) * 1000
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
      return // the rest of the plan assumed this step worked
    }
    lastActionId = actionId
  }
  if (lastActionId && p.evaluation.actions.some((a) => a.type !== 'send_alert')) {
    loop.verifications.push({
      rule,
      decision_id: p.decisionId,
      action_id: lastActionId,
      conditions: p.firing.compiled.rule.conditions,
      startedAt: deps.now(),
      windowMs: toSeconds(state.config.verify_window) * 1000,
      last: null,
    })
  }
}
