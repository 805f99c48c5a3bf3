import { selectorMatchesLabels } from '@smartcloudops/shared/label-selector'
import { allowedHosts, requirementsOf } from '../permits/decide'

/**
 * Budgets in a replay (POST /rulesets/replay): the replayed firings that would have acted with a
 * disruptive action, across the fleet in time order, each asking a permit as an agent would. A
 * grant holds a lease for `holdMs` (an assumption, said in the answer: the agents release when
 * the actions return, which takes at most the action timeout). A request refused because a
 * budget is full waits, first come first served, up to `waitMs` (the agent's queue wait) for a
 * lease of that budget to end: granted within it, it is `delayed`; otherwise `refused`.
 * min_healthy_percent is not simulated (host health history is not stored). Pure: tested on data.
 */

export interface SimBudget {
  name: string
  selector: string | null
  maxHosts: number | null
  maxPercent: number | null
}

export interface SimRequest {
  hostId: string
  labels: Record<string, string>
  ts: number
  rule: string
}

export interface SimOutcome {
  request: SimRequest
  outcome: 'granted' | 'delayed' | 'refused'
  /** The budget that refused or delayed it. */
  budget?: string
  delayMs: number
}

interface Lease {
  hostId: string
  labels: Record<string, string>
  start: number
  end: number
}

export function simulateBudgets(requests: readonly SimRequest[], budgets: readonly SimBudget[], groupSize: (selector: string | null) => number, holdMs: number, waitMs: number): SimOutcome[] {
  const rules = budgets.map((b) => ({ b, reqs: requirementsOf(b.selector), allowed: allowedHosts(b, groupSize(b.selector)) }))
  const leases: Lease[] = []
  const out: SimOutcome[] = []
  const ordered = [...requests].sort((a, b) => a.ts - b.ts || (a.hostId < b.hostId ? -1 : 1))
  // Leases that can still overlap a request: ends are ≥ the request's time, so older ones are dropped.
  for (const r of ordered) {
    for (let i = leases.length - 1; i >= 0; i--) if (leases[i]!.end <= r.ts - waitMs - holdMs) leases.splice(i, 1)
    const applicable = rules.filter((x) => selectorMatchesLabels(x.reqs, r.labels))
    /** The first budget with no room at time t (null: every applicable budget has room). */
    const fullAt = (t: number): string | null => {
      for (const x of applicable) {
        const holders = new Set(leases.filter((l) => l.start <= t && l.end > t && selectorMatchesLabels(x.reqs, l.labels)).map((l) => l.hostId))
        if (holders.has(r.hostId)) continue // a host already disrupted adds no host
        if (holders.size >= x.allowed) return x.b.name
      }
      return null
    }
    const first = fullAt(r.ts)
    if (first === null) {
      leases.push({ hostId: r.hostId, labels: r.labels, start: r.ts, end: r.ts + holdMs })
      out.push({ request: r, outcome: 'granted', delayMs: 0 })
      continue
    }
    // The moments room can appear: when a lease ends, within the wait.
    const candidates = [...new Set(leases.map((l) => l.end).filter((e) => e > r.ts && e <= r.ts + waitMs))].sort((a, b) => a - b)
    const at = candidates.find((t) => fullAt(t) === null)
    if (at === undefined) {
      out.push({ request: r, outcome: 'refused', budget: first, delayMs: 0 })
      continue
    }
    leases.push({ hostId: r.hostId, labels: r.labels, start: at, end: at + holdMs })
    out.push({ request: r, outcome: 'delayed', budget: first, delayMs: at - r.ts })
  }
  return out
}
