import { engineGates } from '@smartcloudops/shared/rules/gates'
import type { AgentGateContext, Gate } from './gate'
import { budgetGate, type BudgetGateOptions } from './budget'
import { policyGate } from './policy'

export { type AgentGateContext, type Gate, type GateOutcome, runGates } from './gate'

/**
 * Every gate between a firing and its actions, in order, in this one place (documented in
 * shared/src/rules/README.md, "Gates"): the engine's — engine switch, pause, hysteresis, cooldown,
 * max_actions — then the host's. Cheap, certain refusals first; a gate that holds something (the
 * budget lease) goes last so nothing is held for a firing a cheaper gate would refuse. The budget
 * gate also carries inhibition: the control plane answers both in one permit (gates/budget.ts).
 */
export const gates: readonly Gate<AgentGateContext>[] = Object.freeze([...engineGates, policyGate])

/** The agent's list with the budget gate, wired to the link's permits (main.ts). */
export function gatesWithBudget(opts: BudgetGateOptions): readonly Gate<AgentGateContext>[] {
  return Object.freeze([...gates, budgetGate(opts)])
}
