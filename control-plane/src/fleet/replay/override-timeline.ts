import type { OverrideMode } from '@smartcloudops/shared'
import type { OverrideRow } from '../../db/schema'
import { effectiveOverride, overrideApplies } from '../effective-override'
import type { Labels } from '../selector'

/**
 * The override in force for one host at any moment of a past range, rebuilt from the stored
 * overrides (cleared and expired ones are kept with their times). Uses the same rule as the live
 * fleet (`effectiveOverride`: the most restrictive wins) on the overrides that were in force then.
 * The host's labels are today's: label history is not stored, so a group override is matched
 * against the labels the host has now.
 *
 * Samples arrive in time order, so `modeAt` only recomputes when `t` crosses the next moment an
 * override started, was cleared or expired.
 */
export class OverrideTimeline {
  private readonly rows: OverrideRow[]
  private readonly changes: number[]
  private next = 0
  private mode: OverrideMode = 'enabled'
  private computed = false

  constructor(all: readonly OverrideRow[], private readonly host: { id: string; labels: Labels }) {
    this.rows = all.filter((o) => overrideApplies(o, host))
    const times = new Set<number>()
    for (const o of this.rows) {
      times.add(o.createdAt.getTime())
      if (o.clearedAt) times.add(o.clearedAt.getTime())
      if (o.expiresAt) times.add(o.expiresAt.getTime())
    }
    this.changes = [...times].sort((a, b) => a - b)
  }

  /** The effective mode at `t` (ms); `t` must not go backwards between calls (it may repeat). */
  modeAt(t: number): OverrideMode {
    let moved = !this.computed
    while (this.next < this.changes.length && this.changes[this.next]! <= t) {
      this.next++
      moved = true
    }
    if (moved) {
      this.mode = this.rows.length === 0 ? 'enabled' : inForceAt(this.rows, this.host, t)
      this.computed = true
    }
    return this.mode
  }
}

function inForceAt(rows: readonly OverrideRow[], host: { id: string; labels: Labels }, t: number): OverrideMode {
  // As the override stood at t: created by then, not yet cleared (expiry is checked by effectiveOverride).
  const then = rows.filter((o) => o.createdAt.getTime() <= t && (o.clearedAt === null || o.clearedAt.getTime() > t)).map((o) => ({ ...o, clearedAt: null }))
  return effectiveOverride(then, host, t).mode
}
