/** How often each simulated agent sends what (seconds; 0 = never). */
export interface SimRates {
  heartbeatS: number
  metricsS: number
  samplesPerBatch: number
  decisionsS: number
  /** A decision that executes an action: decision + action.started + action.finished. */
  actionsS: number
}

/** Quiet by default: the fan-out benchmark measures desired state, not ingest. */
export const quietRates: SimRates = { heartbeatS: 0, metricsS: 0, samplesPerBatch: 10, decisionsS: 0, actionsS: 0 }

/** What a real agent sends with the default config (30 s loop, 10-sample buffer, 10 s heartbeat). */
export const defaultRates: SimRates = { heartbeatS: 10, metricsS: 300, samplesPerBatch: 10, decisionsS: 600, actionsS: 3600 }

export interface SimAgentSpec {
  index: number
  hostname: string
  credential: string
}

/** Which desired states a mark counts: the first one per agent, at or after the mark was set, that matches. */
export interface MarkSpec {
  /** Only a snapshot whose effective override has this mode. */
  mode?: 'enabled' | 'dry_run' | 'paused'
  /** Only a snapshot received on a connection opened after the mark was set (a reconnect). */
  newConnection?: boolean
}

export type ParentMessage =
  | { cmd: 'start'; url: string; agents: SimAgentSpec[]; rates: SimRates }
  | { cmd: 'connect'; concurrency: number; spreadMs: number }
  | { cmd: 'mark'; name: string; spec: MarkSpec }
  | { cmd: 'collect'; name: string }
  | { cmd: 'stop' }

export interface WorkerStats {
  agents: number
  open: number
  closes: number
  eventsSent: number
  eventsAcked: number
  unacked: number
  refused: Record<string, number>
  invalidFrames: number
  /** Upgrades answered 503 + Retry-After (admission during a reconnect storm). */
  throttled: number
}

export type WorkerMessage =
  | { ev: 'ready' }
  | { ev: 'started' }
  | { ev: 'progress'; marks: Record<string, number>; stats: WorkerStats }
  | { ev: 'collected'; name: string; times: number[] }
  | { ev: 'stopped' }
