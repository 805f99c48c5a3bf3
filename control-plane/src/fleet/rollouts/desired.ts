import type { ModelRef, Rule } from '@smartcloudops/shared'
import type { ActiveAssignment } from '../../db/queries/models'
import type { RolloutRow } from '../../db/schema'
import { effectiveModel } from '../model-assignment'
import type { Labels } from '../selector'
import { onNewVersion } from './membership'

/** An active rollout with the content its new version carries, loaded with the fleet inputs. */
export interface RolloutInput {
  rollout: Pick<RolloutRow, 'id' | 'kind' | 'stages' | 'stageIndex'>
  ruleset?: { version: number; rules: Rule[] }
  model?: ModelRef
}

/**
 * Whether a model rollout covers a host: hosts whose model comes from a host or group assignment
 * keep it (the rollout ends as a fleet assignment, which they would not follow either).
 */
export function modelRolloutCovers(assignments: readonly ActiveAssignment[], host: { id: string; labels: Labels }): boolean {
  const current = effectiveModel(assignments, host)
  return !current || current.assignment.scope === 'fleet'
}

/** What the active rollouts give this host instead of the fleet's current ruleset / model (nothing: the current ones). */
export function rolledOutFor(
  rollouts: readonly RolloutInput[] | undefined,
  assignments: readonly ActiveAssignment[],
  host: { id: string; labels: Labels },
): { ruleset?: { version: number; rules: Rule[] }; model?: ModelRef } {
  const out: { ruleset?: { version: number; rules: Rule[] }; model?: ModelRef } = {}
  for (const r of rollouts ?? []) {
    if (!onNewVersion(r.rollout, host)) continue
    if (r.rollout.kind === 'ruleset' && r.ruleset) out.ruleset = r.ruleset
    if (r.rollout.kind === 'model' && r.model && modelRolloutCovers(assignments, host)) out.model = r.model
  }
  return out
}

/** Which active rollouts have reached the host ('' when none runs): part of the snapshot-sharing key. */
export function rolloutMembershipKey(rollouts: readonly RolloutInput[] | undefined, host: { id: string; labels: Labels }): string {
  return (rollouts ?? []).map((r) => (onNewVersion(r.rollout, host) ? '1' : '0')).join('')
}
