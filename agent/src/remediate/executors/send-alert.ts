import type { ActionParams } from '@smartcloudops/shared'
import { validateParams } from '../params'
import { abortedResult, failed, succeeded } from '../result'
import { allowListed, type Executor } from '../executor'

type Params = ActionParams['send_alert']

/** Hands the alert to the runtime, which queues it durably for the control plane's notifiers. */
export const sendAlert: Executor<Params> = {
  type: 'send_alert',
  allowedBy: allowListed('send_alert'),
  validate: (params) => validateParams('send_alert', params),
  async execute(ctx, params, signal) {
    if (signal.aborted) return abortedResult(signal)
    const alert = {
      severity: params.severity ?? 'warning',
      summary: params.message ?? 'alert raised by a remediation rule',
      ...(params.channel !== undefined && { channel: params.channel }),
    }
    try {
      await ctx.sendAlert(alert)
    } catch (err) {
      return signal.aborted
        ? abortedResult(signal)
        : failed('alert_failed', `queueing the alert: ${(err as Error)?.message ?? err}`, true)
    }
    return succeeded(params.channel ?? 'default', { severity: alert.severity })
  },
}
