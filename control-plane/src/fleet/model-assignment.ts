import type { ModelRef } from '@smartcloudops/shared'
import type { ActiveAssignment } from '../db/queries/models'
import { storedSelectorMatches, type Labels } from './selector'

const specificity = { fleet: 0, group: 1, host: 2 } as const

/** Where agents download a version's bytes (with their credential). */
export function modelUrl(version: string): string {
  return `/api/v1/agents/models/${encodeURIComponent(version)}`
}

/**
 * The model a host should run: the most specific assignment that covers it (host > group > fleet);
 * among groups that all match, the newest. Undefined = no assignment: the agent runs its built-in model.
 * `assignments` are the active ones (one per target).
 */
export function effectiveModel(assignments: readonly ActiveAssignment[], host: { id: string; labels: Labels }): (ModelRef & { assignment: ActiveAssignment }) | undefined {
  const best = mostSpecific(assignments, host)
  return best && { version: best.modelVersion, sha256: best.sha256, size: best.size, url: modelUrl(best.modelVersion), assignment: best }
}

/** The assignment that covers a host most specifically (host > group > fleet; the newest group among matches). */
export function mostSpecific<A extends { scope: keyof typeof specificity; selector: Record<string, string>; createdAt: Date }>(assignments: readonly A[], host: { id: string; labels: Labels }): A | undefined {
  let best: A | undefined
  for (const a of assignments) {
    const covers = a.scope === 'fleet' || (a.scope === 'host' ? a.selector['host_id'] === host.id : storedSelectorMatches(a, host.labels))
    if (!covers) continue
    if (
      !best ||
      specificity[a.scope] > specificity[best.scope] ||
      (specificity[a.scope] === specificity[best.scope] && a.createdAt.getTime() > best.createdAt.getTime())
    ) {
      best = a
    }
  }
  return best
}
