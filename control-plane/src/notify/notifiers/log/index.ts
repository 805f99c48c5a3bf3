import type { NotifierKind } from '../../kind'

/** Writes alerts to the control plane's log: always available, the default notifier. */
export const logKind: NotifierKind = {
  kind: 'log',
  secrets: [],
  check: () => undefined,
  create: (cfg, { log }) => ({
    name: cfg.name,
    async notify(alert) {
      log.warn({ alert }, alert.status === 'resolved' ? 'alert resolved' : 'alert')
      return { ok: true, retryable: false }
    },
  }),
}
