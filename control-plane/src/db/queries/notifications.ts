import { and, count, desc, eq, gte, inArray, lt, sql, type SQL } from 'drizzle-orm'
import type { Database, Db } from '../client'
import { alerts, hosts, notificationDeliveries, type DeliveryStatus } from '../schema'
import { fit } from '@smartcloudops/shared'

/** An alert with its host, as the delivery worker needs it to route and to build notices. */
export interface AlertToQueue {
  id: string
  hostId: string
  hostname: string
  labels: Record<string, string>
  severity: 'info' | 'warning' | 'critical'
  summary: string
  detail: string | null
  rule: string | null
  channel: string | null
  raisedAt: Date
  status: 'firing' | 'resolved'
  resolvedAt: Date | null
}

/**
 * Alerts not yet turned into deliveries: new ones, and ones that resolved since (their status
 * flips back to `pending`). Both survive a restart, because the flag is written in the ingest
 * transaction that stored the alert or the verification.
 */
export async function alertsToQueue(db: Db, limit: number): Promise<AlertToQueue[]> {
  const rows = await db
    .select({
      id: alerts.id,
      hostId: alerts.hostId,
      hostname: hosts.hostname,
      labels: hosts.labels,
      severity: alerts.severity,
      summary: alerts.summary,
      detail: alerts.detail,
      rule: alerts.rule,
      channel: alerts.channel,
      raisedAt: alerts.raisedAt,
      status: alerts.status,
      resolvedAt: alerts.resolvedAt,
    })
    .from(alerts)
    .innerJoin(hosts, eq(hosts.id, alerts.hostId))
    .where(eq(alerts.deliveryStatus, 'pending'))
    .orderBy(alerts.raisedAt)
    .limit(limit)
  return rows as AlertToQueue[]
}

export interface NewDelivery {
  id: string
  notifier: string
  kind: string
  event: 'firing' | 'resolved'
  notice: Record<string, unknown>
}

/** Queues an alert's deliveries (once per notifier and event, whoever queues them) and marks it queued. */
export async function queueDeliveries(db: Db, alertId: string, rows: NewDelivery[], now: Date): Promise<void> {
  await db.transaction(async (tx) => {
    if (rows.length) {
      await tx
        .insert(notificationDeliveries)
        .values(rows.map((r) => ({ ...r, alertId, nextAttemptAt: now, createdAt: now })))
        .onConflictDoNothing()
    }
    const [{ n } = { n: 0 }] = await tx.select({ n: count() }).from(notificationDeliveries).where(eq(notificationDeliveries.alertId, alertId))
    await tx
      .update(alerts)
      .set({ deliveryStatus: n === 0 ? 'no_notifier' : 'queued' })
      .where(and(eq(alerts.id, alertId), eq(alerts.deliveryStatus, 'pending')))
  })
}

/** Called in the ingest transaction of a verification that cleared: the decision's alerts resolve. */
export async function resolveAlertsOfDecision(db: Db, hostId: string, decisionId: string, at: Date): Promise<void> {
  await db
    .update(alerts)
    .set({ status: 'resolved', resolvedAt: at, deliveryStatus: 'pending' })
    .where(and(eq(alerts.hostId, hostId), eq(alerts.decisionId, decisionId), eq(alerts.status, 'firing')))
}

export interface ClaimedDelivery {
  id: string
  alertId: string
  notifier: string
  kind: string
  event: string
  attempts: number
  notice: Record<string, unknown>
  leaseUntil: Date
}

/**
 * Claims due deliveries for this worker: `FOR UPDATE SKIP LOCKED` so concurrent replicas take
 * different rows, and a lease so a row whose worker died is taken again once the lease ends.
 * `now` comes from the worker's clock (tests move it instead of waiting).
 */
export async function claimDueDeliveries(database: Database, now: Date, leaseMs: number, limit: number): Promise<ClaimedDelivery[]> {
  const lease = new Date(now.getTime() + leaseMs)
  const rows = await database.query<{ id: string; alert_id: string; notifier: string; kind: string; event: string; attempts: number; notice: unknown }>(
    `update notification_deliveries d set lease_until = $2, attempts = d.attempts + 1
       where d.id in (select id from notification_deliveries
                       where status = 'pending' and next_attempt_at <= $1 and (lease_until is null or lease_until <= $1)
                       order by next_attempt_at limit $3 for update skip locked)
     returning d.id, d.alert_id, d.notifier, d.kind, d.event, d.attempts, d.notice`,
    [now.toISOString(), lease.toISOString(), limit],
  )
  return rows.map((r) => ({
    id: r.id,
    alertId: r.alert_id,
    notifier: r.notifier,
    kind: r.kind,
    event: r.event,
    attempts: Number(r.attempts),
    notice: (typeof r.notice === 'string' ? JSON.parse(r.notice) : r.notice) as Record<string, unknown>,
    leaseUntil: lease,
  }))
}

/** Records an attempt's outcome, only while this worker still holds the lease. */
export async function finishDelivery(
  db: Db,
  d: ClaimedDelivery,
  outcome: { status: DeliveryStatus; error: string | null; nextAttemptAt?: Date; at: Date },
): Promise<void> {
  await db.transaction(async (tx) => {
    const done = await tx
      .update(notificationDeliveries)
      .set({
        status: outcome.status,
        lastError: outcome.error,
        leaseUntil: null,
        ...(outcome.nextAttemptAt ? { nextAttemptAt: outcome.nextAttemptAt } : {}),
        ...(outcome.status === 'delivered' ? { deliveredAt: outcome.at } : {}),
      })
      .where(and(eq(notificationDeliveries.id, d.id), eq(notificationDeliveries.leaseUntil, d.leaseUntil)))
      .returning({ id: notificationDeliveries.id })
    if (done.length === 0 || outcome.status === 'pending') return
    // The alert's summary status: failed when any delivery gave up, delivered when all went out.
    const states = await tx.select({ status: notificationDeliveries.status }).from(notificationDeliveries).where(eq(notificationDeliveries.alertId, d.alertId))
    const summary = states.some((s) => s.status === 'pending') ? 'queued' : states.some((s) => s.status === 'failed') ? 'failed' : 'delivered'
    await tx
      .update(alerts)
      .set({ deliveryStatus: summary, deliveryError: outcome.status === 'failed' ? fit(`${d.notifier}: ${outcome.error ?? 'failed'}`, 'errorMessage') : null })
      .where(and(eq(alerts.id, d.alertId), sql`${alerts.deliveryStatus} <> 'pending'`))
  })
}

export interface AlertFilter {
  hostId?: string
  severity?: string
  status?: 'firing' | 'resolved'
  deliveryStatus?: string
  since?: Date
  until?: Date
}

function alertWhere(f: AlertFilter): SQL | undefined {
  return and(
    f.hostId ? eq(alerts.hostId, f.hostId) : undefined,
    f.severity ? eq(alerts.severity, f.severity) : undefined,
    f.status ? eq(alerts.status, f.status) : undefined,
    f.deliveryStatus ? eq(alerts.deliveryStatus, f.deliveryStatus) : undefined,
    f.since ? gte(alerts.raisedAt, f.since) : undefined,
    f.until ? lt(alerts.raisedAt, f.until) : undefined,
  )
}

/** Alerts newest first, each with its deliveries; and the total for the filter. */
export async function listAlerts(db: Db, f: AlertFilter, limit: number, offset: number) {
  const where = alertWhere(f)
  const [rows, [{ total } = { total: 0 }]] = await Promise.all([
    db
      .select({ alert: alerts, hostname: hosts.hostname })
      .from(alerts)
      .innerJoin(hosts, eq(hosts.id, alerts.hostId))
      .where(where)
      .orderBy(desc(alerts.raisedAt), desc(alerts.id))
      .limit(limit)
      .offset(offset),
    db.select({ total: count() }).from(alerts).where(where),
  ])
  const ids = rows.map((r) => r.alert.id)
  const deliveries = ids.length
    ? await db.select().from(notificationDeliveries).where(inArray(notificationDeliveries.alertId, ids)).orderBy(notificationDeliveries.createdAt)
    : []
  return { rows, deliveries, total }
}
