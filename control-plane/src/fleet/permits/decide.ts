import { parseLabelSelector, selectorMatchesLabels, type SelectorRequirement } from '@smartcloudops/shared/label-selector'
import type { PermitRefusalReason } from '@smartcloudops/shared/protocol/permit-messages'
import type { BudgetRow, InhibitionRow } from '../../db/schema'

/**
 * The permit decision as a pure function of what the grant transaction read under the permit
 * lock (db/queries/permits.ts): no I/O here, so every rule of README.md is tested on plain data.
 * Order: one lease per target (and at most MAX_LEASES_PER_HOST), then inhibitions (a dependency down beats a free budget), then
 * every budget whose group contains the host — the first refusal answers. A budget that is full,
 * or has requests waiting in its queue ahead of this one, refuses `queueable`.
 */

export interface FleetHost {
  id: string
  labels: Record<string, string>
  /** README.md, "Healthy": online and not in a failed verification. */
  healthy: boolean
}

export interface LiveLease {
  id: string
  hostId: string
  /** For people (the API's holders); decisions never read it. */
  hostname?: string
  labels: Record<string, string>
  rule: string
  action: string
  target: string
  grantedAt: Date
  expiresAt: Date
}

export interface PermitAsk {
  hostId: string
  labels: Record<string, string>
  rule: string
  action: string
  target: string
}

/** A request waiting in a budget's queue (db/schema/permit-queue.ts), in queue order. */
export interface QueuedAsk {
  seq: number
  hostId: string
  budgetId: string
}

export interface PermitFacts {
  budgets: BudgetRow[]
  inhibitions: InhibitionRow[]
  /** Non-decommissioned hosts; read only when a budget or inhibition needs group figures. */
  fleet: FleetHost[]
  live: LiveLease[]
  /** Per alert_firing inhibition id: is a matching alert firing? */
  alertFiring: ReadonlyMap<string, boolean>
  /**
   * Requests queued ahead of this one (for a newcomer: the whole queue): a budget with someone
   * waiting is full for everyone behind them, so a freed slot goes to the head first.
   */
  ahead?: readonly QueuedAsk[]
}

export type PermitVerdict =
  | { granted: true; budgets: BudgetRow[] }
  | {
      granted: false
      reason: Exclude<PermitRefusalReason, 'unavailable'>
      name: string
      holders: number
      detail: string
      budgetId?: string
      inhibitionId?: string
      /** Refused only because this budget is full (or others wait for it first): the request may wait in its queue. */
      queueable?: true
    }

const ALL: SelectorRequirement[] = []

/**
 * Live leases one host may hold at once: a rule has at most 16 actions (the protocol's limit), so
 * more means an agent asking for targets it is not acting on; refused before it fills the table.
 */
export const MAX_LEASES_PER_HOST = 16

/** A stored selector (validated on write); null = the whole fleet. */
export function requirementsOf(selector: string | null): SelectorRequirement[] {
  return selector === null ? ALL : parseLabelSelector(selector)
}

const matches = (selector: string | null, labels: Record<string, string>) => selectorMatchesLabels(requirementsOf(selector), labels)

export function healthFigures(fleet: readonly FleetHost[], selector: string | null): { hosts: number; healthy: number; percent: number } {
  const group = fleet.filter((h) => matches(selector, h.labels))
  const healthy = group.filter((h) => h.healthy).length
  return { hosts: group.length, healthy, percent: group.length === 0 ? 100 : (healthy / group.length) * 100 }
}

/** Hosts the budget lets be disrupted at once: N, or X% of the group rounded up (as Kubernetes rounds maxUnavailable). */
export function allowedHosts(b: Pick<BudgetRow, 'maxHosts' | 'maxPercent'>, groupSize: number): number {
  if (b.maxHosts !== null) return b.maxHosts
  return Math.ceil(((b.maxPercent ?? 0) * groupSize) / 100 - 1e-9)
}

const pct = (n: number) => `${Math.round(n * 10) / 10}%`

export function inhibitionApplies(i: InhibitionRow, ask: PermitAsk): boolean {
  if (i.actions.length > 0 && !i.actions.includes(ask.action)) return false
  if (i.rules.length > 0 && !i.rules.includes(ask.rule)) return false
  return matches(i.selector, ask.labels)
}

export function decidePermit(ask: PermitAsk, facts: PermitFacts): PermitVerdict {
  const same = facts.live.find((l) => l.hostId === ask.hostId && l.target === ask.target)
  if (same) {
    return {
      granted: false,
      reason: 'budget',
      name: 'one-lease-per-target',
      holders: 1,
      detail: `this host already holds lease ${same.id} for ${ask.target} (rule "${same.rule}", ${same.action}, until ${same.expiresAt.toISOString()})`,
    }
  }
  const mine = facts.live.filter((l) => l.hostId === ask.hostId).length
  if (mine >= MAX_LEASES_PER_HOST) {
    return { granted: false, reason: 'budget', name: 'leases-per-host', holders: 1, detail: `this host already holds ${mine} leases, the most one host may hold at once (${MAX_LEASES_PER_HOST})` }
  }
  for (const i of facts.inhibitions) {
    if (!inhibitionApplies(i, ask)) continue
    const c = i.condition
    if (c.kind === 'group_unhealthy') {
      const f = healthFigures(facts.fleet, c.selector)
      if (f.hosts > 0 && f.percent < c.below_percent) {
        return {
          granted: false,
          reason: 'inhibited',
          name: i.name,
          holders: 0,
          detail: `inhibition "${i.name}": hosts matching ${c.selector} are ${pct(f.percent)} healthy (${f.healthy} of ${f.hosts}), below ${c.below_percent}%`,
          inhibitionId: i.id,
        }
      }
    } else if (facts.alertFiring.get(i.id)) {
      const labels = Object.entries(c.labels).map(([k, v]) => `${k}=${v}`).join(',')
      return { granted: false, reason: 'inhibited', name: i.name, holders: 0, detail: `inhibition "${i.name}": an alert with labels {${labels}} is firing`, inhibitionId: i.id }
    }
  }
  const applicable = facts.budgets.filter((b) => matches(b.selector, ask.labels))
  for (const b of applicable) {
    const holderIds = new Set(facts.live.filter((l) => matches(b.selector, l.labels)).map((l) => l.hostId))
    const holders = holderIds.size
    const scope = b.selector ?? 'the whole fleet'
    const needsGroup = b.maxPercent !== null || b.minHealthyPercent !== null
    const f = needsGroup ? healthFigures(facts.fleet, b.selector) : { hosts: 0, healthy: 0, percent: 100 }
    if (b.minHealthyPercent !== null && f.percent < b.minHealthyPercent) {
      return {
        granted: false,
        reason: 'budget',
        name: b.name,
        holders,
        detail: `budget "${b.name}" (${scope}): ${pct(f.percent)} of the group healthy (${f.healthy} of ${f.hosts}), below min_healthy_percent ${b.minHealthyPercent}%`,
        budgetId: b.id,
      }
    }
    // A host already in a disruptive action adds no host to the count.
    if (holderIds.has(ask.hostId)) continue
    const allowed = allowedHosts(b, f.hosts)
    const waiting = (facts.ahead ?? []).filter((q) => q.budgetId === b.id).length
    if (holders >= allowed) {
      const limit = b.maxHosts !== null ? `max_hosts ${b.maxHosts}` : `max_percent ${b.maxPercent}% of ${f.hosts} hosts = ${allowed}`
      return {
        granted: false,
        reason: 'budget',
        name: b.name,
        holders,
        detail: `budget "${b.name}" (${scope}): ${holders} host(s) already in a disruptive action, ${limit}${waiting > 0 ? `; ${waiting} request(s) waiting ahead` : ''}`,
        budgetId: b.id,
        queueable: true,
      }
    }
    if (waiting > 0) {
      return {
        granted: false,
        reason: 'budget',
        name: b.name,
        holders,
        detail: `budget "${b.name}" (${scope}): ${waiting} request(s) already waiting for it come first (${holders} of ${allowed} host(s) in a disruptive action)`,
        budgetId: b.id,
        queueable: true,
      }
    }
  }
  return { granted: true, budgets: applicable }
}
