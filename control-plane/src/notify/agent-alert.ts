import type { FastifyBaseLogger } from 'fastify'
import type { Alert } from '@smartcloudops/shared'
import type { Db } from '../db/client'
import { getHost } from '../db/queries/hosts'
import { dispatchAlert } from './dispatch'

/**
 * The one place an alert an agent raised turns into notifications: the gateway only stores the
 * event and calls this for each newly stored alert. Delivery runs in the background (its outcome
 * is recorded on the alert row by dispatchAlert); it never delays the agent's ack.
 */
export function notifyAgentAlert(db: Db, log: FastifyBaseLogger, hostId: string, a: Alert): void {
  void (async () => {
    const host = await getHost(db, hostId)
    await dispatchAlert(db, log, {
      alert_id: a.alert_id,
      host_id: hostId,
      hostname: host?.hostname ?? hostId,
      severity: a.severity,
      summary: a.summary,
      detail: a.detail,
      rule: a.rule,
      channel: a.channel,
      raised_at: new Date(a.raised_at).toISOString(),
    })
  })().catch((err) => log.error({ err, alert_id: a.alert_id }, 'alert delivery failed'))
}
