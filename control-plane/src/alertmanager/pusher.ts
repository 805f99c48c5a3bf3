import type { FastifyBaseLogger } from 'fastify'
import type { AgentMessage } from '@smartcloudops/shared/protocol/messages'
import type { Database } from '../db/client'
import { firingExpiresAfterMs, hostAlertInputs, hostsWithAlertsExpiredBetween } from '../db/queries/intake'
import type { ChangeBus } from '../fleet/change-bus'
import type { Gateway } from '../gateway/gateway'

/**
 * Sends each connected agent that accepts them the snapshot of its Alertmanager alerts: after it
 * connects (on its first message after hello, when the session is set up) and whenever the intake
 * changes one of its alerts (a bus change, so the replica holding its socket sends it). A firing
 * alert that expires (no re-send within `firing_expires_after`, alertmanager/expiry.ts) changes
 * no row: a sweep every `sweepMs` finds the hosts whose alerts expired since the last sweep and
 * each replica sends the new inputs to the agents connected to it.
 */
export class AlertInputsPusher {
  /** Hosts whose hello listed `alert_inputs`, and whether they still need the initial snapshot. */
  private readonly accepting = new Map<string, { needsSnapshot: boolean }>()
  private unsubscribe?: () => void
  private sweepTimer?: NodeJS.Timeout
  private sweptUntil = new Date()
  private sweeping?: Promise<void>

  constructor(
    private readonly database: Database,
    private readonly gateway: Gateway,
    private readonly bus: ChangeBus,
    private readonly log: FastifyBaseLogger,
    private readonly sweepMs = 30_000,
  ) {}

  start(): void {
    this.unsubscribe = this.bus.on((c) => {
      if (c.kind !== 'alerts') return
      const ids = c.hostIds ?? [...this.accepting.keys()]
      for (const id of ids) if (this.accepting.has(id)) void this.push(id)
    })
    this.sweptUntil = new Date()
    this.sweepTimer = setInterval(() => void this.sweep(), this.sweepMs)
    this.sweepTimer.unref()
  }

  async stop(): Promise<void> {
    this.unsubscribe?.()
    clearInterval(this.sweepTimer)
    await this.sweeping
  }

  /** Sends new inputs to the connected agents whose alerts expired since the last sweep. */
  sweep(): Promise<void> {
    this.sweeping ??= this.sweepOnce().finally(() => (this.sweeping = undefined))
    return this.sweeping
  }

  private async sweepOnce(): Promise<void> {
    if (this.accepting.size === 0) {
      this.sweptUntil = new Date()
      return
    }
    const to = new Date()
    try {
      const afterMs = await firingExpiresAfterMs(this.database.db)
      const hosts = await hostsWithAlertsExpiredBetween(this.database.db, this.sweptUntil, to, afterMs)
      this.sweptUntil = to
      for (const id of hosts) if (this.accepting.has(id)) await this.push(id)
    } catch (err) {
      this.log.error({ err }, 'could not sweep expired alerts')
    }
  }

  /** The gateway's per-message hook. */
  onMessage(hostId: string, m: AgentMessage): void {
    if (m.type === 'hello') {
      if (m.payload.accepts?.includes('alert_inputs')) this.accepting.set(hostId, { needsSnapshot: true })
      else this.accepting.delete(hostId)
      return
    }
    const a = this.accepting.get(hostId)
    if (a?.needsSnapshot) {
      a.needsSnapshot = false
      void this.push(hostId)
    }
  }

  private async push(hostId: string): Promise<void> {
    const session = this.gateway.sessions.get(hostId)
    if (!session) {
      this.accepting.delete(hostId)
      return
    }
    if (!session.helloDone) {
      const a = this.accepting.get(hostId)
      if (a) a.needsSnapshot = true
      return
    }
    try {
      const alerts = await hostAlertInputs(this.database.db, hostId, new Date(), await firingExpiresAfterMs(this.database.db))
      session.send('alert_inputs', { alerts })
    } catch (err) {
      this.log.error({ err, hostId }, 'could not send alert inputs')
    }
  }
}
