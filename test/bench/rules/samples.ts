import type { MetricValues } from '@smartcloudops/shared'
import { type Rng, between } from './random'

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v))

/**
 * Host samples as an agent would collect them every 10 s: mean-reverting random walks, occasional
 * incidents (CPU, memory, latency, errors and the anomaly score rise together for a while), and now
 * and then a metric missing because its collector failed.
 */
export class SampleStream {
  private cpu = 35
  private mem = 55
  private disk = 60
  private load = 1.2
  private incident = 0

  constructor(private readonly rng: Rng) {}

  next(): MetricValues {
    const r = this.rng
    if (this.incident === 0 && r() < 0.01) this.incident = Math.floor(between(r, 5, 30))
    const hot = this.incident > 0
    if (hot) this.incident--

    this.cpu = clamp(this.cpu + (hot ? 6 : 0) + (35 - this.cpu) * 0.1 + between(r, -8, 8), 0, 100)
    this.mem = clamp(this.mem + (hot ? 2 : 0) + (55 - this.mem) * 0.02 + between(r, -2, 2), 0, 100)
    this.disk = clamp(this.disk + between(r, -0.05, 0.08), 0, 100)
    this.load = clamp(this.load + (this.cpu / 25 - this.load) * 0.2 + between(r, -0.3, 0.3), 0, 64)

    const m: MetricValues = {
      cpu_percent: this.cpu,
      memory_percent: this.mem,
      swap_percent: clamp(this.mem - 70 + between(r, -5, 5), 0, 100),
      disk_percent: this.disk,
      'disk_percent:/': this.disk - 5,
      'disk_percent:/var': this.disk,
      load_1: this.load,
      load_5: this.load * 0.9,
      load_15: this.load * 0.8,
      network_rx_bytes_per_s: between(r, 1e4, hot ? 5e7 : 5e6),
      network_tx_bytes_per_s: between(r, 1e4, hot ? 5e7 : 5e6),
      container_cpu_percent: clamp(this.cpu * 1.5 + between(r, -10, 10), 0, 400),
      'container_cpu_percent:web': clamp(this.cpu * 1.8 + between(r, -10, 10), 0, 400),
      container_memory_percent: clamp(this.mem + between(r, -10, 10), 0, 100),
      'container_memory_percent:db': clamp(this.mem + 10 + between(r, -5, 5), 0, 100),
      container_restarts: hot && r() < 0.2 ? 1 : 0,
      'container_running:web': hot && r() < 0.1 ? 0 : 1,
      'container_healthy:web': hot && r() < 0.3 ? 0 : 1,
      containers_unhealthy: hot && r() < 0.3 ? 1 : 0,
    }
    // The probe and the model are the collectors that fail most often; missing stays missing.
    if (r() > 0.02) {
      m.response_time = hot ? between(r, 1, 9) : between(r, 0.02, 0.6)
      m['response_time:web'] = m.response_time
      m.error_rate = hot ? between(r, 0, 0.4) : r() < 0.05 ? between(r, 0, 0.05) : 0
      m['error_rate:web'] = m.error_rate
    }
    if (r() > 0.01) {
      m.ml_anomaly_score = hot ? between(r, 0.6, 1) : between(r, 0, 0.5) ** 2
      m.ml_confidence = between(r, 0.5, 1)
    }
    return m
  }
}
