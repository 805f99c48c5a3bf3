import { and, gt, isNull, or, sql } from 'drizzle-orm'
import type { Db } from '../client'
import { hosts, overrides } from '../schema'

export interface FleetGaugeRows {
  byState: { key: string; n: number }[]
  byRuleset: { key: string; n: number }[]
  byModel: { key: string; n: number }[]
  overrides: { scope: string; mode: string; n: number }[]
}

/** Counts for the fleet gauges on /metrics: small grouped reads, bounded by states and versions in use. */
export async function fleetGaugeRows(db: Db): Promise<FleetGaugeRows> {
  const live = isNull(hosts.decommissionedAt)
  const n = sql<number>`count(*)::int`
  const [byState, byRuleset, byModel, active] = await Promise.all([
    db.select({ key: hosts.connectionState, n }).from(hosts).where(live).groupBy(hosts.connectionState),
    db.select({ key: sql<string>`coalesce(${hosts.appliedRulesetVersion}::text, 'none')`, n }).from(hosts).where(live).groupBy(sql`1`),
    db.select({ key: sql<string>`coalesce(${hosts.appliedModelVersion}, 'none')`, n }).from(hosts).where(live).groupBy(sql`1`),
    db
      .select({ scope: overrides.scope, mode: overrides.mode, n })
      .from(overrides)
      .where(and(isNull(overrides.clearedAt), or(isNull(overrides.expiresAt), gt(overrides.expiresAt, new Date()))))
      .groupBy(overrides.scope, overrides.mode),
  ])
  return { byState, byRuleset, byModel, overrides: active }
}
