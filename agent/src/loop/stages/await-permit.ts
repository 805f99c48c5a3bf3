import type { Verdict } from '@smartcloudops/shared'
import { evaluateCondition } from '@smartcloudops/shared/rules/conditions'
import { settle } from '@smartcloudops/shared/rules/engine'
import type { Firing } from '@smartcloudops/shared/rules/gates'
import type { AgentGateContext, GateOutcome } from '../../gates'
import type { Cycle, LoopDeps, LoopState } from '../cycle'
import { runPlanned } from './execute'

type Refusal = Extract<Verdict, { pass: false }>

/**
 * A firing whose permit waits in a full budget's queue (gates/budget.ts, `WaitingRefusal`). It
 * waits here, beside the loop: the next samples are taken and other rules decided meanwhile, and
 * its target locks stay held, so the same rule does not act twice on those targets. When the
 * wait is over the firing is decided then, once: refused (the wait ended, or something other
 * than a full budget refused it) → a `budget`/`inhibited` decision saying how long it waited;
 * granted → re-checked first (stillWanted), then committed to the rule's state as it is now and
 * its plan run like any other.
 */
export function awaitPermit(c: Cycle, loop: LoopState, deps: LoopDeps, firing: Firing, ctx: AgentGateContext, waiting: Promise<GateOutcome>, budget: string, record: RecordDecision): void {
  const since = deps.now()
  const inQueue = (s: number) => `${s} s in the queue of budget "${budget}"`
  const job = deps.actions.launch(
    async () => {
      const out = await waiting
      const waitedS = Math.round((deps.now() - since) / 100) / 10
      let verdict = out.verdict
      if (verdict.pass) {
        const unwanted = await stillWanted(firing, loop, ctx)
        if (unwanted) {
          await out.release()
          verdict = { ...unwanted, reason: `permit granted after ${inQueue(waitedS)}, but ${unwanted.reason}` }
        }
      } else {
        verdict = { ...verdict, numbers: { ...verdict.numbers, waited_s: waitedS } }
      }
      // Decided now: committed to the rule's state as the cycles since have left it.
      const now: Firing = { ...firing, state: loop.engine[firing.rule] ?? firing.state, now: deps.now() }
      const { evaluation, state } = settle(now, verdict)
      loop.engine[firing.rule] = state
      if (verdict.pass) evaluation.reason = `${evaluation.reason} (permit granted after ${inQueue(waitedS)})`
      const outcome = evaluation.outcome as 'execute' | 'suppressed'
      const decisionId = record(c, loop, deps, evaluation, outcome)
      if (outcome === 'execute' && decisionId) await runPlanned(c, loop, deps, { firing: now, evaluation, decisionId, release: out.release })
      else await out.release()
    },
    (err) => deps.log.error({ err, rule: firing.rule }, 'waiting for a permit failed'),
  )
  c.launched.push(job)
}

export type RecordDecision = (c: Cycle, loop: LoopState, deps: LoopDeps, ev: ReturnType<typeof settle>['evaluation'], outcome: 'execute' | 'dry_run' | 'suppressed') => string | null

/**
 * What may have changed during a wait of up to a minute, checked before acting on a late grant
 * (null = still wanted). Chosen: what an operator or the host would expect to win over an old
 * decision — the override (a fleet pause is a kill switch), the rule itself (removed, disabled or
 * paused fleet-wide), the host's local policy (reloaded, it may now forbid the action), and the
 * problem (the rule's conditions on the latest sample: a condition that cleared by itself needs
 * no disruption). Cooldown and max_actions need no re-check: the firing was not committed, and
 * the rule's later firings were held off by the wait (gates/budget.ts) and its target locks.
 */
async function stillWanted(firing: Firing, loop: LoopState, ctx: AgentGateContext): Promise<Refusal | null> {
  const state = loop.desired
  if (!state || !state.remediation_enabled) return { pass: false, suppressed_by: 'engine_disabled', reason: 'remediation is switched off now' }
  if (state.override.mode === 'paused') return { pass: false, suppressed_by: 'override_paused', reason: 'remediation is paused now' }
  if (state.override.mode === 'dry_run') return { pass: false, suppressed_by: 'override_dry_run', reason: 'the override is dry run now' }
  const rule = state.ruleset.rules.find((r) => r.name === firing.rule)
  if (!rule || rule.enabled === false) return { pass: false, suppressed_by: 'rule_paused', reason: `rule "${firing.rule}" is no longer in the ruleset or is disabled` }
  if ((state.paused_rules ?? []).some((p) => p.rule === firing.rule)) return { pass: false, suppressed_by: 'rule_paused', reason: `rule "${firing.rule}" is paused fleet-wide now` }
  for (const spec of firing.actions) {
    const check = await ctx.allowedBy(spec, ctx.signal)
    if (!check.allowed) return { pass: false, suppressed_by: 'policy', reason: `local policy no longer allows ${spec.type}: ${check.reason}` }
  }
  const latest = loop.latestSample
  if (latest) {
    const results = firing.compiled.rule.conditions.map((cond) => evaluateCondition(cond, latest.metrics))
    if (results.every((r) => r.observed !== null) && !results.every((r) => r.held)) {
      const observed = results.map((r) => `${r.metric}=${r.observed}`).join(', ')
      return { pass: false, suppressed_by: 'budget', reason: `the condition no longer holds on the latest sample (${observed})` }
    }
  }
  return null
}
