import WebSocket from 'ws'
import type { Decision } from '@smartcloudops/shared'
import { decodeServerMessage, encodeAgentMessage } from '@smartcloudops/shared/protocol/codec'
import { helloPayload } from '@smartcloudops/control-plane/test-support/fake-agent'

/**
 * A protocol-faithful simulated agent for fault suites: it keeps every event in an in-memory
 * outbox until the server acknowledges it, re-sends an event answered with a retryable error after
 * a pause, reconnects with backoff when the socket goes, and re-sends everything unacknowledged
 * after each hello. What it produced and what is still unacknowledged are there to count.
 */
export class SimAgent {
  readonly produced: string[] = []
  readonly outbox = new Map<string, string>()
  retryableErrors = 0
  reconnects = 0
  private ws: WebSocket | undefined
  private ready = false
  private stopped = false
  private seq = 0

  constructor(
    readonly name: string,
    private readonly wsUrl: string,
    private readonly credential: string,
  ) {}

  start(): void {
    this.connect()
  }

  /** Records one decision event in the outbox and sends it if connected. */
  produce(): void {
    const n = ++this.seq
    const id = `evt-${this.name}-${n}`
    const payload: Decision = {
      decision_id: `dec-${this.name}-${n}`,
      rule: 'Fault suite',
      priority: 3,
      ruleset_version: 1,
      sample_ts: Date.now(),
      outcome: 'dry_run',
      suppressed_by: 'override_dry_run',
      override_mode: 'dry_run',
      reason: `event ${n} of ${this.name}`,
      conditions: [],
      actions: [],
    }
    this.produced.push(payload.decision_id)
    const frame = encodeAgentMessage('decision', payload, { id })
    this.outbox.set(id, frame)
    if (this.ready) this.ws?.send(frame)
  }

  stop(): void {
    this.stopped = true
    this.ws?.terminate()
  }

  private connect(): void {
    if (this.stopped) return
    const ws = new WebSocket(this.wsUrl, { headers: { authorization: `Bearer ${this.credential}` }, perMessageDeflate: false })
    this.ws = ws
    ws.on('open', () => ws.send(encodeAgentMessage('hello', helloPayload(this.name))))
    ws.on('message', (data) => {
      const d = decodeServerMessage(data as Buffer, { maxBytes: 64 * 1024 * 1024 })
      if (!d.ok) return
      const m = d.message
      if (m.type === 'welcome') {
        this.ready = true
        for (const frame of this.outbox.values()) ws.send(frame)
      } else if (m.type === 'ack') {
        for (const id of m.payload.ids) this.outbox.delete(id)
      } else if (m.type === 'error' && m.payload.code === 'server_error' && m.payload.ref_id) {
        this.retryableErrors++
        const id = m.payload.ref_id
        setTimeout(() => {
          const frame = this.outbox.get(id)
          if (frame && this.ready && this.ws === ws) ws.send(frame)
        }, 200).unref()
      }
    })
    const again = () => {
      if (this.ws !== ws) return
      this.ready = false
      this.ws = undefined
      if (this.stopped) return
      this.reconnects++
      setTimeout(() => this.connect(), 250 + Math.floor(Math.random() * 250)).unref()
    }
    ws.on('close', again)
    ws.on('error', () => ws.terminate())
    ws.on('unexpected-response', () => {
      ws.terminate()
      again()
    })
  }
}
