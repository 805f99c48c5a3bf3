import type { FastifyBaseLogger } from 'fastify'
import type { Notifier } from './notifier'

/** Writes alerts to the control plane's log: always available, the default notifier. */
export function logNotifier(name: string, log: FastifyBaseLogger): Notifier {
  return {
    name,
    async notify(alert) {
      log.warn({ alert }, 'alert')
      return { ok: true, retryable: false }
    },
  }
}
