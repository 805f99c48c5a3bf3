import type { DesiredState } from '@smartcloudops/shared'
import type { EngineContext } from '@smartcloudops/shared/rules/engine'

/** The engine's view of this host under a desired state: who we are, and what the override says. */
export function engineContext(state: DesiredState, labels: Record<string, string>): EngineContext {
  return {
    host: { id: state.host_id, labels },
    mode: state.override.mode,
    remediationEnabled: state.remediation_enabled,
  }
}
