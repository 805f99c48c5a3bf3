/** What the gateway counts, shown by GET /integration/health and /remediation/status. */
export interface GatewayCounters {
  connections_total: number
  rejected_upgrades_total: number
  malformed_frames_total: number
  events_stored_total: number
  events_duplicate_total: number
  /** Events refused for their content (or for touching another host's records), kept in dead_letters and acknowledged. */
  events_dead_lettered_total: number
  desired_state_pushes_total: number
  /** Every connection the server closed on its own: replaced, malformed, silent, slow, decommissioned. */
  connections_dropped_total: number
  /** Of those, agents that stopped reading (send buffer over the hard limit). */
  slow_consumers_dropped_total: number
  /** Messages answered with a retryable `server_error` (the database away, mostly). */
  ingest_errors_total: number
  /** Liveness sweeps completed (one per heartbeat interval while the database answers). */
  liveness_sweeps_total: number
  /** Hosts this replica marked offline because no replica had confirmed them (a replica died). */
  hosts_expired_total: number
  /** Permits (disruption leases) this replica granted, and refused for a budget or an inhibition. */
  permits_granted_total: number
  permits_refused_total: number
  /** permit.request.v2 requests that waited in a budget's queue (their grant or refusal comes later). */
  permits_queued_total: number
}

export function newCounters(): GatewayCounters {
  return {
    connections_total: 0,
    rejected_upgrades_total: 0,
    malformed_frames_total: 0,
    events_stored_total: 0,
    events_duplicate_total: 0,
    events_dead_lettered_total: 0,
    desired_state_pushes_total: 0,
    connections_dropped_total: 0,
    slow_consumers_dropped_total: 0,
    ingest_errors_total: 0,
    liveness_sweeps_total: 0,
    hosts_expired_total: 0,
    permits_granted_total: 0,
    permits_refused_total: 0,
    permits_queued_total: 0,
  }
}
