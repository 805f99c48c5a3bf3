import { and, eq, gt, inArray, isNull, lte, sql } from 'drizzle-orm'
import type { PermitAnswer } from '@smartcloudops/shared'
import { newId } from '../../auth/tokens'
import { selectorMatchesLabels } from '@smartcloudops/shared/label-selector'
import { decidePermit, requirementsOf, type FleetHost, type LiveLease, type PermitAsk, type PermitFacts, type PermitVerdict, type QueuedAsk } from '../../fleet/permits/decide'
import type { Db } from '../client'
import { rowsOf } from './hosts'
import { enqueue, MAX_QUEUE_PER_BUDGET, MAX_WAITING_PER_HOST, queuedRequests, removeHostWaiters, removeWaiters, takeTimedOut } from './permit-queue'
import { firingExpiresAfterMs, matchingAlertFiring } from './intake'
import { budgets, hosts, inhibitions, leases, type PermitWaiterRow } from '../schema'

/**
 * Every permit decision of the fleet runs under this one transaction-level advisory lock: two
 * replicas (or two requests on one) never count the same live leases at the same time, so a
 * budget of 1 grants exactly one. Permits are rare (disruptive actions only), so one lock for the
 * fleet costs nothing and needs no lock ordering between budgets. PGlite runs the same SQL.
 */
export const PERMIT_LOCK_KEY = 0x5c0b_0010

/** README.md, "Healthy": a failed verification this recent makes a host unhealthy. */
export const FAILED_VERIFICATION_WINDOW_MS = 15 * 60_000

export interface PermitInput {
  hostId: string
  rule: string
  action: string
  target: string
  ttlMs: number
  /** permit.request.v2: how long the request may wait in a full budget's queue (0 or absent: never). */
  waitS?: number
  /** The gateway replica holding the agent's connection (recorded on a queued request). */
  replica?: string
  requestId?: string
  now?: Date
}

export type PermitRefused = PermitVerdict & { granted: false }
export type PermitResult =
  | (PermitRefused & { queued?: undefined })
  | { granted: true; leaseId: string; expiresAt: Date; budgets: string[] }
  | { granted: false; queued: true; name: string; position: number; holders: number; waitUntil: Date }

/**
 * An answer for an agent that is not the one asking now: a queued request granted (or refused)
 * because a lease freed, its wait ended, or what it waited behind changed. The replica holding
 * the agent's connection sends it (fleet/permits/queue-service.ts).
 */
export interface PermitNotice {
  hostId: string
  replica: string
  answer: PermitAnswer
}

/** What one permit transaction leaves to do: answers to send, and when the queue next needs a look. */
export interface QueueWork {
  notices: PermitNotice[]
  /** The earliest wait end or lease expiry while requests wait; null when the queue is empty. */
  nextDeadline: Date | null
}

type Tx = Db

async function readFacts(tx: Tx, now: Date): Promise<PermitFacts> {
  // Leases whose agent vanished: closed before anything is counted.
  await tx
    .update(leases)
    .set({ releasedAt: sql`${leases.expiresAt}`, releaseReason: 'expired' })
    .where(and(isNull(leases.releasedAt), lte(leases.expiresAt, now)))
  const budgetRows = await tx.select().from(budgets)
  const inhibitionRows = await tx.select().from(inhibitions)
  const live = await liveLeases(tx, now)
  const needsFleet =
    budgetRows.some((b) => b.maxPercent !== null || b.minHealthyPercent !== null) || inhibitionRows.some((i) => i.condition.kind === 'group_unhealthy')
  const fleet = needsFleet ? await fleetHealth(tx, now) : []
  const alertFiring = new Map<string, boolean>()
  for (const i of inhibitionRows) if (i.condition.kind === 'alert_firing') alertFiring.set(i.id, await alertIsFiring(tx, i.condition.labels, now))
  return { budgets: budgetRows, inhibitions: inhibitionRows, fleet, live, alertFiring }
}

async function labelsOf(tx: Tx, hostIds: readonly string[]): Promise<Map<string, Record<string, string>>> {
  if (hostIds.length === 0) return new Map()
  const rows = await tx.select({ id: hosts.id, labels: hosts.labels }).from(hosts).where(inArray(hosts.id, [...new Set(hostIds)]))
  return new Map(rows.map((r) => [r.id, r.labels]))
}

async function grantLease(tx: Tx, ask: PermitAsk, verdict: PermitVerdict & { granted: true }, ttlMs: number, now: Date, facts: PermitFacts) {
  const leaseId = newId('lse')
  const expiresAt = new Date(now.getTime() + ttlMs)
  const names = verdict.budgets.map((b) => b.name)
  await tx.insert(leases).values({ id: leaseId, hostId: ask.hostId, rule: ask.rule, action: ask.action, target: ask.target, grantedAt: now, expiresAt, budgetNames: names })
  if (verdict.budgets.length > 0) {
    await tx
      .update(budgets)
      .set({ grantedTotal: sql`${budgets.grantedTotal} + 1` })
      .where(inArray(budgets.id, verdict.budgets.map((b) => b.id)))
  }
  // Counted by every later decision of this same transaction (the next waiter, the newcomer).
  facts.live.push({ id: leaseId, hostId: ask.hostId, labels: ask.labels, rule: ask.rule, action: ask.action, target: ask.target, grantedAt: now, expiresAt })
  return { leaseId, expiresAt, names }
}

async function countRefusal(tx: Tx, verdict: PermitRefused, now: Date): Promise<void> {
  if (verdict.budgetId) {
    await tx.update(budgets).set({ refusedTotal: sql`${budgets.refusedTotal} + 1`, lastRefusedAt: now }).where(eq(budgets.id, verdict.budgetId))
  }
  if (verdict.inhibitionId) {
    await tx.update(inhibitions).set({ refusedTotal: sql`${inhibitions.refusedTotal} + 1`, lastRefusedAt: now }).where(eq(inhibitions.id, verdict.inhibitionId))
  }
}

const waitedS = (w: PermitWaiterRow, now: Date) => Math.max(0, Math.round((now.getTime() - w.enqueuedAt.getTime()) / 100) / 10)

function refusalNotice(w: PermitWaiterRow, name: string, holders: number, detail: string, reason: 'budget' | 'inhibited' = 'budget'): PermitNotice {
  return { hostId: w.hostId, replica: w.replica, answer: { request_id: w.requestId, granted: false, reason, name, holders, detail } }
}

/**
 * The queue's turn, first in every permit transaction: waits that ended are answered with a
 * refusal; then each waiter, oldest first, is decided again with only the waiters before it
 * ahead — granted when its budget has room, answered at once when something other than a full
 * budget now refuses it (an inhibition began, min_healthy broke), otherwise it keeps its place.
 * Returns the waiters still queued, in order (what a newcomer queues behind).
 */
async function advanceQueue(tx: Tx, facts: PermitFacts, now: Date, notices: PermitNotice[]): Promise<QueuedAsk[]> {
  const budgetName = (id: string) => facts.budgets.find((b) => b.id === id)?.name ?? id
  for (const w of await takeTimedOut(tx, now)) {
    const b = facts.budgets.find((x) => x.id === w.budgetId)
    const holders = new Set(facts.live.filter((l) => selectorMatchesLabels(requirementsOf(b?.selector ?? null), l.labels)).map((l) => l.hostId)).size
    await tx.update(budgets).set({ refusedTotal: sql`${budgets.refusedTotal} + 1`, lastRefusedAt: now }).where(eq(budgets.id, w.budgetId))
    notices.push(refusalNotice(w, budgetName(w.budgetId), holders, `waited ${waitedS(w, now)} s in the queue of budget "${budgetName(w.budgetId)}" without a lease freeing for it; wait ended`))
  }
  const queue = await queuedRequests(tx)
  if (queue.length === 0) return []
  const labels = await labelsOf(tx, queue.map((w) => w.hostId))
  const ahead: QueuedAsk[] = []
  const done: number[] = []
  for (const w of queue) {
    const ask: PermitAsk = { hostId: w.hostId, labels: labels.get(w.hostId) ?? {}, rule: w.rule, action: w.action, target: w.target }
    const v = decidePermit(ask, { ...facts, ahead })
    if (v.granted) {
      const g = await grantLease(tx, ask, v, w.ttlS * 1000, now, facts)
      done.push(w.seq)
      notices.push({ hostId: w.hostId, replica: w.replica, answer: { request_id: w.requestId, granted: true, lease_id: g.leaseId, expires_at: g.expiresAt.getTime() } })
    } else if (v.queueable) {
      ahead.push({ seq: w.seq, hostId: w.hostId, budgetId: v.budgetId ?? w.budgetId })
    } else {
      await countRefusal(tx, v, now)
      done.push(w.seq)
      notices.push(refusalNotice(w, v.name, v.holders, `after ${waitedS(w, now)} s in the queue: ${v.detail}`, v.reason))
    }
  }
  await removeWaiters(tx, done)
  return ahead
}

async function nextDeadline(tx: Tx, facts: PermitFacts): Promise<Date | null> {
  const queue = await queuedRequests(tx)
  if (queue.length === 0) return null
  const times = [...queue.map((w) => w.waitUntil.getTime()), ...facts.live.map((l) => l.expiresAt.getTime())]
  return new Date(Math.min(...times))
}

/** One permit transaction: the lock, the facts, the queue's turn, then `fn`. */
async function underPermitLock<T>(db: Db, now: Date, fn: (tx: Tx, facts: PermitFacts, ahead: QueuedAsk[], notices: PermitNotice[]) => Promise<T>): Promise<{ value: T } & QueueWork> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${PERMIT_LOCK_KEY})`)
    const facts = await readFacts(tx, now)
    const notices: PermitNotice[] = []
    const ahead = await advanceQueue(tx, facts, now, notices)
    const value = await fn(tx, facts, ahead, notices)
    return { value, notices, nextDeadline: await nextDeadline(tx, facts) }
  })
}

export async function requestPermit(db: Db, input: PermitInput): Promise<{ result: PermitResult } & QueueWork> {
  const now = input.now ?? new Date()
  const { value, ...work } = await underPermitLock(db, now, async (tx, facts, ahead): Promise<PermitResult> => {
    const [host] = await tx.select({ labels: hosts.labels }).from(hosts).where(eq(hosts.id, input.hostId)).limit(1)
    const ask: PermitAsk = { hostId: input.hostId, labels: host?.labels ?? {}, rule: input.rule, action: input.action, target: input.target }
    const verdict = decidePermit(ask, { ...facts, ahead })
    if (verdict.granted) {
      const g = await grantLease(tx, ask, verdict, input.ttlMs, now, facts)
      return { granted: true, leaseId: g.leaseId, expiresAt: g.expiresAt, budgets: g.names }
    }
    const waitS = input.waitS ?? 0
    if (verdict.queueable && verdict.budgetId && waitS > 0 && input.replica && input.requestId) {
      const inBudget = ahead.filter((q) => q.budgetId === verdict.budgetId).length
      const mine = ahead.filter((q) => q.hostId === input.hostId).length
      if (inBudget < MAX_QUEUE_PER_BUDGET && mine < MAX_WAITING_PER_HOST) {
        const waitUntil = new Date(now.getTime() + waitS * 1000)
        await enqueue(tx, {
          hostId: input.hostId,
          budgetId: verdict.budgetId,
          requestId: input.requestId,
          rule: input.rule,
          action: input.action,
          target: input.target,
          ttlS: Math.ceil(input.ttlMs / 1000),
          replica: input.replica,
          enqueuedAt: now,
          waitUntil,
        })
        return { granted: false, queued: true, name: verdict.name, position: inBudget + 1, holders: verdict.holders, waitUntil }
      }
      const full = inBudget >= MAX_QUEUE_PER_BUDGET ? `its queue is full (${MAX_QUEUE_PER_BUDGET} waiting)` : `this host already has ${mine} requests waiting (at most ${MAX_WAITING_PER_HOST})`
      await countRefusal(tx, verdict, now)
      return { ...verdict, detail: `${verdict.detail}; not queued: ${full}` }
    }
    await countRefusal(tx, verdict, now)
    return verdict
  })
  return { result: value, ...work }
}

/** The agent's action returned. Only the host's own lease: an agent speaks only for its own host. The freed slot goes to the queue's head. */
export async function releaseLease(db: Db, hostId: string, leaseId: string, now = new Date()): Promise<{ released: boolean } & QueueWork> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${PERMIT_LOCK_KEY})`)
    const rows = await tx
      .update(leases)
      .set({ releasedAt: now, releaseReason: 'released' })
      .where(and(eq(leases.id, leaseId), eq(leases.hostId, hostId), isNull(leases.releasedAt)))
      .returning({ id: leases.id })
    const facts = await readFacts(tx, now)
    const notices: PermitNotice[] = []
    await advanceQueue(tx, facts, now, notices)
    return { released: rows.length > 0, notices, nextDeadline: await nextDeadline(tx, facts) }
  })
}

/** A lease expired, a wait ended, or a budget changed: the queue's turn on its own. */
export async function advancePermitQueue(db: Db, now = new Date()): Promise<QueueWork> {
  const { notices, nextDeadline } = await underPermitLock(db, now, async () => undefined)
  return { notices, nextDeadline }
}

/** The agent's connection to `replica` closed: its waiters leave the queue (their agent records the wait as suppressed). */
export async function leavePermitQueue(db: Db, hostId: string, replica: string, now = new Date()): Promise<{ left: number } & QueueWork> {
  const { value, notices, nextDeadline } = await underPermitLock(db, now, async (tx) => (await removeHostWaiters(tx, hostId, replica)).length)
  return { left: value, notices, nextDeadline }
}
/** Is an Alertmanager alert carrying all these labels firing now (any host's; one not re-sent in time has expired)? */
export async function alertIsFiring(db: Db, labels: Record<string, string>, now = new Date()): Promise<boolean> {
  return matchingAlertFiring(db, labels, now, await firingExpiresAfterMs(db))
}

/** Unreleased and unexpired leases with their host's labels (what budgets count). */
export async function liveLeases(db: Db, now = new Date()): Promise<LiveLease[]> {
  const rows = await db
    .select({
      id: leases.id,
      hostId: leases.hostId,
      hostname: hosts.hostname,
      labels: hosts.labels,
      rule: leases.rule,
      action: leases.action,
      target: leases.target,
      grantedAt: leases.grantedAt,
      expiresAt: leases.expiresAt,
    })
    .from(leases)
    .innerJoin(hosts, eq(hosts.id, leases.hostId))
    .where(and(isNull(leases.releasedAt), gt(leases.expiresAt, now)))
    .orderBy(leases.grantedAt)
  return rows
}

/** Every host not decommissioned, with README.md's "healthy": online and no failed verification in the window. */
export async function fleetHealth(db: Db, now = new Date()): Promise<FleetHost[]> {
  const since = now.getTime() - FAILED_VERIFICATION_WINDOW_MS
  const res = await db.execute(sql`
    select h.id, h.labels, (h.connection_state = 'online' and not exists (
      select 1 from actions a
       where a.host_id = h.id and a.verified = false
         and coalesce(a.verification->>'outcome', 'holding') <> 'unknown'
         and (a.verification->>'checked_at')::double precision >= ${since}
    )) as healthy
      from hosts h
     where h.decommissioned_at is null`)
  return rowsOf<{ id: string; labels: Record<string, string>; healthy: boolean }>(res).map((r) => ({ id: r.id, labels: r.labels, healthy: r.healthy === true || (r.healthy as unknown) === 't' }))
}
