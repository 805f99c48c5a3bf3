import { and, desc, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm'
import type { Hello } from '@smartcloudops/shared'
import { newId } from '../../auth/tokens'
import { pgArrayLiteral } from '../array-literal'
import type { Db } from '../client'
import { lockHostsById } from '../host-row-locks'
import { retryOnDeadlock } from '../retry-deadlock'
import { hosts, type ConnectionState, type HostRow } from '../schema'

/** The newest host row with this hostname, decommissioned or not. */
export async function latestHostByHostname(db: Db, hostname: string): Promise<HostRow | undefined> {
  const [row] = await db
    .select()
    .from(hosts)
    .where(eq(hosts.hostname, hostname))
    .orderBy(sql`${hosts.decommissionedAt} is null desc`, desc(hosts.firstSeenAt))
    .limit(1)
  return row
}

/**
 * A new host row, or (re-provisioning, decided by the caller) the existing one with its labels
 * updated. `labels` are authoritative (the token's); `reportedLabels` are what the agent proposed.
 */
export async function enrollHost(
  db: Db,
  input: { hostname: string; labels: Record<string, string>; reportedLabels?: Record<string, string>; agentVersion?: string; existingId?: string },
): Promise<HostRow> {
  if (input.existingId) {
    const [row] = await db
      .update(hosts)
      .set({ labels: input.labels, reportedLabels: input.reportedLabels ?? {}, ...(input.agentVersion ? { agentVersion: input.agentVersion } : {}) })
      .where(eq(hosts.id, input.existingId))
      .returning()
    return row!
  }
  const [row] = await db
    .insert(hosts)
    .values({ id: newId('host'), hostname: input.hostname, labels: input.labels, reportedLabels: input.reportedLabels ?? {}, agentVersion: input.agentVersion ?? null })
    .returning()
  return row!
}

/** Sets a host's authoritative labels (the API's decision). */
export async function setHostLabels(db: Db, hostId: string, labels: Record<string, string>): Promise<HostRow | undefined> {
  const [row] = await db.update(hosts).set({ labels }).where(and(eq(hosts.id, hostId), isNull(hosts.decommissionedAt))).returning()
  return row
}

export async function getHost(db: Db, id: string): Promise<HostRow | undefined> {
  const [row] = await db.select().from(hosts).where(eq(hosts.id, id)).limit(1)
  return row
}

export async function getHostsByIds(db: Db, ids: readonly string[]): Promise<HostRow[]> {
  const rows: HostRow[] = []
  for (let i = 0; i < ids.length; i += 1000) rows.push(...(await db.select().from(hosts).where(inArray(hosts.id, ids.slice(i, i + 1000)))))
  return rows
}

/** Enrolled (not decommissioned) hosts with this hostname: hostnames are not unique, ids are. */
export async function findHostsByHostname(db: Db, hostname: string, limit = 10): Promise<HostRow[]> {
  return db
    .select()
    .from(hosts)
    .where(and(eq(hosts.hostname, hostname), isNull(hosts.decommissionedAt)))
    .orderBy(desc(hosts.firstSeenAt))
    .limit(limit)
}

export interface HostFilter {
  selector?: Record<string, string>
  state?: ConnectionState
  hostIds?: string[]
  includeDecommissioned?: boolean
}

export function hostWhere(f: HostFilter): SQL | undefined {
  return and(
    f.includeDecommissioned ? undefined : isNull(hosts.decommissionedAt),
    f.selector ? sql`${hosts.labels} @> ${JSON.stringify(f.selector)}::jsonb` : undefined,
    f.state ? eq(hosts.connectionState, f.state) : undefined,
    f.hostIds ? inArray(hosts.id, f.hostIds) : undefined,
  )
}

export async function listHosts(db: Db, f: HostFilter & { limit?: number; offset?: number } = {}): Promise<HostRow[]> {
  return db
    .select()
    .from(hosts)
    .where(hostWhere(f))
    .orderBy(hosts.hostname, hosts.id)
    .limit(f.limit ?? 10_000)
    .offset(f.offset ?? 0)
}

/**
 * Only what the fleet status counts (connection, override scope, rule set and model in use):
 * reading whole rows (facts, capabilities) made GET /remediation/status slow on large fleets.
 */
export async function listHostSummaries(db: Db, f: HostFilter = {}) {
  return db
    .select({
      id: hosts.id,
      labels: hosts.labels,
      connectionState: hosts.connectionState,
      appliedRulesetVersion: hosts.appliedRulesetVersion,
      appliedModelVersion: hosts.appliedModelVersion,
      agentVersion: hosts.agentVersion,
    })
    .from(hosts)
    .where(hostWhere(f))
}

export async function countHosts(db: Db, f: HostFilter = {}): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(hosts).where(hostWhere(f))
  return row?.n ?? 0
}

/** Hosts (not decommissioned) whose agent last reported running this model version. */
export async function countHostsByModel(db: Db, version: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(hosts)
    .where(and(isNull(hosts.decommissionedAt), eq(hosts.appliedModelVersion, version)))
  return row?.n ?? 0
}

/**
 * Agents said hello: record what each is, the model it runs, and that it is online on `replica`,
 * in one statement however many (a fleet reconnecting after a restart says 10,000 hellos in
 * seconds). Returns what the desired-state pusher needs of each host that still exists, by id.
 */
export async function recordHellos(db: Db, hellos: ReadonlyMap<string, Hello>, replica: string): Promise<Map<string, DesiredHostRow>> {
  if (hellos.size === 0) return new Map()
  const rows = [...hellos].map(([id, h]) => ({
    id,
    // The agent reports labels; it does not choose its groups (labels stay the control plane's).
    reported_labels: h.labels,
    agent_version: h.agent_version,
    capabilities: h.capabilities,
    facts: h.facts,
    monitoring: h.monitoring ? 'on' : 'off',
    model_version: h.model_version ?? null,
  }))
  // One JSON parameter, as in connections.ts: identical on PGlite and postgres.js. Times are the
  // database's clock, like every confirmation.
  const res = await retryOnDeadlock(() => db.execute(sql`
    with v as (select * from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
      as v(id text, reported_labels jsonb, agent_version text, capabilities jsonb, facts jsonb, monitoring text, model_version text)),
    ${lockHostsById({ ids: sql`select id from v` })}
    update hosts h set
      reported_labels = v.reported_labels,
      agent_version = v.agent_version,
      capabilities = v.capabilities,
      facts = v.facts,
      last_seen_at = now(),
      connection_state = 'online',
      connected_replica = ${replica},
      connection_checked_at = now(),
      monitoring = v.monitoring,
      applied_model_version = coalesce(v.model_version, h.applied_model_version)
    from v join locked on locked.id = v.id
    where h.id = v.id
    returning h.id, h.labels, h.config_patch, h.desired_hash, h.desired_revision::text`))
  const out = new Map<string, DesiredHostRow>()
  for (const r of rowsOf<{ id: string; labels: Record<string, string>; config_patch: Record<string, unknown>; desired_hash: string | null; desired_revision: string }>(res)) {
    out.set(r.id, { id: r.id, labels: r.labels, configPatch: r.config_patch, desiredHash: r.desired_hash, desiredRevision: Number(r.desired_revision) })
  }
  return out
}

/**
 * One statement however many hosts: the ids travel as one array parameter, unnested once.
 * (`id = any($1::text::text[])` re-parsed the whole literal for every row: minutes at 10,000.)
 */
export async function setDesired(db: Db, hostIds: readonly string[], revision: number, hash: string): Promise<void> {
  if (hostIds.length === 0) return
  await retryOnDeadlock(() => db.execute(sql`
    with ${lockHostsById(hostIds)}
    update hosts h set desired_revision = ${revision}, desired_hash = ${hash}
    from locked where h.id = locked.id`))
}

/**
 * What the desired-state pusher needs of these hosts (not whole rows: facts and capabilities are
 * most of a row), in one statement however many.
 */
export async function getDesiredHosts(db: Db, ids: readonly string[]): Promise<DesiredHostRow[]> {
  if (ids.length === 0) return []
  return db.select(desiredColumns).from(hosts).where(sql`${hosts.id} in (select unnest(${pgArrayLiteral(ids)}::text::text[]))`)
}

const desiredColumns = {
  id: hosts.id,
  labels: hosts.labels,
  configPatch: hosts.configPatch,
  desiredHash: hosts.desiredHash,
  desiredRevision: hosts.desiredRevision,
}
export type DesiredHostRow = Pick<HostRow, keyof typeof desiredColumns>

export async function nextDesiredRevision(db: Db): Promise<number> {
  const res = await db.execute(sql`select nextval('desired_state_seq')::text as v`)
  const [row] = rowsOf<{ v: string }>(res)
  return Number(row!.v)
}

/** drizzle's execute returns the rows (postgres-js) or `{rows}` (PGlite). */
export function rowsOf<T>(res: unknown): T[] {
  return Array.isArray(res) ? (res as T[]) : ((res as { rows: T[] }).rows ?? [])
}

export async function decommissionHost(db: Db, hostId: string): Promise<HostRow | undefined> {
  const [row] = await db
    .update(hosts)
    .set({ decommissionedAt: new Date(), connectionState: 'offline' })
    .where(and(eq(hosts.id, hostId), isNull(hosts.decommissionedAt)))
    .returning()
  return row
}

export async function setConfigPatch(db: Db, hostIds: string[], patch: Record<string, unknown>): Promise<void> {
  for (let i = 0; i < hostIds.length; i += 1000) {
    const ids = hostIds.slice(i, i + 1000)
    // Safe to repeat: merging the same patch twice gives what merging it once does.
    await retryOnDeadlock(() => db.execute(sql`
      with ${lockHostsById(ids)}
      update hosts h set config_patch = h.config_patch || ${JSON.stringify(patch)}::jsonb
      from locked where h.id = locked.id`))
  }
}

/** At start-up: whatever this replica thought was connected is not (no sockets survive a restart). */
export async function markAllOffline(db: Db): Promise<void> {
  await db.update(hosts).set({ connectionState: 'offline' }).where(inArray(hosts.connectionState, ['online', 'stale']))
}

/** The monitoring state an agent confirmed (its answer to start/stop_monitoring). */
export async function setMonitoring(db: Db, hostId: string, monitoring: boolean): Promise<void> {
  await db
    .update(hosts)
    .set({ monitoring: monitoring ? 'on' : 'off' })
    .where(eq(hosts.id, hostId))
}
