import { actionTypes, type ActionSpec, type ActionType } from './catalog'

/**
 * The one definition of "disruptive", used by the agent (which asks for a permit) and by the
 * control plane (which counts and validates budgets and inhibitions): every action that restarts,
 * stops, resizes or empties something a workload depends on (restart_*, scale_*, clear_cache,
 * emergency_shutdown). send_alert never counts. A new action type is disruptive unless listed in
 * `notDisruptive`: the safe side for a type nobody classified.
 */
const notDisruptive: ReadonlySet<ActionType> = new Set<ActionType>(['send_alert'])
export const disruptiveActions: ReadonlySet<ActionType> = new Set(actionTypes.filter((t) => !notDisruptive.has(t)))

export function isDisruptive(type: ActionType): boolean {
  return disruptiveActions.has(type)
}

/**
 * What a permit is for on the host: the action's type and the thing it names (a service, a
 * container selector, a group, a hook). A host holds at most one lease per target, so two rules
 * restarting the same container never hold two leases for it. Built from the rule's parameters
 * only (names local policy defines), never from what the host resolved.
 */
export function permitTarget(spec: ActionSpec): string {
  const p = (spec.params ?? {}) as Record<string, unknown>
  switch (spec.type) {
    case 'restart_service':
      return `service:${String(p['service'] ?? '')}`
    case 'restart_container': {
      const sel = (p['selector'] ?? {}) as { name?: unknown; labels?: Record<string, unknown> }
      const labels = Object.entries(sel.labels ?? {})
        .map(([k, v]) => `${k}=${String(v)}`)
        .sort()
        .join(',')
      return `container:${sel.name === undefined ? '' : String(sel.name)}${labels ? `{${labels}}` : ''}`
    }
    case 'scale_up':
    case 'scale_down':
      return `group:${String(p['group'] ?? '')}`
    case 'clear_cache':
      return p['hook'] === undefined ? 'cache:page_cache' : `cache:${String(p['hook'])}`
    case 'emergency_shutdown':
      return 'host:sheddable'
    default:
      return spec.type
  }
}
