import { readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'

/** The model committed with the agent (built by `pnpm model:build`, test/eval/detector/build-model.ts). */
export const defaultModelPath = fileURLToPath(new URL('../../models/anomaly-default.onnx', import.meta.url))
export const defaultModelInfoPath = fileURLToPath(new URL('../../models/anomaly-default.json', import.meta.url))

export async function readDefaultModel(): Promise<Uint8Array> {
  return new Uint8Array(await readFile(defaultModelPath))
}

/**
 * The host metrics that feed the model by default: the host-wide, continuous ones. Container
 * metrics come and go with containers, and the model's own outputs must not feed it.
 */
export const defaultModelMetrics: readonly string[] = [
  'cpu_percent',
  'memory_percent',
  'swap_percent',
  'disk_percent',
  'load_1',
  'load_5',
  'load_15',
  'network_rx_bytes_per_s',
  'network_tx_bytes_per_s',
  'response_time',
  'error_rate',
  'containers_unhealthy',
]
