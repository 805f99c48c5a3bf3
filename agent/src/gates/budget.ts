import { durationLimits, isDisruptive, permitTarget, toSeconds, type ActionSpec, type ActionType, type DesiredState, type PermitAnswer, type PermitQueued, type Verdict } from '@smartcloudops/shared'
import { PASS, type Firing } from '@smartcloudops/shared/rules/gates'
import type { AskOptions, PermitOffline } from '../link/permits'
import type { OfflinePolicy } from '../remediate/policy'
import type { AgentGateContext, Gate, WaitingRefusal } from './gate'

/** What the budget gate needs from the link (link/permits.ts `PermitClient`). */
export interface PermitSource {
  ask(req: { rule: string; action: ActionType; target: string; ttl_s: number }, signal: AbortSignal, opts?: AskOptions): Promise<PermitAnswer | PermitOffline>
  release(leaseId: string): void
}

export interface BudgetGateOptions {
  permits: PermitSource
  /** The host's local policy `offline:` (default skip). */
  offline: OfflinePolicy | undefined
  /** Lease lifetime if never released: the desired state's action timeout × actions, plus a margin. */
  ttlS(firing: { actions: readonly ActionSpec[] }): number
  /**
   * How long a firing may wait in a full budget's queue (permit.request.v2), at most the
   * protocol's 60 s; 0 or absent: never wait (refused at once, as before the queue).
   */
  waitS?: number
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
 * disruption lease. send_alert never asks. With `waitS` a request refused only because a budget
 * is full waits in that budget's queue (answered as a `WaitingRefusal`); a rule already waiting
 * is not asked for again until its wait is over.
 */
export function budgetGate(opts: BudgetGateOptions): Gate<AgentGateContext> {
  const waitingRules = new Map<string, { since: number; name: string }>()
  return {
    name: 'budget',
    async check(firing, ctx) {
      if (firing.dry) return PASS
      const specs = new Map<string, ActionSpec>()
      for (const a of firing.actions) if (isDisruptive(a.type) && !specs.has(permitTarget(a))) specs.set(permitTarget(a), a)
      if (specs.size === 0) return PASS
      const already = waitingRules.get(firing.rule)
      if (already) {
        const forS = Math.round((Date.now() - already.since) / 1000)
        return { pass: false, suppressed_by: 'budget', reason: `already waiting ${forS} s in the queue of budget "${already.name}"`, numbers: { name: already.name, waited_s: forS } }
      }
      let onQueued: (q: PermitQueued) => void = () => {}
      const queued = new Promise<PermitQueued>((resolve) => (onQueued = resolve))
      const final = obtain(opts, firing, ctx, specs, (q) => onQueued(q))
      const first = await Promise.race([final.then((v) => ({ v })), queued.then((q) => ({ q }))])
      if ('v' in first) return first.v
      const q = first.q
      const since = Date.now()
      waitingRules.set(firing.rule, { since, name: q.name })
      const waiting = final.finally(() => waitingRules.delete(firing.rule))
      const upToS = Math.max(0, Math.round((q.wait_until - since) / 1000))
      return {
        pass: false,
        suppressed_by: 'budget',
        reason: `waiting in the queue of budget "${q.name}" (position ${q.position}, ${q.holders} holding), up to ${upToS} s`,
        numbers: { name: q.name, position: q.position, holders: q.holders },
        waiting,
        queue: q.name,
      } satisfies WaitingRefusal
    },
  }
}

/** Asks for every target in turn; the first refusal gives back what was granted. */
async function obtain(opts: BudgetGateOptions, firing: Firing, ctx: AgentGateContext, specs: Map<string, ActionSpec>, onQueued: (q: PermitQueued) => void): Promise<Verdict> {
  const held: string[] = []
  const giveBack = () => held.splice(0).forEach((id) => opts.permits.release(id))
  const offlineActs: string[] = []
  const ttl = opts.ttlS(firing)
  let queuedAt: { at: number; name: string } | null = null
  const waitedS = () => (queuedAt ? Math.round((Date.now() - queuedAt.at) / 100) / 10 : 0)
  for (const [target, spec] of specs) {
    const ans = await opts.permits.ask({ rule: firing.rule, action: spec.type, target, ttl_s: ttl }, ctx.signal, {
      waitS: opts.waitS ?? 0,
      onQueued: (q) => {
        queuedAt = { at: Date.now(), name: q.name }
        onQueued(q)
      },
    })
    const offline = 'offline' in ans ? ans.offline : !ans.granted && ans.reason === 'unavailable' ? ans.detail : null
    if (offline !== null && queuedAt) {
      // The budget was known to be full: losing the answer while queued is no licence to act offline.
      giveBack()
      const q = queuedAt as { at: number; name: string }
      return { pass: false, suppressed_by: 'budget', reason: `waited ${waitedS()} s in the queue of budget "${q.name}": ${offline}`, numbers: { name: q.name, waited_s: waitedS() } }
    }
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
    const numbers: Record<string, number | string> = { name: ans.name, holders: ans.holders }
    if (queuedAt) numbers.waited_s = waitedS()
    return {
      pass: false,
      suppressed_by: by,
      reason: `${by === 'inhibited' ? 'inhibited' : 'budget'} "${ans.name}" refused ${spec.type} on ${target} (${ans.holders} holding): ${ans.detail}`,
      numbers,
    }
  }
  if (offlineActs.length > 0) opts.onOfflineAct?.(firing.rule, offlineActs)
  return held.length === 0 ? PASS : { pass: true, release: giveBack }
}

/** Long enough for every action of the rule to time out, plus a margin; within the protocol's bound. */
export function permitTtlS(state: DesiredState | null, actions: number): number {
  const timeoutS = state ? toSeconds(state.config.action_timeout) : 30
  return Math.min(durationLimits.actionTimeout, timeoutS * Math.max(1, actions) + 30)
}
