import { PASS } from '@smartcloudops/shared/rules/gates'
import type { AgentGateContext, Gate } from './gate'

/**
 * The host's local policy, for every action of the rule: the whole rule or nothing — a rule is an
 * ordered plan, and half of it could harm. Asked once per firing, before the first action runs
 * (the executors' `allowedBy`; restart_container looks at what its selector matches), so a
 * refusal is a suppressed decision and never a failed action. Applies to dry runs too: a dry run
 * says what a real run would have done, and a real run would have been refused.
 */
export const policyGate: Gate<AgentGateContext> = {
  name: 'policy',
  async check(firing, ctx) {
    const refusals: string[] = []
    for (const spec of firing.actions) {
      const c = await ctx.allowedBy(spec, ctx.signal)
      if (!c.allowed) refusals.push(c.reason)
    }
    if (refusals.length === 0) return PASS
    return {
      pass: false,
      suppressed_by: 'policy',
      reason: `refused by local policy: ${refusals.join('; ')}`,
      numbers: { refused: refusals.length, actions: firing.actions.length },
    }
  },
}
