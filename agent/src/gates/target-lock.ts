import { PASS } from '@smartcloudops/shared/rules/gates'
import type { AgentGateContext, Gate } from './gate'

/**
 * One action at a time per target (remediate/target-locks.ts): a firing whose actions would touch
 * a container, service, group or hook that a running plan is still acting on is suppressed
 * (`target_locked`), naming the target, the rule holding it and for how long. Otherwise the
 * locks are taken and held until the plan finished (the gate's release). Last in the list: it
 * holds something, so nothing is held for a firing a cheaper gate would refuse.
 */
export const targetLockGate: Gate<AgentGateContext> = {
  name: 'target_locked',
  check(firing, ctx) {
    const keys = firing.actions.flatMap((spec) => ctx.targetsOf(spec))
    if (keys.length === 0) return PASS
    const got = ctx.locks.acquire(keys, { rule: firing.rule, since: firing.now })
    if (got.ok) return { pass: true, release: got.release }
    const forS = Math.max(0, Math.round((firing.now - got.holder.since) / 1000))
    const target = got.key === '*' ? 'every target (an emergency_shutdown is running)' : got.key
    return {
      pass: false,
      suppressed_by: 'target_locked',
      reason: `${target} is still being acted on by rule "${got.holder.rule}" (for ${forS}s): not acting on it twice at once`,
      numbers: { held_for_s: forS, holder: got.holder.rule, target: got.key },
    }
  },
}
