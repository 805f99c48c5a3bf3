import type { Rule } from './schema'

/**
 * The five default rules of the Phase 4 report, exactly as given there: names, priorities,
 * conditions (all strict `gt` / `lt`), actions and cooldowns. Units follow the metric catalogue:
 * the report's "response time > 5s" is `response_time` in seconds, "error rate > 10%" is
 * `error_rate` as a fraction (0.1).
 *
 * The report's actions take no parameters; here they must name something, and they name only what
 * a host's local policy defines — the control plane cannot invent targets. The conventional names:
 *   - restart_service { service: 'app' }: the unit (or compose service) local policy calls `app`;
 *   - scale_up / scale_down { group: 'app' }: the container group local policy calls `app`, one
 *     replica per step, within the policy's min/max;
 *   - clear_cache {}: no hook, i.e. drop the kernel page cache (if local policy allows it);
 *   - emergency_shutdown {}: stop the containers local policy marks sheddable;
 *   - send_alert { severity }: critical for P0/P1, warning otherwise.
 * A host whose policy defines no `app` service or group gets a `policy` suppression from the agent's
 * gate, recorded with its reason; the rule itself stays the report's.
 */
const rules: Rule[] = [
  {
    name: 'Critical System Failure',
    description: 'CPU and memory exhausted and the model sees a severe anomaly: shed load and page.',
    priority: 0,
    conditions: [
      { metric: 'cpu_percent', operator: 'gt', threshold: 95 },
      { metric: 'memory_percent', operator: 'gt', threshold: 95 },
      { metric: 'ml_anomaly_score', operator: 'gt', threshold: 0.9 },
    ],
    actions: [
      { type: 'emergency_shutdown', params: {} },
      { type: 'send_alert', params: { severity: 'critical' } },
    ],
    cooldown: '1m',
    enabled: true,
  },
  {
    name: 'Service Unresponsive',
    description: 'The probed service answers slowly and fails often: restart it and page.',
    priority: 1,
    conditions: [
      { metric: 'response_time', operator: 'gt', threshold: 5 },
      { metric: 'error_rate', operator: 'gt', threshold: 0.1 },
    ],
    actions: [
      { type: 'restart_service', params: { service: 'app' } },
      { type: 'send_alert', params: { severity: 'critical' } },
    ],
    cooldown: '3m',
    enabled: true,
  },
  {
    name: 'High CPU Usage',
    description: 'CPU saturated and the model agrees it is unusual: add a replica.',
    priority: 2,
    conditions: [
      { metric: 'cpu_percent', operator: 'gt', threshold: 90 },
      { metric: 'ml_anomaly_score', operator: 'gt', threshold: 0.8 },
    ],
    actions: [
      { type: 'scale_up', params: { group: 'app' } },
      { type: 'send_alert', params: { severity: 'warning' } },
    ],
    cooldown: '10m',
    enabled: true,
  },
  {
    name: 'High Memory Usage',
    description: 'Memory high and the model agrees it is unusual: drop caches.',
    priority: 2,
    conditions: [
      { metric: 'memory_percent', operator: 'gt', threshold: 85 },
      { metric: 'ml_anomaly_score', operator: 'gt', threshold: 0.7 },
    ],
    actions: [
      { type: 'clear_cache', params: {} },
      { type: 'send_alert', params: { severity: 'warning' } },
    ],
    cooldown: '5m',
    enabled: true,
  },
  {
    name: 'Low Resource Utilization',
    description: 'CPU and memory mostly idle: remove a replica.',
    priority: 3,
    conditions: [
      { metric: 'cpu_percent', operator: 'lt', threshold: 20 },
      { metric: 'memory_percent', operator: 'lt', threshold: 30 },
    ],
    actions: [{ type: 'scale_down', params: { group: 'app' } }],
    cooldown: '15m',
    enabled: true,
  },
]

function deepFreeze<T>(v: T): T {
  if (typeof v === 'object' && v !== null) {
    for (const child of Object.values(v)) deepFreeze(child)
    Object.freeze(v)
  }
  return v
}

/** Frozen: the engine caches compiled rules by identity, and defaults are shared by everyone. */
export const defaultRules: readonly Rule[] = deepFreeze(rules)
