import { desc, eq, sql } from 'drizzle-orm'
import type { Db } from '../client'
import { actions, hostGroups, summaryCounters, type HostGroupRow, type OverrideRow } from '../schema'
import { settingDefaults } from './settings'
import { rowsOf } from './hosts'

/**
 * The trigger-maintained host counts (migration `host_groups_summary`): one row per distinct
 * (labels, connection state, rule set, model and agent version) among enrolled hosts.
 */
export async function listHostGroups(db: Db): Promise<HostGroupRow[]> {
  return db.select().from(hostGroups)
}

/** Every stored action, from the trigger-maintained counter (not a count(*) over the history). */
export async function countAllActions(db: Db): Promise<number> {
  const [row] = await db.select({ n: summaryCounters.n }).from(summaryCounters).where(eq(summaryCounters.name, 'actions'))
  return row?.n ?? 0
}

/** The newest actions of the fleet, without the total that listActions counts (the counter has it). */
export async function newestActions(db: Db, limit: number) {
  return db.select().from(actions).orderBy(desc(actions.startedAt), actions.id).limit(limit)
}

export interface FleetStatusInputs {
  currentRulesetVersion: number
  remediationEnabled: boolean
  /** Active at `now`, newest first (as listActiveOverrides). */
  overrides: OverrideRow[]
  groups: HostGroupRow[]
  /** Enrolled hosts that active host-scoped overrides name. */
  hostScoped: { id: string; labels: Record<string, string> }[]
  totalActions: number
}

/**
 * Everything the fleet-wide status counts, in one statement: on PGlite every statement costs the
 * one thread a parse and a plan, on PostgreSQL a round trip and a pool slot, and the status answer
 * used seven of them. Same rows as getSetting, listActiveOverrides, listHostGroups and
 * countAllActions return.
 */
export async function fleetStatusInputs(db: Db, now: Date): Promise<FleetStatusInputs> {
  const res = await db.execute(sql`
    with active as (
      select * from overrides where cleared_at is null and (expires_at is null or expires_at > ${now.toISOString()}::timestamptz)
    )
    select
      (select value from settings where key = 'current_ruleset_version') as ruleset_version,
      (select value from settings where key = 'remediation_enabled') as remediation_enabled,
      (select coalesce(json_agg(a order by a.created_at desc), '[]') from active a) as overrides,
      (select coalesce(json_agg(g), '[]') from host_groups g) as groups,
      (select coalesce(json_agg(json_build_object('id', h.id, 'labels', h.labels)), '[]') from hosts h
        where h.decommissioned_at is null and h.id in (select a.selector->>'host_id' from active a where a.scope = 'host')) as host_scoped,
      (select n::text from summary_counters where name = 'actions') as actions`)
  const [r] = rowsOf<{ ruleset_version: unknown; remediation_enabled: unknown; overrides: unknown; groups: unknown; host_scoped: unknown; actions: string | null }>(res)
  // postgres.js parses json columns; PGlite returns json as parsed too, jsonb values as their JSON.
  const json = <T>(v: unknown): T => (typeof v === 'string' ? (JSON.parse(v) as T) : (v as T))
  const overrides = json<Record<string, unknown>[]>(r!.overrides).map(overrideFromJson)
  const groups = json<Record<string, unknown>[]>(r!.groups).map((g) => ({
    key: g.key as string,
    labels: g.labels as Record<string, string>,
    connectionState: g.connection_state as HostGroupRow['connectionState'],
    appliedRulesetVersion: g.applied_ruleset_version as number | null,
    appliedModelVersion: g.applied_model_version as string | null,
    agentVersion: g.agent_version as string | null,
    hosts: g.hosts as number,
  }))
  return {
    currentRulesetVersion: r!.ruleset_version == null ? settingDefaults.current_ruleset_version : json<number>(r!.ruleset_version),
    remediationEnabled: r!.remediation_enabled == null ? settingDefaults.remediation_enabled : json<boolean>(r!.remediation_enabled),
    overrides,
    groups,
    hostScoped: json<{ id: string; labels: Record<string, string> }[]>(r!.host_scoped),
    totalActions: r!.actions == null ? 0 : Number(r!.actions),
  }
}

const date = (v: unknown): Date | null => (v == null ? null : new Date(v as string))

function overrideFromJson(o: Record<string, unknown>): OverrideRow {
  return {
    id: o.id as string,
    scope: o.scope as OverrideRow['scope'],
    selector: o.selector as OverrideRow['selector'],
    requirements: (o.requirements ?? null) as OverrideRow['requirements'],
    mode: o.mode as OverrideRow['mode'],
    reason: o.reason as string,
    author: o.author as string,
    createdAt: new Date(o.created_at as string),
    expiresAt: date(o.expires_at),
    clearedAt: date(o.cleared_at),
    clearedBy: (o.cleared_by ?? null) as string | null,
  }
}
