import type { FastifyBaseLogger } from 'fastify'
import { newId } from '../auth/tokens'
import type { Database } from '../db/client'
import { alertsToQueue, claimDueDeliveries, finishDelivery, queueDeliveries, type AlertToQueue, type ClaimedDelivery, type NewDelivery } from '../db/queries/notifications'
import { getSetting } from '../db/queries/settings'
import type { NotifierConfig } from './config'
import { notifierKinds } from './kinds'
import type { AlertNotice, NotifyResult } from './notifier'
import { routes } from './routing'
import { scrub, secretValues } from './secrets'
import { fit } from '@smartcloudops/shared'

export interface DeliveryWorkerOptions {
  /** The worker's clock; tests move it to skip backoff instead of waiting. */
  now?: () => number
  /** How often due rows are looked for when nothing kicks the worker. */
  pollMs?: number
  /** How long a claimed row is ours; past it another replica may take it (we died mid-send). */
  leaseMs?: number
  /** Attempts before a delivery is given up on and shown as failed. */
  maxAttempts?: number
  timeoutMs?: number
  /** Delay before attempt n+1 after n failures. */
  backoffMs?: (failures: number) => number
  /** For /metrics: one call per attempt. */
  onAttempt?: (kind: string, status: 'delivered' | 'retry' | 'failed') => void
}

/** 5 s, 10 s, 20 s, … capped at 10 min: the 11 waits between 12 attempts add up to 3035 s (about 50 min). */
export const defaultBackoffMs = (failures: number): number => Math.min(600_000, 5_000 * 2 ** Math.max(0, failures - 1))

export function noticeOf(a: AlertToQueue): AlertNotice {
  return {
    alert_id: a.id,
    host_id: a.hostId,
    hostname: a.hostname,
    severity: a.severity,
    summary: a.summary,
    ...(a.detail ? { detail: a.detail } : {}),
    ...(a.rule ? { rule: a.rule } : {}),
    raised_at: a.raisedAt.toISOString(),
    status: a.status,
    ...(a.resolvedAt ? { resolved_at: a.resolvedAt.toISOString() } : {}),
    labels: a.labels,
  }
}

/**
 * The durable delivery queue's worker. Each run: turn alerts awaiting delivery into delivery rows
 * (routing by severity, labels, rule, channel), then claim due rows and send them. A retryable
 * failure is tried again after a backoff, across restarts (the schedule is in the row); a
 * permanent one, or the last allowed attempt, marks the row failed with its (scrubbed) error.
 */
export class DeliveryWorker {
  private readonly now: () => number
  private readonly opts: Required<Omit<DeliveryWorkerOptions, 'now' | 'onAttempt'>> & Pick<DeliveryWorkerOptions, 'onAttempt'>
  private timer: NodeJS.Timeout | undefined
  private running: Promise<void> | undefined
  private again = false
  private stopped = true

  constructor(
    private readonly database: Database,
    private readonly log: FastifyBaseLogger,
    opts: DeliveryWorkerOptions = {},
  ) {
    this.now = opts.now ?? Date.now
    this.opts = {
      pollMs: opts.pollMs ?? 2_000,
      leaseMs: opts.leaseMs ?? 60_000,
      maxAttempts: opts.maxAttempts ?? 12,
      timeoutMs: opts.timeoutMs ?? 10_000,
      backoffMs: opts.backoffMs ?? defaultBackoffMs,
      onAttempt: opts.onAttempt,
    }
  }

  start(): void {
    this.stopped = false
    this.schedule(0)
  }

  async stop(): Promise<void> {
    this.stopped = true
    if (this.timer) clearTimeout(this.timer)
    await this.running
  }

  /** Something was queued: run soon rather than at the next poll. */
  kick(): void {
    if (!this.stopped) this.schedule(0)
  }

  private schedule(ms: number): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = setTimeout(() => void this.tick(), ms)
    this.timer.unref()
  }

  private async tick(): Promise<void> {
    if (this.running) {
      this.again = true
      return
    }
    this.running = this.runOnce()
      .then(() => undefined)
      .catch((err) => this.log.error({ err }, 'notification delivery run failed'))
      .finally(() => {
        this.running = undefined
        if (this.stopped) return
        const soon = this.again
        this.again = false
        this.schedule(soon ? 0 : this.opts.pollMs)
      })
    await this.running
  }

  /** One pass; returns how many deliveries were attempted. Tests call it directly. */
  async runOnce(): Promise<number> {
    const configs = await getSetting(this.database.db, 'notifiers')
    await this.queueAlerts(configs)
    return this.sendDue(configs)
  }

  /** Only the first half of a run: alerts awaiting delivery become delivery rows. */
  async queue(): Promise<void> {
    await this.queueAlerts(await getSetting(this.database.db, 'notifiers'))
  }

  private async sendDue(configs: NotifierConfig[]): Promise<number> {
    let attempted = 0
    for (;;) {
      const due = await claimDueDeliveries(this.database, new Date(this.now()), this.opts.leaseMs, 20)
      if (due.length === 0) return attempted
      await Promise.all(due.map((d) => this.attempt(d, configs)))
      attempted += due.length
    }
  }

  private async queueAlerts(configs: NotifierConfig[]): Promise<void> {
    for (;;) {
      const batch = await alertsToQueue(this.database.db, 100)
      for (const a of batch) {
        const notice = noticeOf(a)
        const rows: NewDelivery[] = configs
          .filter((c) => routes(c, { ...notice, channel: a.channel }) && (a.status === 'firing' || c.send_resolved !== false))
          .map((c) => ({ id: newId('dlv'), notifier: c.name, kind: c.kind, event: a.status, notice: notice as unknown as Record<string, unknown> }))
        await queueDeliveries(this.database.db, a.id, rows, new Date(this.now()))
      }
      if (batch.length < 100) return
    }
  }

  private async attempt(d: ClaimedDelivery, configs: NotifierConfig[]): Promise<void> {
    const cfg = configs.find((c) => c.name === d.notifier)
    let result: NotifyResult
    if (!cfg) result = { ok: false, retryable: false, error: `notifier ${d.notifier} is no longer configured` }
    else if (cfg.kind !== d.kind) result = { ok: false, retryable: false, error: `notifier ${d.notifier} is now a ${cfg.kind}, not a ${d.kind}` }
    else {
      const notifier = notifierKinds[cfg.kind].create(cfg, { log: this.log.child({ notifier: cfg.name }) })
      result = await notifier.notify(d.notice as unknown as AlertNotice, AbortSignal.timeout(this.opts.timeoutMs)).catch((err: unknown) => ({
        ok: false,
        retryable: true,
        error: `notifier threw: ${(err as Error).message}`,
      }))
    }
    const error = result.ok ? null : fit(scrub(result.error ?? 'failed', cfg ? secretValues(cfg) : []), 'errorMessage')
    const at = new Date(this.now())
    if (result.ok) {
      await finishDelivery(this.database.db, d, { status: 'delivered', error: null, at })
      this.opts.onAttempt?.(d.kind, 'delivered')
    } else if (result.retryable && d.attempts < this.opts.maxAttempts) {
      const nextAttemptAt = new Date(at.getTime() + this.opts.backoffMs(d.attempts))
      await finishDelivery(this.database.db, d, { status: 'pending', error, nextAttemptAt, at })
      this.log.warn({ delivery: d.id, notifier: d.notifier, attempts: d.attempts, error, next: nextAttemptAt.toISOString() }, 'notification failed; will retry')
      this.opts.onAttempt?.(d.kind, 'retry')
    } else {
      await finishDelivery(this.database.db, d, { status: 'failed', error, at })
      this.log.error({ delivery: d.id, notifier: d.notifier, attempts: d.attempts, error }, 'notification given up')
      this.opts.onAttempt?.(d.kind, 'failed')
    }
  }
}
