import type { AgentMessage } from '@smartcloudops/shared/protocol/messages'
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client'
import type { Database } from '../db/client'
import { fleetGaugeRows } from '../db/queries/fleet-metrics'
import { listDayPartitions } from '../db/queries/metric-partitions'
import { deadlockRetries } from '../db/retry-deadlock'
import type { Gateway } from '../gateway/gateway'

/**
 * The control plane's Prometheus registry: one per app instance (several apps share a test
 * process, so nothing lives at module level). Counters are fed by `onMessage`/`onStored` as agent
 * messages arrive; fleet gauges are computed from the database at scrape time, in one grouped query.
 * No host ids in labels: cardinality stays bounded by rules, action types and versions in use.
 */
export class ControlPlaneMetrics {
  readonly registry = new Registry()
  private readonly decisions: Counter<'outcome' | 'suppressed_by'>
  private readonly actions: Counter<'type' | 'status'>
  private readonly verifications: Counter<'result'>
  private readonly messages: Counter<'type'>
  readonly httpDuration: Histogram<'method' | 'route' | 'status_class'>
  readonly deliveries: Counter<'kind' | 'status'>
  /** Day partitions of the metrics history dropped by retention (history-maintenance). */
  readonly historyPartitionsDropped: Counter
  /** Last outbox depth each connected agent reported in its heartbeat. */
  private readonly outbox = new Map<string, { depth: number; oldestS: number }>()

  constructor(database: Database, gateway: Gateway) {
    const registers = [this.registry]
    collectDefaultMetrics({ register: this.registry })
    // Gauges that prom-client names *_total: promtool rejects them (a _total is a counter).
    for (const n of ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total']) this.registry.removeSingleMetric(n)
    this.decisions = new Counter({ name: 'scops_decisions_total', help: 'Rule decisions ingested, by outcome and suppressing gate', labelNames: ['outcome', 'suppressed_by'], registers })
    this.actions = new Counter({ name: 'scops_actions_total', help: 'Actions ingested, by type and status (started, succeeded, failed)', labelNames: ['type', 'status'], registers })
    this.verifications = new Counter({ name: 'scops_verifications_total', help: 'Action verifications, by result (cleared, failed)', labelNames: ['result'], registers })
    this.messages = new Counter({ name: 'scops_gateway_messages_total', help: 'Agent messages decoded by the gateway, by type', labelNames: ['type'], registers })
    this.deliveries = new Counter({ name: 'scops_notification_deliveries_total', help: 'Notification delivery attempts, by notifier kind and result', labelNames: ['kind', 'status'], registers })
    this.httpDuration = new Histogram({
      name: 'scops_http_request_duration_seconds',
      help: 'API request latency by route pattern',
      labelNames: ['method', 'route', 'status_class'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    })
    // The gateway keeps its own plain counters (also shown by /integration/status); read them at scrape.
    const gatewayCounter = (name: string, key: keyof Gateway['counters'], help: string) =>
      new Counter({
        name,
        help,
        registers,
        collect() {
          this.reset()
          this.inc(gateway.counters[key])
        },
      })
    gatewayCounter('scops_gateway_connections_total', 'connections_total', 'Agent WebSocket connections accepted')
    gatewayCounter('scops_gateway_rejected_upgrades_total', 'rejected_upgrades_total', 'Agent WebSocket upgrades refused (bad credential, bad request)')
    gatewayCounter('scops_gateway_malformed_frames_total', 'malformed_frames_total', 'Agent frames that failed protocol validation')
    gatewayCounter('scops_ingest_events_total', 'events_stored_total', 'Agent events stored (first delivery)')
    gatewayCounter('scops_ingest_duplicate_events_total', 'events_duplicate_total', 'Agent events received again and acknowledged without effect')
    gatewayCounter('scops_ingest_errors_total', 'ingest_errors_total', 'Agent messages the control plane could not process')
    gatewayCounter('scops_gateway_desired_state_pushes_total', 'desired_state_pushes_total', 'Desired-state snapshots sent to agents')
    gatewayCounter('scops_gateway_slow_consumers_dropped_total', 'slow_consumers_dropped_total', 'Agent sockets dropped for not reading fast enough')
    gatewayCounter('scops_gateway_connections_dropped_total', 'connections_dropped_total', 'Agent connections the control plane closed (replaced, malformed, silent, slow, decommissioned)')
    gatewayCounter('scops_ingest_dead_lettered_events_total', 'events_dead_lettered_total', 'Agent events refused for their content, kept in dead_letters and acknowledged')
    gatewayCounter('scops_liveness_sweeps_total', 'liveness_sweeps_total', 'Liveness sweeps completed')
    gatewayCounter('scops_hosts_expired_total', 'hosts_expired_total', 'Hosts marked offline because no replica confirmed them (a replica died)')
    gatewayCounter('scops_permits_granted_total', 'permits_granted_total', 'Permits (disruption leases) granted to agents')
    gatewayCounter('scops_permits_refused_total', 'permits_refused_total', 'Permits refused by a budget or an inhibition')
    gatewayCounter('scops_permits_queued_total', 'permits_queued_total', "Permit requests that waited in a full budget's queue")
    new Counter({
      name: 'scops_db_deadlock_retries_total',
      help: 'Database writes run again after PostgreSQL aborted them to break a deadlock (process-wide; should stay 0)',
      registers,
      collect() {
        this.reset()
        this.inc(deadlockRetries())
      },
    })
    const outbox = this.outbox
    new Gauge({
      name: 'scops_gateway_connected_agents',
      help: 'Agent sockets connected to this replica',
      registers,
      collect() {
        this.set(gateway.sessions.size)
      },
    })
    new Gauge({
      name: 'scops_fleet_outbox_events',
      help: 'Events waiting in connected agents\' outboxes, as last reported in heartbeats (sum and max over agents)',
      labelNames: ['agg'],
      registers,
      collect() {
        let sum = 0
        let max = 0
        for (const [host, o] of outbox) {
          if (!gateway.sessions.has(host)) {
            outbox.delete(host)
            continue
          }
          sum += o.depth
          max = Math.max(max, o.depth)
        }
        this.set({ agg: 'sum' }, sum)
        this.set({ agg: 'max' }, max)
      },
    })
    new Gauge({
      name: 'scops_fleet_outbox_oldest_age_seconds',
      help: 'Age of the oldest event waiting in any connected agent\'s outbox (the delivery lag), as last reported',
      registers,
      collect() {
        let max = 0
        for (const [host, o] of outbox) if (gateway.sessions.has(host)) max = Math.max(max, o.oldestS)
        this.set(max)
      },
    })
    this.historyPartitionsDropped = new Counter({
      name: 'scops_metric_history_partitions_dropped_total',
      help: 'Day partitions of the metrics history dropped by retention on this replica',
      registers,
    })
    // Read from the catalogue at scrape time: shows that days are created ahead and old ones go.
    const oldestDay = new Gauge({ name: 'scops_metric_history_oldest_day_timestamp_seconds', help: 'Start of the oldest day partition of the metrics history', registers })
    new Gauge({
      name: 'scops_metric_history_partitions',
      help: 'Day partitions of the metrics history (metric_samples), the default partition not counted',
      registers,
      async collect() {
        const days = await listDayPartitions(database.db).catch(() => undefined)
        if (!days) return
        this.set(days.length)
        if (days[0]) oldestDay.set(days[0].day / 1000)
      },
    })
    // Fleet gauges: one query, at scrape time; the same numbers on every replica.
    const hostsByState = new Gauge({ name: 'scops_hosts', help: 'Enrolled hosts by connection state', labelNames: ['state'], registers })
    const rulesetInUse = new Gauge({ name: 'scops_hosts_by_ruleset_version', help: 'Hosts by the ruleset version they acknowledged', labelNames: ['version'], registers })
    const modelInUse = new Gauge({ name: 'scops_hosts_by_model_version', help: 'Hosts by the model version they acknowledged', labelNames: ['version'], registers })
    const overridesActive = new Gauge({ name: 'scops_overrides_active', help: 'Active overrides by scope and mode', labelNames: ['scope', 'mode'], registers })
    new Gauge({
      name: 'scops_fleet_scrape_ok',
      help: '1 when the fleet gauges could be read from the database at this scrape',
      registers,
      async collect() {
        hostsByState.reset()
        rulesetInUse.reset()
        modelInUse.reset()
        overridesActive.reset()
        try {
          const f = await fleetGaugeRows(database.db)
          for (const s of ['never', 'online', 'stale', 'offline']) hostsByState.set({ state: s }, 0)
          for (const r of f.byState) hostsByState.set({ state: r.key }, r.n)
          for (const r of f.byRuleset) rulesetInUse.set({ version: r.key }, r.n)
          for (const r of f.byModel) modelInUse.set({ version: r.key }, r.n)
          for (const m of ['enabled', 'dry_run', 'paused']) for (const s of ['fleet', 'group', 'host']) overridesActive.set({ scope: s, mode: m }, 0)
          for (const r of f.overrides) overridesActive.set({ scope: r.scope, mode: r.mode }, r.n)
          this.set(1)
        } catch {
          this.set(0)
        }
      },
    })
  }

  /** The gateway calls this for every decoded agent message. */
  onMessage(hostId: string, m: AgentMessage): void {
    this.messages.inc({ type: m.type })
    if (m.type === 'heartbeat') this.outbox.set(hostId, { depth: m.payload.outbox_depth, oldestS: m.payload.outbox_oldest_age_s ?? 0 })
  }

  /** The gateway calls this for each event stored for the first time (replays are not counted twice). */
  onStored(m: AgentMessage): void {
    if (m.type === 'decision') this.decisions.inc({ outcome: m.payload.outcome, suppressed_by: m.payload.suppressed_by })
    else if (m.type === 'action.started') this.actions.inc({ type: m.payload.type, status: 'started' })
    else if (m.type === 'action.finished') this.actions.inc({ type: m.payload.type, status: m.payload.ok ? 'succeeded' : 'failed' })
    else if (m.type === 'action.verified') this.verifications.inc({ result: m.payload.cleared ? 'cleared' : 'failed' })
  }
}
