import type Docker from 'dockerode'
import type { Logger } from 'pino'
import type { ActionType } from '@smartcloudops/shared'
import type { LocalPolicy } from './policy'

export interface AlertRequest {
  severity: 'info' | 'warning' | 'critical'
  summary: string
  detail?: string
  channel?: string
}

/** What an executor may touch. Built by the runtime; tests build it around a real Docker engine. */
export interface ExecContext {
  policy: LocalPolicy
  docker: Docker
  log: Logger
  systemd: SystemdManager
  /** Queues an alert for the control plane's notifiers (the runtime's outbox); resolves once queued. */
  sendAlert(a: AlertRequest): Promise<void>
  now(): number
  /** Where "1" is written to drop the kernel page cache; tests point it at a temporary file. */
  dropCachesPath?: string
}

/** Never thrown: every outcome of an action is one of these. */
export interface ExecResult {
  ok: boolean
  /** Whether trying again later may succeed (engine unreachable, timeout) or not (no target, at a bound). */
  retryable: boolean
  error?: { code: string; message: string }
  /** What was acted on, for people: container names, unit, hook. */
  target?: string
  result?: Record<string, unknown>
}

/**
 * An action as the rule engine hands it over. Structurally the shared `ActionSpec`, spelt out so
 * the type stays exact whatever TypeBox infers for the shared schema.
 */
export interface ActionRequest {
  type: ActionType
  params?: Record<string, unknown>
}

export type Validation<P> = { ok: true; params: P } | { ok: false; error: string }

export type { Executor } from './executor'

export interface SystemdManager {
  restart(unit: string, signal: AbortSignal): Promise<ExecResult>
  isActive(unit: string): Promise<boolean>
  /** Powers the host off; only reachable through emergency_shutdown with allow_poweroff: true. */
  poweroff?(signal: AbortSignal): Promise<ExecResult>
}
