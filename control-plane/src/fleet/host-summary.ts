import type { OverrideMode } from '@smartcloudops/shared'
import type { Db } from '../db/client'
import { fleetStatusInputs, type FleetStatusInputs } from '../db/queries/fleet-summary'
import type { ConnectionState, OverrideRow } from '../db/schema'
import { effectiveOverride } from './effective-override'
import type { Labels } from './selector'

/**
 * Hosts that count the same in GET /remediation/status: a group of `hosts` hosts (from the
 * summary table) or one host (`id` set, hosts = 1) when the target is narrower than the fleet.
 */
export interface HostGroup {
  id?: string
  labels: Labels
  connectionState: ConnectionState
  appliedRulesetVersion: number | null
  appliedModelVersion: string | null
  agentVersion: string | null
  hosts: number
}

export interface HostCounts {
  total: number
  online: number
  stale: number
  offline: number
  never_connected: number
  enabled: number
  dry_run: number
  paused: number
}

export interface HostSummary {
  hosts: HostCounts
  ruleset_versions_in_use: { version: number | null; hosts: number }[]
  model_versions_in_use: { version: string | null; hosts: number }[]
  agent_versions_in_use: { version: string | null; hosts: number }[]
}

/**
 * Counts hosts by connection state, effective override mode and versions in use, at `now` (overrides
 * expire as time passes; connection states are kept current by the liveness sweeps' writes).
 *
 * A group without `id` is judged by its labels alone, which is exact for every fleet and group
 * override; hosts named by an active host-scoped override are passed in `hostScoped` (their labels
 * as stored) and moved from their group's mode to their own.
 */
export function summarizeHosts(groups: readonly HostGroup[], overrides: readonly OverrideRow[], now: number, hostScoped: readonly { id: string; labels: Labels }[] = []): HostSummary {
  const counts: HostCounts = { total: 0, online: 0, stale: 0, offline: 0, never_connected: 0, enabled: 0, dry_run: 0, paused: 0 }
  const byLabels = new Map<string, OverrideMode>()
  const labelMode = (labels: Labels): OverrideMode => {
    const k = JSON.stringify(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
    let mode = byLabels.get(k)
    if (!mode) byLabels.set(k, (mode = effectiveOverride(overrides, { id: '', labels }, now).mode))
    return mode
  }
  const versions = new Map<number | null, number>()
  const models = new Map<string | null, number>()
  const agents = new Map<string | null, number>()
  for (const g of groups) {
    counts.total += g.hosts
    if (g.connectionState === 'never') counts.never_connected += g.hosts
    else counts[g.connectionState] += g.hosts
    counts[g.id ? effectiveOverride(overrides, { id: g.id, labels: g.labels }, now).mode : labelMode(g.labels)] += g.hosts
    versions.set(g.appliedRulesetVersion, (versions.get(g.appliedRulesetVersion) ?? 0) + g.hosts)
    models.set(g.appliedModelVersion, (models.get(g.appliedModelVersion) ?? 0) + g.hosts)
    agents.set(g.agentVersion, (agents.get(g.agentVersion) ?? 0) + g.hosts)
  }
  for (const h of hostScoped) {
    counts[labelMode(h.labels)]--
    counts[effectiveOverride(overrides, h, now).mode]++
  }
  return {
    hosts: counts,
    ruleset_versions_in_use: [...versions].map(([version, n]) => ({ version, hosts: n })).sort((a, b) => (b.version ?? -1) - (a.version ?? -1)),
    // Model / agent each host reports running (null: never reported); most hosts first, then by
    // version, so equal counts come out in one order whatever order the rows were read in.
    model_versions_in_use: byHostsThenVersion(models),
    agent_versions_in_use: byHostsThenVersion(agents),
  }
}

function byHostsThenVersion(m: Map<string | null, number>): { version: string | null; hosts: number }[] {
  return [...m]
    .map(([version, n]) => ({ version, hosts: n }))
    .sort((a, b) => b.hosts - a.hosts || (a.version === b.version ? 0 : a.version === null ? 1 : b.version === null ? -1 : a.version < b.version ? -1 : 1))
}

/** Hosts named by active host-scoped overrides: the only ones whose mode their labels do not decide. */
export function hostScopedIds(overrides: readonly OverrideRow[]): string[] {
  return [...new Set(overrides.filter((o) => o.scope === 'host' && typeof o.selector.host_id === 'string').map((o) => o.selector.host_id as string))]
}

/**
 * The whole fleet's status inputs and host summary at `now`, from the summary tables in one
 * statement (no scan of hosts or actions).
 */
export async function fleetStatus(db: Db, now: number): Promise<FleetStatusInputs & { summary: HostSummary }> {
  const inputs = await fleetStatusInputs(db, new Date(now))
  return { ...inputs, summary: summarizeHosts(inputs.groups, inputs.overrides, now, inputs.hostScoped) }
}
