import type { PausedRule } from '@smartcloudops/shared'
import { PASS } from '@smartcloudops/shared/rules/gates'
import type { AgentGateContext, Gate } from './gate'

/**
 * A rule the control plane paused fleet-wide because its fixes kept failing to verify (desired
 * state `paused_rules`, until an operator resumes it). First in the list: it is the most specific
 * answer to "why did this rule not act", and resuming the rule is what the operator has to do.
 * The rule is still evaluated; its state (cooldown, ladder) is not committed while paused.
 */
export const rulePausedGate: Gate<AgentGateContext> = {
  name: 'rule_paused',
  check(firing, ctx) {
    const p = ctx.pausedRules.get(firing.rule)
    if (!p) return PASS
    return {
      pass: false,
      suppressed_by: 'rule_paused',
      reason: `rule paused fleet-wide by the control plane since ${new Date(p.paused_at).toISOString()}: ${p.reason}; an operator resumes it (POST /api/v1/rules/{name}/resume)`,
      numbers: { paused_at: p.paused_at },
    }
  },
}

/** The desired state's paused rules by name, for the gate context. */
export function pausedRuleMap(paused: readonly PausedRule[] | undefined): ReadonlyMap<string, PausedRule> {
  return new Map((paused ?? []).map((p) => [p.rule, p]))
}
