import { fit } from '@smartcloudops/shared/protocol/fit'
import type { EffectiveOverride, OverrideMode } from '@smartcloudops/shared'
import type { OverrideRow } from '../db/schema'
import { storedSelectorMatches, type Labels } from './selector'

const restrictiveness: Record<OverrideMode, number> = { enabled: 0, dry_run: 1, paused: 2 }
const specificity = { fleet: 0, group: 1, host: 2 } as const

export function overrideApplies(o: Pick<OverrideRow, 'scope' | 'selector'> & { requirements?: OverrideRow['requirements'] }, host: { id: string; labels: Labels }): boolean {
  if (o.scope === 'fleet') return true
  if (o.scope === 'host') return o.selector.host_id === host.id
  return storedSelectorMatches(o, host.labels)
}

export function isActive(o: Pick<OverrideRow, 'clearedAt' | 'expiresAt'>, now: number): boolean {
  return o.clearedAt === null && (o.expiresAt === null || o.expiresAt.getTime() > now)
}

/**
 * The override in force for one host: the most restrictive active one that applies (paused >
 * dry_run > enabled), so a fleet-wide pause cannot be undone by a host-level "enabled". Among equally
 * restrictive ones the most specific scope, then the newest, is reported as the source.
 */
export function effectiveOverride(all: readonly OverrideRow[], host: { id: string; labels: Labels }, now = Date.now()): EffectiveOverride {
  let best: OverrideRow | undefined
  for (const o of all) {
    if (!isActive(o, now) || !overrideApplies(o, host)) continue
    if (!best) {
      best = o
      continue
    }
    const r = restrictiveness[o.mode] - restrictiveness[best.mode]
    const s = specificity[o.scope] - specificity[best.scope]
    if (r > 0 || (r === 0 && (s > 0 || (s === 0 && o.createdAt > best.createdAt)))) best = o
  }
  if (!best) return { mode: 'enabled', scope: 'default' }
  return {
    mode: best.mode,
    scope: best.scope,
    override_id: best.id,
    reason: fit(best.reason, 'reason'),
    author: fit(best.author, 'name'),
    ...(best.expiresAt ? { expires_at: best.expiresAt.getTime() } : {}),
  }
}
