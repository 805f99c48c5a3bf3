import type { ActionSpec, EngineContext, Gate, PausedRule, Verdict } from '@smartcloudops/shared'
import type { Firing } from '@smartcloudops/shared/rules/gates'
import type { PolicyCheck } from '../remediate/policy'
import type { TargetLocks } from '../remediate/target-locks'

export type { Gate, Verdict } from '@smartcloudops/shared'

/**
 * What the agent's gates see: the engine's context (override mode, engine switch, host) plus the
 * host's own answers. Engine gates read only the engine part, so one list holds both kinds.
 */
export interface AgentGateContext extends EngineContext {
  /** Local policy for one action (remediate/allowed-by.ts), bounded by its own timeout. */
  allowedBy(spec: ActionSpec, signal: AbortSignal): Promise<PolicyCheck>
  /** The cycle's signal: the agent is stopping. */
  signal: AbortSignal
  /** The runtime's per-target locks (held by running plans) and what an action's targets are. */
  locks: TargetLocks
  targetsOf(spec: ActionSpec): string[]
  /** Rules the control plane paused fleet-wide (desired state `paused_rules`), by name. */
  pausedRules: ReadonlyMap<string, PausedRule>
}

/**
 * A refusal whose final word comes later: the control plane queued the request behind a full
 * budget. The gate stage records nothing yet and waits for `waiting` beside the loop (sampling and
 * other rules go on); what earlier gates hold (the target locks) stays held meanwhile.
 */
export type WaitingRefusal = Extract<Verdict, { pass: false }> & { waiting: Promise<Verdict>; /** The budget whose queue it waits in. */ queue: string }

export function isWaiting(v: Verdict): v is WaitingRefusal {
  return !v.pass && 'waiting' in v && v.waiting instanceof Promise
}

export interface GateOutcome {
  verdict: Verdict
  /** Releases whatever the passing gates hold (a budget lease); safe to call once. */
  release(): Promise<void>
  /** The verdict was a WaitingRefusal: the outcome once the wait in `queue` (a budget's name) is over (what is held stays held until then). */
  waiting?: { outcome: Promise<GateOutcome>; queue: string }
}

/**
 * Runs the gates in order for one firing; the first refusal wins and the gates after it are not
 * asked. When a gate refuses, what the gates before it hold is released at once. A gate that
 * throws refuses (err towards not acting) and says so in the reason.
 */
export async function runGates(gates: readonly Gate<AgentGateContext>[], firing: Firing, ctx: AgentGateContext): Promise<GateOutcome> {
  const held: Array<() => void | Promise<void>> = []
  const release = async () => {
    for (const r of held.splice(0).reverse()) await Promise.resolve().then(r).catch(() => undefined)
  }
  for (const [i, gate] of gates.entries()) {
    let v: Verdict
    try {
      v = await gate.check(firing, ctx)
    } catch (err) {
      v = { pass: false, suppressed_by: gate.name, reason: `gate ${gate.name} failed, not acting: ${(err as Error)?.message ?? String(err)}` }
    }
    if (isWaiting(v)) {
      const waiting = v.waiting.then(async (final): Promise<GateOutcome> => {
        if (!final.pass) {
          await release()
          return { verdict: final, release }
        }
        if (final.release) held.push(final.release)
        const rest = await runGates(gates.slice(i + 1), firing, ctx)
        held.push(rest.release)
        if (!rest.verdict.pass) await release()
        return { verdict: rest.verdict, release }
      })
      return { verdict: v, release, waiting: { outcome: waiting, queue: v.queue } }
    }
    if (!v.pass) {
      await release()
      return { verdict: v, release }
    }
    if (v.release) held.push(v.release)
  }
  return { verdict: { pass: true }, release }
}
