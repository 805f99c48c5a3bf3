import { engineGates } from '@smartcloudops/shared/rules/gates'
import type { AgentGateContext, Gate } from './gate'
import { budgetGate, type BudgetGateOptions } from './budget'
import { policyGate } from './policy'
import { targetLockGate } from './target-lock'
import { rulePausedGate } from './rule-paused'

export { type AgentGateContext, type Gate, type GateOutcome, runGates } from './gate'

/**
 * Every gate between a firing and its actions, in order, in this one place (documented in
 * shared/src/rules/README.md, "Gates"): a rule paused fleet-wide by the control plane, the engine's — engine switch, pause, hysteresis, cooldown,
 * max_actions — then the host's. Cheap, certain refusals first; a gate that holds something (the
 * budget lease, a target lock) goes last so nothing is held for a firing a cheaper gate would
 * refuse; the local target lock before the budget's round trip, so no lease is taken for a target
 * another plan still acts on. The budget gate also carries inhibition: the control plane answers
 * both in one permit (gates/budget.ts).
 */
export const gates: readonly Gate<AgentGateContext>[] = Object.freeze([rulePausedGate, ...engineGates, policyGate, targetLockGate])

/** The agent's list with the budget gate, wired to the link's permits (main.ts). */
export function gatesWithBudget(opts: BudgetGateOptions): readonly Gate<AgentGateContext>[] {
  return Object.freeze([...gates, budgetGate(opts)])
}
