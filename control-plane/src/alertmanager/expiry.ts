import { toSeconds, type Duration } from '@smartcloudops/shared'

/**
 * When a firing Alertmanager alert stops counting as firing although no resolve came.
 *
 * Alertmanager re-sends every firing alert of a group each `repeat_interval` (default 4h) and sends
 * firing alerts with `endsAt` unset (0001-01-01, stored as null). A lost resolve (Alertmanager down,
 * the network) must not leave an alert firing, and its inhibitions suppressing remediation, forever:
 * like Alertmanager's own `resolve_timeout` for alerts without an end, an alert not re-sent within
 * `firing_expires_after` counts as expired. A sender that does give a firing alert an `endsAt` has
 * said when it ends: that time is honoured instead.
 */

/** Two default repeat_intervals (4h) and an hour of slack: one lost re-send does not expire an alert. */
export const DEFAULT_FIRING_EXPIRES_AFTER = '9h'
/** Alertmanager's default group_interval: shorter, an alert could expire between two notifications of its group. */
export const MIN_FIRING_EXPIRES_AFTER_S = 5 * 60
export const MAX_FIRING_EXPIRES_AFTER_S = 30 * 86_400

export type ExternalAlertState = 'firing' | 'expired' | 'resolved'

export interface StoredAlertTimes {
  status: 'firing' | 'resolved'
  endsAt: Date | null
  lastSeenAt: Date
}

export function expiresAfterMs(setting: Duration | undefined): number {
  return toSeconds(setting ?? DEFAULT_FIRING_EXPIRES_AFTER) * 1000
}

/** When a firing alert stops counting as firing unless it is seen again (null for a resolved one). */
export function expiresAt(a: StoredAlertTimes, afterMs: number): Date | null {
  if (a.status !== 'firing') return null
  return a.endsAt ?? new Date(a.lastSeenAt.getTime() + afterMs)
}

export function alertState(a: StoredAlertTimes, now: Date, afterMs: number): ExternalAlertState {
  const end = expiresAt(a, afterMs)
  if (!end) return 'resolved'
  return end.getTime() > now.getTime() ? 'firing' : 'expired'
}
