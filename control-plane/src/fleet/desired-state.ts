import { createHash } from 'node:crypto'
import type { AgentRuntimeConfig, DesiredState, Rule } from '@smartcloudops/shared'
import { matchScope } from '@smartcloudops/shared/rules/scope'
import { Value } from 'typebox/value'
import { AgentRuntimeConfig as AgentRuntimeConfigSchema } from '@smartcloudops/shared'
import type { ActiveAssignment } from '../db/queries/models'
import type { OverrideRow } from '../db/schema'
import { defaultRuntimeConfig } from '../db/queries/settings'
import { effectiveOverride } from './effective-override'
import { effectiveModel } from './model-assignment'
import type { Labels } from './selector'

/** Everything fleet-wide a snapshot depends on, loaded once per change and shared by all hosts. */
export interface FleetInputs {
  ruleset: { version: number; rules: Rule[] }
  overrides: OverrideRow[]
  remediationEnabled: boolean
  runtimeConfig: AgentRuntimeConfig
  /** Active model assignments, one per target. */
  modelAssignments: ActiveAssignment[]
}

export interface HostInputs {
  id: string
  labels: Labels
  configPatch: Record<string, unknown>
}

export type DesiredContent = Omit<DesiredState, 'revision'>

/** Fleet config, then the host's own patch; a patch that would make the config invalid is ignored. */
export function effectiveConfig(fleet: AgentRuntimeConfig, patch: Record<string, unknown>): AgentRuntimeConfig {
  const merged = { ...defaultRuntimeConfig, ...fleet, ...patch }
  return Value.Check(AgentRuntimeConfigSchema, merged) ? (merged as AgentRuntimeConfig) : { ...defaultRuntimeConfig, ...fleet }
}

/**
 * The snapshot for one host: the current ruleset narrowed to the rules whose scope includes the
 * host, the effective override, the engine switch, the runtime config and the assigned model (none:
 * the agent's built-in one). Pure; `now` decides which overrides have expired.
 */
export function desiredContent(fleet: FleetInputs, host: HostInputs, now = Date.now()): DesiredContent {
  const model = effectiveModel(fleet.modelAssignments, host)
  return {
    host_id: host.id,
    ruleset: {
      version: fleet.ruleset.version,
      rules: fleet.ruleset.rules.filter((r) => matchScope(r, host).inScope),
    },
    remediation_enabled: fleet.remediationEnabled,
    override: effectiveOverride(fleet.overrides, host, now),
    config: effectiveConfig(fleet.runtimeConfig, host.configPatch),
    ...(model ? { model: { version: model.version, sha256: model.sha256, size: model.size, url: model.url } } : {}),
  }
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
