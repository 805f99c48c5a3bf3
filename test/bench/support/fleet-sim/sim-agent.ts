import WebSocket from 'ws'
import { ReconnectBackoff } from '@smartcloudops/agent/link/reconnect-backoff'
import { retryAfterOf } from '@smartcloudops/agent/link/upgrade-refusal'
import { decodeServerMessage, encodeAgentMessage } from '@smartcloudops/shared/protocol/codec'
import { newMessageId } from '@smartcloudops/shared/protocol/id'
import type { AgentMessageType, AgentPayload } from '@smartcloudops/shared'
import type { ServerMessage } from '@smartcloudops/shared/protocol/messages'
import type { SimRates } from './options'

/** What one simulated agent reports to its worker (times are epoch ms, sub-millisecond). */
export interface SimAgentEvents {
  /** A desired state arrived (and was acknowledged) on connection number `connection` (1, 2, …). */
  desiredState(agent: SimAgent, ds: Extract<ServerMessage, { type: 'desired_state' }>['payload'], connection: number): void
  /** A connection closed; the agent reconnects after its backoff unless stopped. */
  closed(agent: SimAgent, code: number): void
  /** An event was acknowledged by the server (stored). */
  acked(agent: SimAgent, n: number): void
  /** The server answered an event with an error frame. */
  refused(agent: SimAgent, code: string): void
}

export const now = () => performance.timeOrigin + performance.now()

/**
 * One protocol-faithful agent: connects with its credential, says hello, acknowledges every
 * desired state as the real agent does (applied, with its revision and ruleset version), sends
 * heartbeats and events (metrics batches, decisions, action started/finished) at the configured
 * rates, re-sends events not acknowledged when it reconnects, and reconnects after a close with
 * the real agent's jittered backoff (agent/src/link/reconnect-backoff.ts). Every frame goes
 * through the shared codec in both directions, so a server frame that fails validation is counted.
 */
export class SimAgent {
  ws: WebSocket | undefined
  connections = 0
  lastRevision = -1
  rulesetVersion = 0
  /** Events sent and not yet acknowledged, by id (re-sent after a reconnect: at-least-once). */
  readonly unacked = new Map<string, { type: AgentMessageType; payload: unknown }>()
  invalidFrames = 0
  /** Upgrades answered with a Retry-After (503: the replica is admitting a reconnect storm). */
  throttled = 0
  eventsSent = 0
  private stopped = false
  private welcomed = false
  private timers: NodeJS.Timeout[] = []
  private readonly backoff = new ReconnectBackoff()
  private readonly startedAt = Date.now()
  private seq = 0

  constructor(
    readonly index: number,
    readonly hostname: string,
    private readonly credential: string,
    private readonly url: string,
    private readonly rates: SimRates,
    private readonly events: SimAgentEvents,
  ) {}

  /** Opens the first connection; resolves when it is open (or failed, and a retry is scheduled). */
  connect(): Promise<void> {
    return new Promise((resolve) => {
      const ws = new WebSocket(this.url, { headers: { authorization: `Bearer ${this.credential}` }, perMessageDeflate: false })
      this.ws = ws
      this.welcomed = false
      let opened = false
      let retryAfterS: number | undefined
      ws.once('open', () => {
        opened = true
        this.connections++
        this.send('hello', {
          agent_version: 'fleet-sim',
          protocol_versions: [1],
          hostname: this.hostname,
          labels: { sim: 'fleet' },
          capabilities: { actions: ['send_alert', 'restart_container'], collectors: ['cpu', 'memory'] },
          facts: { os: 'linux', arch: 'x64', kernel: 'sim', cpus: 2, memory_bytes: 4 * 2 ** 30 },
          monitoring: true,
          ...(this.lastRevision >= 0 ? { desired_state_revision: this.lastRevision, ruleset_version: this.rulesetVersion } : {}),
        })
        for (const [id, e] of this.unacked) this.ws?.send(encodeAgentMessage(e.type, e.payload as never, { id }))
        this.startTimers()
        resolve()
      })
      ws.on('message', (data) => this.onFrame(data as Buffer))
      ws.once('unexpected-response', (_req, res) => {
        // As the real agent (agent/src/link/connection.ts): a Retry-After replaces the backoff, ±50%.
        retryAfterS = retryAfterOf(res)
        if (retryAfterS) this.throttled++
        res.resume()
        ws.terminate()
      })
      ws.on('error', () => {})
      ws.once('close', (code) => {
        this.clearTimers()
        if (opened) this.events.closed(this, code)
        if (!opened) resolve()
        if (this.stopped) return
        const backoffMs = this.backoff.next(this.welcomed ? 'closed' : opened ? 'refused' : 'unreachable')
        const wait = retryAfterS ? retryAfterS * 1000 * (0.5 + Math.random()) : backoffMs
        const t = setTimeout(() => void this.connect(), wait)
        this.timers.push(t)
      })
    })
  }

  stop(): void {
    this.stopped = true
    this.clearTimers()
    this.ws?.terminate()
  }

  private send<T extends AgentMessageType>(type: T, payload: AgentPayload<T>, id?: string): void {
    if (this.ws?.readyState !== WebSocket.OPEN) return
    this.ws.send(encodeAgentMessage(type, payload, id ? { id } : {}))
  }

  private sendEvent<T extends AgentMessageType>(type: T, payload: AgentPayload<T>): void {
    const id = newMessageId()
    this.eventsSent++
    this.unacked.set(id, { type, payload })
    this.send(type, payload, id)
  }

  private onFrame(data: Buffer): void {
    const d = decodeServerMessage(data, { maxBytes: 16 * 1024 * 1024 })
    if (!d.ok) {
      this.invalidFrames++
      return
    }
    const m = d.message
    if (m.type === 'welcome') this.welcomed = true
    else if (m.type === 'desired_state') {
      this.welcomed = true
      this.lastRevision = m.payload.revision
      this.rulesetVersion = m.payload.ruleset.version
      this.send('desired_state.ack', { revision: m.payload.revision, ruleset_version: m.payload.ruleset.version, applied: true })
      this.events.desiredState(this, m.payload, this.connections)
    } else if (m.type === 'ack') {
      let n = 0
      for (const id of m.payload.ids) if (this.unacked.delete(id)) n++
      if (n > 0) this.events.acked(this, n)
    } else if (m.type === 'error') {
      this.events.refused(this, m.payload.code)
    }
  }

  /** Periodic traffic, each stream started at a random phase so a fleet does not send in lockstep. */
  private startTimers(): void {
    const every = (seconds: number, fn: () => void) => {
      if (!(seconds > 0)) return
      const ms = seconds * 1000
      const first = setTimeout(() => {
        fn()
        const t = setInterval(fn, ms)
        this.timers.push(t)
      }, Math.random() * ms)
      this.timers.push(first)
    }
    every(this.rates.heartbeatS, () =>
      this.send('heartbeat', { uptime_s: (Date.now() - this.startedAt) / 1000, monitoring: true, outbox_depth: this.unacked.size }),
    )
    every(this.rates.metricsS, () => this.sendEvent('metrics.batch', { samples: this.samples() }))
    every(this.rates.decisionsS, () => this.sendDecision(false))
    every(this.rates.actionsS, () => this.sendDecision(true))
  }

  private samples(): AgentPayload<'metrics.batch'>['samples'] {
    const t = Date.now()
    return Array.from({ length: this.rates.samplesPerBatch }, (_, k) => ({
      ts: t - (this.rates.samplesPerBatch - 1 - k) * 1000,
      metrics: {
        cpu_percent: (this.index * 7 + this.seq++) % 100,
        memory_percent: 40 + (this.index % 20),
        ml_anomaly_score: ((this.index + this.seq) % 100) / 100,
        ml_confidence: 0.9,
      },
    }))
  }

  private sendDecision(withAction: boolean): void {
    const decisionId = newMessageId()
    const t = Date.now()
    this.sendEvent('decision', {
      decision_id: decisionId,
      rule: 'High CPU Usage',
      priority: 2,
      ruleset_version: this.rulesetVersion,
      sample_ts: t,
      outcome: withAction ? 'execute' : 'suppressed',
      suppressed_by: withAction ? 'none' : 'cooldown',
      override_mode: 'enabled',
      reason: withAction ? 'cpu_percent 97 > 90' : 'in cooldown',
      conditions: [{ metric: 'cpu_percent', operator: 'gt', threshold: 90, observed: 97, held: true }],
      actions: [{ type: 'send_alert' }],
    } as AgentPayload<'decision'>)
    if (!withAction) return
    const action = { action_id: newMessageId(), decision_id: decisionId, rule: 'High CPU Usage', type: 'send_alert' as const }
    this.sendEvent('action.started', { ...action, params: {}, started_at: t })
    this.sendEvent('action.finished', { ...action, ok: true, retryable: false, started_at: t, finished_at: t + 5 })
  }

  private clearTimers(): void {
    for (const t of this.timers) clearTimeout(t)
    this.timers = []
  }
}
