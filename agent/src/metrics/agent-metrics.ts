import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Logger } from 'pino'
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client'
import type { CycleReport } from '../loop/runtime'

/** What the agent exposes at scrape time, read when Prometheus asks (nothing is polled). */
export interface AgentMetricsSources {
  outboxDepth(): number
  collectorHealth(): Record<string, { ok: boolean }>
  connected(): boolean
  /** Streaming stats requests open (one per running container) and actions running beside the loop. */
  containerStreams?(): number
  runningActions?(): number
}

/**
 * The agent's optional `/metrics` (config `metrics_listen`, off by default). Cheap when on: the loop
 * reports each cycle through one hook (`onCycle`), everything else is read at scrape time.
 * One registry per instance, no module-level state.
 */
export class AgentMetrics {
  readonly registry = new Registry()
  private readonly cycleSeconds: Histogram
  private readonly scoreSeconds: Histogram
  private readonly cycles: Counter<'scored'>
  private readonly anomaly: Gauge
  private server: Server | undefined

  constructor(sources: AgentMetricsSources) {
    const registers = [this.registry]
    collectDefaultMetrics({ register: this.registry })
    // prom-client names these gauges *_total, which promtool rejects.
    for (const n of ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total']) this.registry.removeSingleMetric(n)
    this.cycleSeconds = new Histogram({ name: 'scops_agent_cycle_duration_seconds', help: 'Monitoring cycle duration (collect to record)', buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30], registers })
    this.scoreSeconds = new Histogram({ name: 'scops_agent_score_duration_seconds', help: 'Time the ONNX detector took to score one sample', buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5], registers })
    this.cycles = new Counter({ name: 'scops_agent_cycles_total', help: 'Monitoring cycles run, by whether the sample was scored', labelNames: ['scored'], registers })
    this.anomaly = new Gauge({ name: 'scops_agent_anomaly_score', help: 'Last calibrated anomaly score (0-1) of this host', registers })
    new Gauge({
      name: 'scops_agent_outbox_events',
      help: 'Events in the on-disk outbox not yet acknowledged by the control plane',
      registers,
      collect() {
        this.set(sources.outboxDepth())
      },
    })
    new Gauge({
      name: 'scops_agent_collector_up',
      help: '1 when the collector succeeded in the last cycle, else 0',
      labelNames: ['collector'],
      registers,
      collect() {
        this.reset()
        for (const [name, h] of Object.entries(sources.collectorHealth())) this.set({ collector: name }, h.ok ? 1 : 0)
      },
    })
    // Read at scrape time: what a leak would grow (the soak benchmark watches these).
    const { containerStreams, runningActions } = sources
    if (containerStreams)
      new Gauge({
        name: 'scops_agent_container_stats_streams',
        help: 'Streaming Docker stats requests open (one per running container)',
        registers,
        collect() {
          this.set(containerStreams())
        },
      })
    if (runningActions)
      new Gauge({
        name: 'scops_agent_running_actions',
        help: 'Remediation actions running beside the monitoring loop',
        registers,
        collect() {
          this.set(runningActions())
        },
      })
    new Gauge({
      name: 'scops_agent_connected',
      help: '1 while the agent has a session with the control plane',
      registers,
      collect() {
        this.set(sources.connected() ? 1 : 0)
      },
    })
  }

  /** The loop's hook: one call per cycle. */
  onCycle(report: CycleReport, durationS: number): void {
    this.cycleSeconds.observe(durationS)
    this.cycles.inc({ scored: report.scored ? 'true' : 'false' })
    if (report.score_ms !== undefined) this.scoreSeconds.observe(report.score_ms / 1000)
    if (report.anomaly_score !== undefined) this.anomaly.set(report.anomaly_score)
  }

  /** Serves GET /metrics on host:port; anything else is a 404. Resolves with the bound address. */
  async listen(host: string, port: number, log: Logger): Promise<AddressInfo> {
    const server = createServer((req, res) => {
      if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('only GET /metrics is served here\n')
        return
      }
      this.registry.metrics().then(
        (body) => res.writeHead(200, { 'content-type': this.registry.contentType }).end(body),
        (err: unknown) => {
          log.error({ err }, 'metrics scrape failed')
          res.writeHead(500, { 'content-type': 'text/plain' }).end('metrics unavailable\n')
        },
      )
    })
    this.server = server
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(port, host, () => {
        server.off('error', reject)
        resolve()
      })
    })
    return server.address() as AddressInfo
  }

  async close(): Promise<void> {
    const s = this.server
    if (!s) return
    this.server = undefined
    await new Promise<void>((resolve) => s.close(() => resolve()))
  }
}
