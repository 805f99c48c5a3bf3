import type { ActionType } from '@smartcloudops/shared'
import type { Executor } from '../types'
import { clearCache } from './clear-cache'
import { emergencyShutdown } from './emergency-shutdown'
import { restartContainer } from './restart-container'
import { restartService } from './restart-service'
import { scaleDown } from './scale-down'
import { scaleUp } from './scale-up'
import { sendAlert } from './send-alert'

/** The registry: one executor per action type of the shared catalogue. */
export const executors: Record<ActionType, Executor> = {
  restart_service: restartService as Executor,
  restart_container: restartContainer as Executor,
  scale_up: scaleUp as Executor,
  scale_down: scaleDown as Executor,
  clear_cache: clearCache as Executor,
  emergency_shutdown: emergencyShutdown as Executor,
  send_alert: sendAlert as Executor,
}
