import { and, desc, eq, isNull, sql } from 'drizzle-orm'
import { newId } from '../../auth/tokens'
import type { Db } from '../client'
import { modelAssignments, models, type ModelAssignmentRow, type ModelScope } from '../schema'
import { canonicalRequirements, type StoredSelector } from '../../fleet/selector'
import { rowsOf } from './hosts'
import { sameStoredSelector } from './stored-selector'

/** A registered model without its bytes. */
export interface ModelInfo {
  version: string
  sha256: string
  size: number
  meta: Record<string, unknown>
  uploadedBy: string
  createdAt: Date
}

const info = {
  version: models.version,
  sha256: models.sha256,
  size: models.size,
  meta: models.meta,
  uploadedBy: models.uploadedBy,
  createdAt: models.createdAt,
}

/** Inserts a model; undefined when the version already exists (the caller tells 409 from a re-upload). */
export async function insertModel(
  db: Db,
  m: { version: string; sha256: string; bytes: Uint8Array; meta: Record<string, unknown>; uploadedBy: string },
): Promise<ModelInfo | undefined> {
  const b64 = Buffer.from(m.bytes.buffer, m.bytes.byteOffset, m.bytes.byteLength).toString('base64')
  const rows = await db
    .insert(models)
    .values({ version: m.version, sha256: m.sha256, size: m.bytes.byteLength, bytes: sql`decode(${b64}, 'base64')` as never, meta: m.meta, uploadedBy: m.uploadedBy })
    .onConflictDoNothing({ target: models.version })
    .returning(info)
  return rows[0]
}

export async function listModels(db: Db): Promise<ModelInfo[]> {
  return db.select(info).from(models).orderBy(desc(models.createdAt), desc(models.version))
}

export async function getModel(db: Db, version: string): Promise<ModelInfo | undefined> {
  const [row] = await db.select(info).from(models).where(eq(models.version, version)).limit(1)
  return row
}

export async function getModelBytes(db: Db, version: string): Promise<{ sha256: string; bytes: Buffer } | undefined> {
  const res = await db.execute(sql`select sha256, encode(bytes, 'base64') as b64 from models where version = ${version}`)
  const [row] = rowsOf<{ sha256: string; b64: string }>(res)
  return row && { sha256: row.sha256, bytes: Buffer.from(row.b64, 'base64') }
}

export interface ActiveAssignment extends ModelAssignmentRow {
  sha256: string
  size: number
}

/** Every target's current assignment (the newest uncleared row per scope + selector), with its model's hash and size. */
export async function listActiveAssignments(db: Db): Promise<ActiveAssignment[]> {
  const rows = await db
    .select({ a: modelAssignments, sha256: models.sha256, size: models.size })
    .from(modelAssignments)
    .innerJoin(models, eq(models.version, modelAssignments.modelVersion))
    .where(isNull(modelAssignments.clearedAt))
    .orderBy(desc(modelAssignments.createdAt), desc(modelAssignments.id))
  return newestPerTarget(rows.map((r) => ({ ...r.a, sha256: r.sha256, size: r.size })))
}

/** Of assignment rows ordered newest first, the first one per target (its current assignment). */
export function newestPerTarget<T extends { scope: ModelScope; selector: Record<string, string>; requirements?: StoredSelector['requirements'] }>(newestFirst: readonly T[]): T[] {
  const seen = new Set<string>()
  const out: T[] = []
  for (const r of newestFirst) {
    const key = targetKey(r.scope, { selector: r.selector, requirements: r.requirements ?? null })
    if (seen.has(key)) continue
    seen.add(key)
    out.push(r)
  }
  return out
}

/** One string per target (requirements rebuilt canonically: jsonb hands objects back with its own key order). */
export function targetKey(scope: ModelScope, s: StoredSelector): string {
  return `${scope}:${JSON.stringify(Object.entries(s.selector).sort(([a], [b]) => (a < b ? -1 : 1)))}:${JSON.stringify(s.requirements ? canonicalRequirements(s.requirements) : null)}`
}

export async function createAssignment(
  db: Db,
  a: { scope: ModelScope; selector: Record<string, string>; requirements: StoredSelector['requirements']; modelVersion: string; author: string },
): Promise<ModelAssignmentRow> {
  const [row] = await db.insert(modelAssignments).values({ id: newId('mda'), ...a }).returning()
  return row!
}

/**
 * Rollback at one target: clears its current assignment so the one before it (at the same target)
 * applies again — or, when there was none, the next less specific scope. Undefined when the target
 * has no assignment.
 */
export async function clearCurrentAssignment(db: Db, scope: ModelScope, stored: StoredSelector, by: string): Promise<ModelAssignmentRow | undefined> {
  return db.transaction(async (tx) => {
    const [current] = await tx
      .select()
      .from(modelAssignments)
      .where(and(isNull(modelAssignments.clearedAt), eq(modelAssignments.scope, scope), sameStoredSelector(modelAssignments, stored)))
      .orderBy(desc(modelAssignments.createdAt), desc(modelAssignments.id))
      .limit(1)
      .for('update')
    if (!current) return undefined
    const [row] = await tx.update(modelAssignments).set({ clearedAt: new Date(), clearedBy: by }).where(eq(modelAssignments.id, current.id)).returning()
    return row
  })
}
