import { and, desc, eq, gt, isNull, or, sql } from 'drizzle-orm'
import { newId } from '../../auth/tokens'
import type { Db } from '../client'
import type { StoredSelector } from '../../fleet/selector'
import { sameStoredSelector } from './stored-selector'
import { overrides, type OverrideRow, type OverrideScope } from '../schema'

export async function createOverride(
  db: Db,
  input: {
    scope: OverrideScope
    selector: Record<string, string>
    requirements: StoredSelector['requirements']
    mode: OverrideRow['mode']
    reason: string
    author: string
    expiresAt?: Date
  },
): Promise<OverrideRow> {
  const [row] = await db
    .insert(overrides)
    .values({ id: newId('ovr'), ...input, expiresAt: input.expiresAt ?? null })
    .returning()
  return row!
}

function activeAt(now: Date) {
  return and(isNull(overrides.clearedAt), or(isNull(overrides.expiresAt), gt(overrides.expiresAt, now)))
}

export async function listActiveOverrides(db: Db, now = new Date()): Promise<OverrideRow[]> {
  return db.select().from(overrides).where(activeAt(now)).orderBy(desc(overrides.createdAt))
}

export async function listOverrides(db: Db, opts: { includeInactive?: boolean; limit?: number } = {}): Promise<OverrideRow[]> {
  if (!opts.includeInactive) return listActiveOverrides(db)
  return db
    .select()
    .from(overrides)
    .orderBy(desc(overrides.createdAt))
    .limit(opts.limit ?? 500)
}

export async function getOverride(db: Db, id: string): Promise<OverrideRow | undefined> {
  const [row] = await db.select().from(overrides).where(eq(overrides.id, id)).limit(1)
  return row
}

export async function clearOverride(db: Db, id: string, by: string): Promise<OverrideRow | undefined> {
  const [row] = await db
    .update(overrides)
    .set({ clearedAt: new Date(), clearedBy: by })
    .where(and(eq(overrides.id, id), isNull(overrides.clearedAt)))
    .returning()
  return row
}

/** Clears every active override of exactly this scope and selector (the report's "enable"). */
export async function clearOverridesAt(db: Db, scope: OverrideScope, stored: StoredSelector, by: string): Promise<OverrideRow[]> {
  return db
    .update(overrides)
    .set({ clearedAt: new Date(), clearedBy: by })
    .where(and(activeAt(new Date()), eq(overrides.scope, scope), sameStoredSelector(overrides, stored)))
    .returning()
}

/** The soonest future expiry among active overrides: when the effective state next changes by itself. */
export async function nextOverrideExpiry(db: Db, now = new Date()): Promise<Date | undefined> {
  const [row] = await db
    .select({ at: sql<string | null>`min(${overrides.expiresAt})` })
    .from(overrides)
    .where(and(isNull(overrides.clearedAt), gt(overrides.expiresAt, now)))
  return row?.at ? new Date(row.at) : undefined
}
