import Type, { type Static } from 'typebox'

/**
 * The metric catalogue: every name a rule condition may refer to. A sample is a flat record of
 * `name` or `name:qualifier` → number, e.g. `disk_percent:/var` (one mount) or
 * `response_time:web` (one probed service). The bare name is the host-wide view (the worst mount,
 * the worst probe), which is what the report's rules use.
 * A metric that could not be collected is absent from the record — never a default value.
 */
export const metricCatalogue = {
  cpu_percent: { unit: 'percent', help: 'CPU busy, all cores, 0-100' },
  memory_percent: { unit: 'percent', help: 'memory in use (excluding cache/buffers), 0-100' },
  swap_percent: { unit: 'percent', help: 'swap in use, 0-100' },
  disk_percent: { unit: 'percent', help: 'filesystem use; bare name = fullest mount' },
  load_1: { unit: 'load', help: '1-minute load average' },
  load_5: { unit: 'load', help: '5-minute load average' },
  load_15: { unit: 'load', help: '15-minute load average' },
  network_rx_bytes_per_s: { unit: 'bytes/s', help: 'received, all interfaces' },
  network_tx_bytes_per_s: { unit: 'bytes/s', help: 'sent, all interfaces' },
  response_time: { unit: 'seconds', help: 'HTTP probe response time; bare name = slowest probe' },
  error_rate: { unit: 'ratio', help: 'HTTP probe failures over the probe window, 0-1; bare name = worst probe' },
  container_cpu_percent: { unit: 'percent', help: 'container CPU, percent of one core' },
  container_memory_percent: { unit: 'percent', help: 'container memory use against its limit' },
  container_restarts: { unit: 'count', help: 'container restart count' },
  container_running: { unit: 'bool', help: '1 when the container runs, else 0' },
  container_healthy: { unit: 'bool', help: '1 healthy, 0 unhealthy (only containers with a healthcheck)' },
  containers_unhealthy: { unit: 'count', help: 'containers that are unhealthy or exited unexpectedly' },
  ml_anomaly_score: { unit: 'ratio', help: 'calibrated anomaly score 0-1 from the ONNX model' },
  ml_confidence: { unit: 'ratio', help: 'confidence of the anomaly score 0-1' },
  alert: { unit: 'bool', help: 'alert:<alertname> is 1 while an Alertmanager alert about this host fires, 0 once it resolved' },
} as const satisfies Record<string, { unit: string; help: string }>

export type MetricName = keyof typeof metricCatalogue
export const metricNames = Object.keys(metricCatalogue) as MetricName[]

/** `name` or `name:qualifier`; the qualifier names a mount, container or probe. */
export const MetricKey = Type.String({
  minLength: 1,
  maxLength: 200,
  pattern: '^[a-z][a-z0-9_]*(:[^\\s]{1,160})?$',
})
export type MetricKey = Static<typeof MetricKey>

export function baseMetricName(key: string): string {
  const i = key.indexOf(':')
  return i === -1 ? key : key.slice(0, i)
}

export function isKnownMetric(key: string): boolean {
  return Object.hasOwn(metricCatalogue, baseMetricName(key))
}

/** One observation of a host at one instant. Absent keys are missing metrics. */
// Closed: a key that is not a metric key is an error, not silently accepted.
export const MetricValues = Type.Record(MetricKey, Type.Number(), { additionalProperties: false })
export type MetricValues = Static<typeof MetricValues>
