import type { Db } from '../db/client'
import { listHostSummaries } from '../db/queries/hosts'
import type { OverrideRow } from '../db/schema'
import { describeTarget, type Target } from './targets'
import { overrideApplies } from './effective-override'
import { overrideView } from './override-service'

/**
 * Overrides as the API shows them: with how many enrolled hosts each applies to right now, and a
 * warning when that is none (a typo in a selector must not look like a successful pause).
 */
export async function overridesWithMatches(db: Db, rows: readonly OverrideRow[], now = Date.now()) {
  const hosts = rows.length ? await listHostSummaries(db) : []
  return rows.map((o) => {
    const matched = hosts.filter((h) => overrideApplies(o, h)).length
    return { ...overrideView(o, now), matched_hosts: matched, warnings: matched === 0 ? [noMatchWarning(o)] : [] }
  })
}

export async function overrideWithMatches(db: Db, row: OverrideRow) {
  return (await overridesWithMatches(db, [row]))[0]!
}

function noMatchWarning(o: OverrideRow): string {
  const target: Target = { scope: o.scope, selector: o.selector, ...(o.scope === 'host' ? { hostId: o.selector.host_id } : {}), ...(o.requirements ? { requirements: o.requirements } : {}) }
  return `matches no enrolled host now: ${describeTarget(target)}; it will apply to hosts that match later (check the selector with GET /api/v1/hosts?selector=)`
}
