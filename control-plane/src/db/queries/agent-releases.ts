import { and, desc, eq, isNull, sql } from 'drizzle-orm'
import type { AgentUpgradeReport, ReleaseManifest } from '@smartcloudops/shared'
import { newId } from '../../auth/tokens'
import type { Db } from '../client'
import { agentReleaseAssignments, agentReleases, agentUpgradeReports, hosts, type AgentReleaseAssignmentRow, type AgentUpgradeReportRow, type ModelScope } from '../schema'
import { rowsOf } from './hosts'
import { newestPerTarget } from './models'

/** A stored release without its bytes. */
export interface ReleaseInfo {
  version: string
  sha256: string
  size: number
  manifest: ReleaseManifest
  signature: string | null
  uploadedBy: string
  createdAt: Date
}

const info = {
  version: agentReleases.version,
  sha256: agentReleases.sha256,
  size: agentReleases.size,
  manifest: agentReleases.manifest,
  signature: agentReleases.signature,
  uploadedBy: agentReleases.uploadedBy,
  createdAt: agentReleases.createdAt,
}

/** Inserts a release; undefined when the version exists already (the caller tells 409 from a re-upload). */
export async function insertRelease(
  db: Db,
  r: { version: string; sha256: string; bytes: Uint8Array; manifest: ReleaseManifest; signature: string | null; uploadedBy: string },
): Promise<ReleaseInfo | undefined> {
  const b64 = Buffer.from(r.bytes.buffer, r.bytes.byteOffset, r.bytes.byteLength).toString('base64')
  const rows = await db
    .insert(agentReleases)
    .values({ version: r.version, sha256: r.sha256, size: r.bytes.byteLength, bytes: sql`decode(${b64}, 'base64')` as never, manifest: r.manifest, signature: r.signature, uploadedBy: r.uploadedBy })
    .onConflictDoNothing({ target: agentReleases.version })
    .returning(info)
  return rows[0]
}

export async function listReleases(db: Db): Promise<ReleaseInfo[]> {
  return db.select(info).from(agentReleases).orderBy(desc(agentReleases.createdAt), desc(agentReleases.version))
}

export async function getRelease(db: Db, version: string): Promise<ReleaseInfo | undefined> {
  const [row] = await db.select(info).from(agentReleases).where(eq(agentReleases.version, version)).limit(1)
  return row
}

export async function getReleaseBytes(db: Db, version: string): Promise<{ sha256: string; bytes: Buffer } | undefined> {
  const res = await db.execute(sql`select sha256, encode(bytes, 'base64') as b64 from agent_releases where version = ${version}`)
  const [row] = rowsOf<{ sha256: string; b64: string }>(res)
  return row && { sha256: row.sha256, bytes: Buffer.from(row.b64, 'base64') }
}

export interface ActiveReleaseAssignment extends AgentReleaseAssignmentRow {
  sha256: string
  size: number
  signature: string | null
}

/** Every target's current agent-version assignment, with its release's hash, size and signature. */
export async function listActiveReleaseAssignments(db: Db): Promise<ActiveReleaseAssignment[]> {
  const rows = await db
    .select({ a: agentReleaseAssignments, sha256: agentReleases.sha256, size: agentReleases.size, signature: agentReleases.signature })
    .from(agentReleaseAssignments)
    .innerJoin(agentReleases, eq(agentReleases.version, agentReleaseAssignments.releaseVersion))
    .where(isNull(agentReleaseAssignments.clearedAt))
    .orderBy(desc(agentReleaseAssignments.createdAt), desc(agentReleaseAssignments.id))
  return newestPerTarget(rows.map((r) => ({ ...r.a, sha256: r.sha256, size: r.size, signature: r.signature })))
}

export async function createReleaseAssignment(
  db: Db,
  a: { scope: ModelScope; selector: Record<string, string>; releaseVersion: string; author: string },
): Promise<AgentReleaseAssignmentRow> {
  const [row] = await db.insert(agentReleaseAssignments).values({ id: newId('ara'), ...a }).returning()
  return row!
}

/** Clears a target's current assignment, so the one before it (or a less specific scope's) applies again. */
export async function clearCurrentReleaseAssignment(db: Db, scope: ModelScope, selector: Record<string, string>, by: string): Promise<AgentReleaseAssignmentRow | undefined> {
  return db.transaction(async (tx) => {
    const [current] = await tx
      .select()
      .from(agentReleaseAssignments)
      .where(and(isNull(agentReleaseAssignments.clearedAt), eq(agentReleaseAssignments.scope, scope), sql`${agentReleaseAssignments.selector} = ${JSON.stringify(selector)}::jsonb`))
      .orderBy(desc(agentReleaseAssignments.createdAt), desc(agentReleaseAssignments.id))
      .limit(1)
      .for('update')
    if (!current) return undefined
    const [row] = await tx.update(agentReleaseAssignments).set({ clearedAt: new Date(), clearedBy: by }).where(eq(agentReleaseAssignments.id, current.id)).returning()
    return row
  })
}

/** Stores an `agent.upgrade` report once (by host and envelope id); false when it was stored before. */
export async function insertUpgradeReport(db: Db, hostId: string, id: string, r: AgentUpgradeReport): Promise<boolean> {
  const rows = await db
    .insert(agentUpgradeReports)
    .values({ hostId, id, fromVersion: r.from_version, toVersion: r.to_version, outcome: r.outcome, error: r.error ?? null, at: new Date(r.at) })
    .onConflictDoNothing()
    .returning({ id: agentUpgradeReports.id })
  return rows.length > 0
}

/** Every live host with the version it reported in its last hello and its latest upgrade report. */
export async function listHostVersions(db: Db): Promise<Array<{ id: string; hostname: string; labels: Record<string, string>; agentVersion: string | null; last: AgentUpgradeReportRow | null }>> {
  const [rows, reports] = await Promise.all([
    db.select({ id: hosts.id, hostname: hosts.hostname, labels: hosts.labels, agentVersion: hosts.agentVersion }).from(hosts).where(isNull(hosts.decommissionedAt)).orderBy(hosts.hostname, hosts.id),
    db.selectDistinctOn([agentUpgradeReports.hostId]).from(agentUpgradeReports).orderBy(agentUpgradeReports.hostId, desc(agentUpgradeReports.at), desc(agentUpgradeReports.receivedAt)),
  ])
  const last = new Map(reports.map((r) => [r.hostId, r]))
  return rows.map((h) => ({ ...h, last: last.get(h.id) ?? null }))
}

export async function countHostsByAgentVersion(db: Db, version: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(hosts)
    .where(and(isNull(hosts.decommissionedAt), eq(hosts.agentVersion, version)))
  return row?.n ?? 0
}
