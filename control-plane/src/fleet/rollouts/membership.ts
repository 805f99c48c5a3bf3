import { createHash } from 'node:crypto'
import type { SelectorRequirement } from '@smartcloudops/shared/label-selector'
import type { RolloutStageSpec } from '../../db/schema'
import { parseSelector, requirementsMatch, type Labels } from '../selector'

/** Percentages are kept to hundredths: a host's bucket is one of 10,000. */
export const BUCKETS = 10_000

/**
 * A host's place in a rollout, in [0, 10000): the first 32 bits of sha256(rollout id, host id).
 * Deterministic (every replica and every restart agrees) and stable (it never changes while the
 * rollout runs); salted with the rollout id so successive rollouts do not always canary the same
 * hosts. A 10 % stage holds the hosts whose bucket is below 1,000, so every stage contains the
 * hosts of the smaller percentages before it.
 */
export function hostBucket(rolloutId: string, hostId: string): number {
  const h = createHash('sha256').update(`${rolloutId}\0${hostId}`).digest()
  return Math.floor((h.readUInt32BE(0) / 2 ** 32) * BUCKETS)
}

const parsed = new Map<string, SelectorRequirement[]>()
function requirements(selector: string): SelectorRequirement[] {
  let r = parsed.get(selector)
  if (!r) {
    // Stored selectors were parsed when the rollout was created; this cannot throw for them.
    r = parseSelector(selector).requirements
    if (parsed.size > 1000) parsed.clear()
    parsed.set(selector, r)
  }
  return r
}

export function stageCovers(stage: RolloutStageSpec, host: { labels: Labels }, bucket: number): boolean {
  if (stage.selector !== undefined) return requirementsMatch(requirements(stage.selector), host.labels)
  return bucket < Math.round((stage.percent ?? 0) * (BUCKETS / 100))
}

/** The first stage that covers the host (undefined: none does — only when no stage is 100 %). */
export function firstStageOf(rollout: { id: string; stages: readonly RolloutStageSpec[] }, host: { id: string; labels: Labels }): number | undefined {
  const bucket = hostBucket(rollout.id, host.id)
  const i = rollout.stages.findIndex((s) => stageCovers(s, host, bucket))
  return i === -1 ? undefined : i
}

/** True when the host runs the rollout's new version at the rollout's current stage. */
export function onNewVersion(rollout: { id: string; stages: readonly RolloutStageSpec[]; stageIndex: number }, host: { id: string; labels: Labels }): boolean {
  const first = firstStageOf(rollout, host)
  return first !== undefined && first <= rollout.stageIndex
}
