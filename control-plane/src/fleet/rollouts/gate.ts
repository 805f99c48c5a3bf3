import type { GateLimit, GateThresholds } from '../../db/schema'

/** What the gate compares, summed over a group of hosts for one window. */
export interface GroupCounts {
  hosts: number
  /** Actions started. */
  actions: number
  /** Actions whose verification found the condition still holding (verified = false). */
  failedVerifications: number
  /** Actions that failed to execute, plus hosts that could not apply their desired state. */
  agentErrors: number
  /** Decisions a gate suppressed (cooldown, max_actions, policy, budget…). */
  suppressions: number
}

export const gateMetrics = ['action_rate', 'failed_verifications', 'agent_errors', 'suppressions'] as const
export type GateMetric = (typeof gateMetrics)[number]

const countOf: Record<GateMetric, keyof Omit<GroupCounts, 'hosts'>> = {
  action_rate: 'actions',
  failed_verifications: 'failedVerifications',
  agent_errors: 'agentErrors',
  suppressions: 'suppressions',
}

/**
 * Defaults: the new version may do up to twice what the old one does per host, and a breach also
 * needs an absolute excess per host over the window, so one stray action on a quiet fleet (0 → 1)
 * does not roll a release back. Documented in control-plane/README.md#staged-rollouts.
 */
export const defaultGate: GateThresholds = {
  action_rate: { max_ratio: 2, min_excess: 3 },
  failed_verifications: { max_ratio: 2, min_excess: 2 },
  agent_errors: { max_ratio: 2, min_excess: 2 },
  suppressions: { max_ratio: 2, min_excess: 5 },
}

export interface MetricVerdict {
  metric: GateMetric
  new_per_host: number
  old_per_host: number
  /** Above this per-host figure the new group breaches (max(old × ratio, old + excess)). */
  limit: number
  breached: boolean
}

export interface GateVerdict {
  ok: boolean
  new_hosts: number
  old_hosts: number
  metrics: MetricVerdict[]
  /** One line per breached metric, with the numbers (what the alert says). */
  breaches: string[]
}

const round = (n: number) => Math.round(n * 100) / 100

/**
 * Compares the hosts on the new version with the baseline, per host. A metric breaches when the
 * new group's per-host figure is above `old × max_ratio` AND at least `min_excess` above `old`:
 * the ratio catches "much worse than usual", the excess keeps tiny numbers from deciding.
 */
export function evaluateGate(fresh: GroupCounts, baseline: GroupCounts, gate: GateThresholds): GateVerdict {
  const metrics = gateMetrics.map((metric) => {
    const limit: GateLimit = gate[metric]
    const n = fresh.hosts ? fresh[countOf[metric]] / fresh.hosts : 0
    const o = baseline.hosts ? baseline[countOf[metric]] / baseline.hosts : 0
    const breached = fresh.hosts > 0 && n > o * limit.max_ratio && n - o >= limit.min_excess
    return { metric, new_per_host: round(n), old_per_host: round(o), limit: round(Math.max(o * limit.max_ratio, o + limit.min_excess)), breached }
  })
  const breaches = metrics
    .filter((m) => m.breached)
    .map((m) => `${m.metric.replace('_', ' ')}: ${m.new_per_host} per host on the new version vs ${m.old_per_host} on the old (limit ${gate[m.metric].max_ratio}× and +${gate[m.metric].min_excess})`)
  return { ok: breaches.length === 0, new_hosts: fresh.hosts, old_hosts: baseline.hosts, metrics, breaches }
}
