import { desc, eq, sql } from 'drizzle-orm'
import type { Rule } from '@smartcloudops/shared'
import type { Db } from '../client'
import { hosts, rollouts, rulesetVersions, settings } from '../schema'
import { getSetting } from './settings'

export interface RulesetVersion {
  version: number
  rules: Rule[]
  author: string
  message: string
  createdAt: Date
}

export async function currentRuleset(db: Db): Promise<RulesetVersion> {
  const version = await getSetting(db, 'current_ruleset_version')
  if (version === 0) return { version: 0, rules: [], author: 'system', message: 'empty', createdAt: new Date(0) }
  const row = await getRulesetVersion(db, version)
  if (!row) throw new Error(`current ruleset version ${version} is missing from ruleset_versions`)
  return row
}

// Versions are immutable, so they can be cached forever (per database handle).
const versionCache = new WeakMap<Db, Map<number, RulesetVersion>>()

export async function getRulesetVersion(db: Db, version: number): Promise<RulesetVersion | undefined> {
  let cache = versionCache.get(db)
  if (!cache) versionCache.set(db, (cache = new Map()))
  const hit = cache.get(version)
  if (hit) return hit
  const [row] = await db.select().from(rulesetVersions).where(eq(rulesetVersions.version, version)).limit(1)
  if (row && cache.size < 100) cache.set(version, row)
  return row
}

export async function listRulesetVersions(db: Db, limit = 100, offset = 0) {
  return db
    .select({
      version: rulesetVersions.version,
      author: rulesetVersions.author,
      message: rulesetVersions.message,
      createdAt: rulesetVersions.createdAt,
      ruleCount: sql<number>`jsonb_array_length(${rulesetVersions.rules})::int`,
    })
    .from(rulesetVersions)
    .orderBy(desc(rulesetVersions.version))
    .limit(limit)
    .offset(offset)
}

/** A ruleset edit while a staged rollout of rulesets runs: it would move the rollout's baseline under it. */
export class RolloutInProgressError extends Error {
  readonly code = 'rollout_in_progress'
  readonly statusCode = 409
  constructor(readonly rolloutId: string) {
    super(`ruleset rollout ${rolloutId} is in progress: promote, abort or wait for it before changing the ruleset (GET /api/v1/rollouts/${rolloutId})`)
  }
}

/**
 * Records a new ruleset version and makes it current, in one transaction. `expectedVersion` (when
 * given) makes concurrent edits fail instead of silently overwriting each other. `staged`: record
 * the version without making it current (a staged rollout takes it out in stages). Making a
 * version current while a ruleset rollout runs throws RolloutInProgressError (409).
 */
export async function commitRuleset(
  db: Db,
  input: { rules: Rule[]; author: string; message: string; expectedVersion?: number; staged?: boolean },
): Promise<RulesetVersion | { conflict: number }> {
  return db.transaction(async (tx) => {
    // Serialise writers: the settings row for the pointer is locked for the transaction.
    await tx
      .insert(settings)
      .values({ key: 'current_ruleset_version', value: 0 })
      .onConflictDoNothing()
    const [pointer] = await tx.execute(sql`select value from settings where key = 'current_ruleset_version' for update`).then((r) =>
      Array.isArray(r) ? r : (r as { rows: unknown[] }).rows,
    ) as { value: number }[]
    const current = Number(pointer?.value ?? 0)
    if (input.expectedVersion !== undefined && input.expectedVersion !== current) return { conflict: current }
    if (!input.staged) {
      const [active] = await tx.select({ id: rollouts.id }).from(rollouts).where(sql`${rollouts.kind} = 'ruleset' and ${rollouts.state} in ('running', 'paused')`).limit(1)
      if (active) throw new RolloutInProgressError(active.id)
    }
    const [max] = await tx.select({ v: sql<number>`coalesce(max(${rulesetVersions.version}), 0)::int` }).from(rulesetVersions)
    const version = (max?.v ?? 0) + 1
    const [row] = await tx
      .insert(rulesetVersions)
      .values({ version, rules: input.rules, author: input.author, message: input.message })
      .returning()
    if (!input.staged) {
      await tx
        .update(settings)
        .set({ value: version, updatedBy: input.author, updatedAt: new Date() })
        .where(eq(settings.key, 'current_ruleset_version'))
    }
    return row!
  })
}

/** Which hosts acknowledged which ruleset version (null = never acknowledged). */
export async function rulesetRollout(db: Db) {
  return db
    .select({ version: hosts.appliedRulesetVersion, hosts: sql<number>`count(*)::int` })
    .from(hosts)
    .where(sql`${hosts.decommissionedAt} is null`)
    .groupBy(hosts.appliedRulesetVersion)
    .orderBy(desc(hosts.appliedRulesetVersion))
}
