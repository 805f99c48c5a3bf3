import { and, desc, gte, lte, sql } from 'drizzle-orm'
import { newId } from '../../auth/tokens'
import type { Db } from '../client'
import { auditLog } from '../schema'

export async function writeAudit(
  db: Db,
  entry: { actor: string; role: string; method: string; path: string; statusCode: number; detail?: Record<string, unknown>; remoteAddress?: string },
): Promise<void> {
  await db.insert(auditLog).values({ id: newId('aud'), ...entry, detail: entry.detail ?? null, remoteAddress: entry.remoteAddress ?? null })
}

export async function listAudit(db: Db, f: { actor?: string; from?: Date; to?: Date; limit: number; offset: number }) {
  const where = and(
    f.actor ? sql`${auditLog.actor} like ${'%' + f.actor + '%'}` : undefined,
    f.from ? gte(auditLog.at, f.from) : undefined,
    f.to ? lte(auditLog.at, f.to) : undefined,
  )
  const [items, [count]] = await Promise.all([
    db.select().from(auditLog).where(where).orderBy(desc(auditLog.at)).limit(f.limit).offset(f.offset),
    db.select({ n: sql<number>`count(*)::int` }).from(auditLog).where(where),
  ])
  return { items, total: count?.n ?? 0 }
}

