import type { FastifyBaseLogger } from 'fastify'
import type { AgentMessage } from '@smartcloudops/shared/protocol/messages'
import type { Database } from '../db/client'
import { hostAlertInputs } from '../db/queries/intake'
import type { ChangeBus } from '../fleet/change-bus'
import type { Gateway } from '../gateway/gateway'

/**
 * Sends each connected agent that accepts them the snapshot of its Alertmanager alerts: after it
 * connects (on its first message after hello, when the session is set up) and whenever the intake
 * changes one of its alerts (a bus change, so the replica holding its socket sends it).
 */
export class AlertInputsPusher {
  /** Hosts whose hello listed `alert_inputs`, and whether they still need the initial snapshot. */
  private readonly accepting = new Map<string, { needsSnapshot: boolean }>()
  private unsubscribe?: () => void

  constructor(
    private readonly database: Database,
    private readonly gateway: Gateway,
    private readonly bus: ChangeBus,
    private readonly log: FastifyBaseLogger,
  ) {}

  start(): void {
    this.unsubscribe = this.bus.on((c) => {
      if (c.kind !== 'alerts') return
      const ids = c.hostIds ?? [...this.accepting.keys()]
      for (const id of ids) if (this.accepting.has(id)) void this.push(id)
    })
  }

  stop(): void {
    this.unsubscribe?.()
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
      const alerts = await hostAlertInputs(this.database.db, hostId, new Date())
      session.send('alert_inputs', { alerts })
    } catch (err) {
      this.log.error({ err, hostId }, 'could not send alert inputs')
    }
  }
}
