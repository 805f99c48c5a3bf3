import { engineGates } from '@smartcloudops/shared/rules/gates'
import type { AgentGateContext, Gate } from './gate'
import { policyGate } from './policy'
import { targetLockGate } from './target-lock'
import { rulePausedGate } from './rule-paused'

export { type AgentGateContext, type Gate, type GateOutcome, runGates } from './gate'

/**
 * Every gate between a firing and its actions, in order, in this one place (documented in
 * shared/src/rules/README.md, "Gates"): a rule paused fleet-wide by the control plane, the engine's — engine switch, pause, hysteresis, cooldown,
 * max_actions — then the host's. Cheap, certain refusals first; a gate that holds something (the
 * coming budget lease) goes last so nothing is held for a firing a cheaper gate would refuse.
 * Coming: inhibition and rollout after policy, budget before the target lock (both hold something).
 */
export const gates: readonly Gate<AgentGateContext>[] = Object.freeze([rulePausedGate, ...engineGates, policyGate, targetLockGate])
