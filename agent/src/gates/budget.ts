import { durationLimits, isDisruptive, permitTarget, toSeconds, type ActionSpec, type ActionType, type DesiredState, type PermitAnswer } from '@smartcloudops/shared'
import { PASS } from '@smartcloudops/shared/rules/gates'
import type { PermitOffline } from '../link/permits'
import type { OfflinePolicy } from '../remediate/policy'
import type { AgentGateContext, Gate } from './gate'

/** What the budget gate needs from the link (link/permits.ts `PermitClient`). */
export interface PermitSource {
  ask(req: { rule: string; action: ActionType; target: string; ttl_s: number }, signal: AbortSignal): Promise<PermitAnswer | PermitOffline>
  release(leaseId: string): void
}

export interface BudgetGateOptions {
  permits: PermitSource
  /** The host's local policy `offline:` (default skip). */
  offline: OfflinePolicy | undefined
  /** Lease lifetime if never released: the desired state's action timeout × actions, plus a margin. */
  ttlS(firing: { actions: readonly ActionSpec[] }): number
  /** Acting without a permit because local policy says so: worth a log line. */
  onOfflineAct?(rule: string, types: string[]): void
}

export function offlineAllows(policy: OfflinePolicy | undefined, type: ActionType): boolean {
  if (policy === 'act') return true
  if (policy === undefined || policy === 'skip') return false
  return policy.only.includes(type)
}

const describeOffline = (p: OfflinePolicy | undefined) => (p === undefined ? 'skip (default)' : typeof p === 'string' ? p : `only [${p.only.join(', ')}]`)

/**
 * Budgets and inhibitions (control-plane/src/fleet/permits/README.md): before a disruptive action
 * the control plane must grant a permit (a lease), one per target, all or nothing for the rule;
 * the leases are released when the actions return (execute stage). Without an answer the host's
 * local policy `offline` decides. Dry runs ask nothing: they act on nothing, so they hold no
 * disruption lease. send_alert never asks.
 */
export function budgetGate(opts: BudgetGateOptions): Gate<AgentGateContext> {
  return {
    name: 'budget',
    async check(firing, ctx) {
      if (firing.dry) return PASS
      const specs = new Map<string, ActionSpec>()
      for (const a of firing.actions) if (isDisruptive(a.type) && !specs.has(permitTarget(a))) specs.set(permitTarget(a), a)
      if (specs.size === 0) return PASS
      const held: string[] = []
      const giveBack = () => held.splice(0).forEach((id) => opts.permits.release(id))
      const offlineActs: string[] = []
      const ttl = opts.ttlS(firing)
      for (const [target, spec] of specs) {
        const ans = await opts.permits.ask({ rule: firing.rule, action: spec.type, target, ttl_s: ttl }, ctx.signal)
        const offline = 'offline' in ans ? ans.offline : !ans.granted && ans.reason === 'unavailable' ? ans.detail : null
        if (offline !== null) {
          if (offlineAllows(opts.offline, spec.type)) {
            offlineActs.push(spec.type)
            continue
          }
          giveBack()
          return {
            pass: false,
            suppressed_by: 'budget',
            reason: `no permit for ${spec.type} on ${target}: ${offline}; local policy offline: ${describeOffline(opts.offline)}`,
            numbers: { offline: 1 } as Record<string, number | string>,
          }
        }
        if ('offline' in ans) continue
        if (ans.granted) {
          held.push(ans.lease_id)
          continue
        }
        giveBack()
        const by = ans.reason === 'inhibited' ? 'inhibited' : 'budget'
        return {
          pass: false,
          suppressed_by: by,
          reason: `${by === 'inhibited' ? 'inhibited' : 'budget'} "${ans.name}" refused ${spec.type} on ${target} (${ans.holders} holding): ${ans.detail}`,
          numbers: { name: ans.name, holders: ans.holders } as Record<string, number | string>,
        }
      }
      if (offlineActs.length > 0) opts.onOfflineAct?.(firing.rule, offlineActs)
      return held.length === 0 ? PASS : { pass: true, release: giveBack }
    },
  }
}

/** Long enough for every action of the rule to time out, plus a margin; within the protocol's bound. */
export function permitTtlS(state: DesiredState | null, actions: number): number {
  const timeoutS = state ? toSeconds(state.config.action_timeout) : 30
  return Math.min(durationLimits.actionTimeout, timeoutS * Math.max(1, actions) + 30)
}
