import { and, asc, eq, inArray, lte } from 'drizzle-orm'
import type { Db } from '../client'
import { budgets, hosts, permitWaiters, type PermitWaiterRow } from '../schema'

/**
 * The budget queue's rows (db/schema/permit-queue.ts). Every function that changes them runs
 * inside the permit transaction (./permits.ts), under the permit lock; the API only reads.
 */

/** Waiters a budget's queue holds at most; past it a request is refused at once, as without a queue. */
export const MAX_QUEUE_PER_BUDGET = 64
/** Requests one host may have waiting at once (as many as the leases it may hold). */
export const MAX_WAITING_PER_HOST = 16

export interface EnqueueInput {
  hostId: string
  budgetId: string
  requestId: string
  rule: string
  action: string
  target: string
  ttlS: number
  replica: string
  enqueuedAt: Date
  waitUntil: Date
}

/** The whole queue, oldest first (small: at most MAX_QUEUE_PER_BUDGET per budget, each ≤ 60 s old). */
export async function queuedRequests(db: Db): Promise<PermitWaiterRow[]> {
  return db.select().from(permitWaiters).orderBy(asc(permitWaiters.seq))
}

export async function enqueue(db: Db, input: EnqueueInput): Promise<PermitWaiterRow> {
  const [row] = await db.insert(permitWaiters).values(input).returning()
  return row!
}

export async function removeWaiters(db: Db, seqs: readonly number[]): Promise<void> {
  if (seqs.length > 0) await db.delete(permitWaiters).where(inArray(permitWaiters.seq, [...seqs]))
}

/** Waiters whose wait ended by `now`, removed and returned (each is then answered with a refusal). */
export async function takeTimedOut(db: Db, now: Date): Promise<PermitWaiterRow[]> {
  return db.delete(permitWaiters).where(lte(permitWaiters.waitUntil, now)).returning()
}

/** The agent disconnected from this replica: its waiters leave the queue (nobody to answer). */
export async function removeHostWaiters(db: Db, hostId: string, replica: string): Promise<PermitWaiterRow[]> {
  return db
    .delete(permitWaiters)
    .where(and(eq(permitWaiters.hostId, hostId), eq(permitWaiters.replica, replica)))
    .returning()
}

/** What GET /budgets shows of the queue: position per budget, host and target, waiting since. */
export async function queueView(db: Db): Promise<Array<PermitWaiterRow & { hostname: string; budgetName: string }>> {
  return db
    .select({
      seq: permitWaiters.seq,
      hostId: permitWaiters.hostId,
      budgetId: permitWaiters.budgetId,
      requestId: permitWaiters.requestId,
      rule: permitWaiters.rule,
      action: permitWaiters.action,
      target: permitWaiters.target,
      ttlS: permitWaiters.ttlS,
      replica: permitWaiters.replica,
      enqueuedAt: permitWaiters.enqueuedAt,
      waitUntil: permitWaiters.waitUntil,
      hostname: hosts.hostname,
      budgetName: budgets.name,
    })
    .from(permitWaiters)
    .innerJoin(hosts, eq(hosts.id, permitWaiters.hostId))
    .innerJoin(budgets, eq(budgets.id, permitWaiters.budgetId))
    .orderBy(asc(permitWaiters.seq))
}
