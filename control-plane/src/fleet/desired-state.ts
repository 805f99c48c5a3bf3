import { createHash } from 'node:crypto'
import type { AgentRuntimeConfig, DesiredState, PausedRule, Rule } from '@smartcloudops/shared'
import { matchScope } from '@smartcloudops/shared/rules/scope'
import { Value } from 'typebox/value'
import { AgentRuntimeConfig as AgentRuntimeConfigSchema } from '@smartcloudops/shared'
import type { ActiveReleaseAssignment } from '../db/queries/agent-releases'
import type { ActiveAssignment } from '../db/queries/models'
import { effectiveRelease } from './agent-release-assignment'
import type { OverrideRow } from '../db/schema'
import { defaultRuntimeConfig } from '../db/queries/settings'
import { effectiveOverride } from './effective-override'
import { effectiveModel } from './model-assignment'
import { rolledOutFor, rolloutMembershipKey, type RolloutInput } from './rollouts/desired'
import type { Labels } from './selector'

/** Everything fleet-wide a snapshot depends on, loaded once per change and shared by all hosts. */
export interface FleetInputs {
  ruleset: { version: number; rules: Rule[] }
  overrides: OverrideRow[]
  remediationEnabled: boolean
  runtimeConfig: AgentRuntimeConfig
  /** Active model assignments, one per target. */
  modelAssignments: ActiveAssignment[]
  /** Active staged rollouts: hosts in their current stages get the new version (fleet/rollouts). */
  rollouts?: RolloutInput[]
  /** Active agent-version assignments, one per target (absent: none). */
  releaseAssignments?: ActiveReleaseAssignment[]
  /** Rules paused fleet-wide (fleet/rule-health.ts); absent = none. */
  pausedRules?: PausedRule[]
}

export interface HostInputs {
  id: string
  labels: Labels
  configPatch: Record<string, unknown>
}

export type DesiredContent = Omit<DesiredState, 'revision'>

/**
 * The config of hosts without a patch (most of them), per fleet config object: checking the schema
 * per request was 6 % of the drill-down bench's CPU (a profile of `pnpm bench:api`). The fleet
 * inputs are replaced, never changed, on every change.
 */
const unpatched = new WeakMap<AgentRuntimeConfig, AgentRuntimeConfig>()

/** Fleet config, then the host's own patch; a patch that would make the config invalid is ignored. */
export function effectiveConfig(fleet: AgentRuntimeConfig, patch: Record<string, unknown>): AgentRuntimeConfig {
  const noPatch = Object.keys(patch).length === 0
  const known = noPatch ? unpatched.get(fleet) : undefined
  if (known) return known
  const merged = { ...defaultRuntimeConfig, ...fleet, ...patch }
  const config = Value.Check(AgentRuntimeConfigSchema, merged) ? (merged as AgentRuntimeConfig) : { ...defaultRuntimeConfig, ...fleet }
  if (noPatch) unpatched.set(fleet, config)
  return config
}

/**
 * The snapshot for one host: the current ruleset (or a staged rollout's, at the host's stage) narrowed to the rules whose scope includes the
 * host, the effective override, the engine switch, the runtime config and the assigned model (none:
 * the agent's built-in one). Pure; `now` decides which overrides have expired.
 */
export function desiredContent(fleet: FleetInputs, host: HostInputs, now = Date.now()): DesiredContent {
  const rolled = rolledOutFor(fleet.rollouts, fleet.modelAssignments, host)
  const model = rolled.model ?? effectiveModel(fleet.modelAssignments, host)
  const ruleset = rolled.ruleset ?? fleet.ruleset
  const release = effectiveRelease(fleet.releaseAssignments ?? [], host)
  const rules = ruleset.rules.filter((r) => matchScope(r, host).inScope)
  const paused = fleet.pausedRules?.filter((p) => rules.some((r) => r.name === p.rule)) ?? []
  return {
    host_id: host.id,
    ruleset: { version: ruleset.version, rules },
    // Only when a rule is paused: the snapshot of a fleet without pauses stays as it was.
    ...(paused.length ? { paused_rules: paused } : {}),
    remediation_enabled: fleet.remediationEnabled,
    override: effectiveOverride(fleet.overrides, host, now),
    config: effectiveConfig(fleet.runtimeConfig, host.configPatch),
    ...(model ? { model: { version: model.version, sha256: model.sha256, size: model.size, url: model.url } } : {}),
    ...(release ? { agent_release: release } : {}),
  }
}

/**
 * Hosts the fleet inputs name by id (a rule's host list, a host override, a host model or agent
 * version assignment). Every other host's snapshot depends only on its labels and config patch, so hosts
 * that share those share one snapshot (see desired-state-groups.ts). Whoever adds a per-host input
 * to desiredContent must name its hosts here, or they would get a neighbour's snapshot.
 */
export function hostsNamedBy(fleet: FleetInputs): Set<string> {
  const named = new Set<string>()
  for (const r of fleet.ruleset.rules) for (const id of r.scope?.hosts ?? []) named.add(id)
  for (const o of fleet.overrides) if (o.scope === 'host' && typeof o.selector.host_id === 'string') named.add(o.selector.host_id)
  for (const a of fleet.modelAssignments) if (a.scope === 'host' && typeof a.selector['host_id'] === 'string') named.add(a.selector['host_id'])
  for (const a of fleet.releaseAssignments ?? []) if (a.scope === 'host' && typeof a.selector['host_id'] === 'string') named.add(a.selector['host_id'])
  return named
}

/**
 * What a host's snapshot depends on when the fleet inputs do not name it: labels, config patch,
 * and which active rollouts have reached it (a percentage stage places hosts by a hash of their id,
 * so two hosts with the same labels may run different versions).
 */
export function sharedContentKey(host: HostInputs, fleet?: FleetInputs): string {
  return `${stableJson(host.labels)}\u0000${stableJson(host.configPatch)}\u0000${rolloutMembershipKey(fleet?.rollouts, host)}`
}

/** Stable hash of a snapshot's content, to tell whether a host needs a new revision. */
export function contentHash(content: DesiredContent): string {
  return createHash('sha256').update(stableJson(content)).digest('hex')
}

function stableJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(',')}]`
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>
    return `{${Object.keys(o)
      .sort()
      .filter((k) => o[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${stableJson(o[k])}`)
      .join(',')}}`
  }
  return JSON.stringify(v)
}
