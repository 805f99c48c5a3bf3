import { and, desc, eq, sql } from 'drizzle-orm'
import type { Db } from '../client'
import { deadLetters, type DeadLetterRow } from '../schema'

export const deadLetterReasons = ['not_storable', 'owned_by_another_host', 'unknown_action'] as const
export type DeadLetterReason = (typeof deadLetterReasons)[number]

export interface DeadLetterInput {
  hostId: string
  eventId: string
  type: string
  reason: DeadLetterReason
  detail: string
  /** The payload as the agent sent it; stored as JSON text (NULs escaped, so text can hold it). */
  payload: unknown
}

export async function insertDeadLetter(db: Db, d: DeadLetterInput): Promise<void> {
  await db.insert(deadLetters).values({
    hostId: d.hostId,
    eventId: d.eventId,
    type: d.type,
    reason: d.reason,
    // The detail comes from an error message, which may quote the offending value.
    detail: d.detail.replaceAll('\u0000', '\uFFFD'),
    payload: JSON.stringify(d.payload) ?? 'null',
  })
}

export async function listDeadLetters(
  db: Db,
  f: { hostId?: string; limit: number; offset: number },
): Promise<{ items: DeadLetterRow[]; total: number }> {
  const where = and(f.hostId ? eq(deadLetters.hostId, f.hostId) : undefined)
  const [items, [count]] = await Promise.all([
    db.select().from(deadLetters).where(where).orderBy(desc(deadLetters.receivedAt), desc(deadLetters.id)).limit(f.limit).offset(f.offset),
    db.select({ n: sql<number>`count(*)::int` }).from(deadLetters).where(where),
  ])
  return { items, total: count?.n ?? 0 }
}
