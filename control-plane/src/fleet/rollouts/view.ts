import type { Db } from '../../db/client'
import type { RolloutRow } from '../../db/schema'
import { iso } from '../../http/envelope'
import { desiredContent } from '../desired-state'
import { loadFleetInputs } from '../fleet-inputs'
import { population } from './advance'
import { onNewVersion } from './membership'

export function rolloutView(r: RolloutRow, stageHosts?: number[]) {
  const stage = r.stages[r.stageIndex]
  const running = r.state === 'running' && stage
  return {
    id: r.id,
    kind: r.kind,
    state: r.state,
    from_ruleset_version: r.fromRulesetVersion,
    to_ruleset_version: r.toRulesetVersion,
    to_model_version: r.toModelVersion,
    stage: r.stageIndex + 1,
    stages: r.stages.map((s, i) => ({ stage: i + 1, selector: s.selector ?? null, percent: s.percent ?? null, soak_s: s.soak_s, hosts: stageHosts ? (stageHosts[i] ?? 0) : null })),
    stage_started_at: r.stageStartedAt.toISOString(),
    soak_ends_at: running ? new Date(r.stageStartedAt.getTime() + stage.soak_s * 1000).toISOString() : null,
    reason: r.reason,
    gate: r.gate as unknown as Record<string, unknown>,
    last_gate: r.lastGate ?? null,
    events: r.events,
    created_by: r.createdBy,
    created_at: r.createdAt.toISOString(),
    finished_at: iso(r.finishedAt),
  }
}

/** A rollout with each host's stage and versions (desired, as it is sent; applied, as acknowledged). */
export async function rolloutDetail(db: Db, r: RolloutRow, limit = 1000) {
  const [pop, inputs] = await Promise.all([population(db, r), loadFleetInputs(db)])
  const perStage = r.stages.map((_, i) => pop.covered.filter((c) => c.firstStage === i).length)
  const active = r.state === 'running' || r.state === 'paused'
  const hosts = pop.covered.slice(0, limit).map(({ host, firstStage }) => {
    const desired = desiredContent(inputs, { id: host.id, labels: host.labels, configPatch: {} })
    return {
      host_id: host.id,
      hostname: host.hostname,
      stage: firstStage === undefined ? null : firstStage + 1,
      on_new_version: active && onNewVersion(r, host),
      desired_ruleset_version: desired.ruleset.version,
      desired_model_version: desired.model?.version ?? null,
      applied_ruleset_version: host.appliedRulesetVersion,
      applied_model_version: host.appliedModelVersion,
      connection_state: host.connectionState,
    }
  })
  return { ...rolloutView(r, perStage), hosts, hosts_total: pop.covered.length }
}
