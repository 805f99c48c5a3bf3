import type { AlertInputs as AlertInputsMessage } from '@smartcloudops/shared'

/**
 * Alerts that Alertmanager raised about this host, as rule inputs: `alert:<name>` = 1 while one
 * fires, 0 once it resolved. The control plane sends a snapshot (alert_inputs) on connect and on
 * every change; each replaces the last. Kept in memory: while disconnected the last snapshot holds,
 * and a restart starts without alert inputs until the next snapshot (rules on them do not fire).
 */
export class AlertInputs {
  private current: Record<string, number> = {}

  apply(msg: AlertInputsMessage): void {
    const next: Record<string, number> = {}
    // Several alerts of one name (per device, per job): the name fires when any of them does.
    for (const a of msg.alerts) next[`alert:${a.name}`] = Math.max(next[`alert:${a.name}`] ?? 0, a.firing ? 1 : 0)
    this.current = next
  }

  /** The inputs to merge into a sample before rules are evaluated. */
  values(): Record<string, number> {
    return { ...this.current }
  }
}
