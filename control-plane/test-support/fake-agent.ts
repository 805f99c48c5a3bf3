import WebSocket from 'ws'
import { decodeServerMessage, encodeAgentMessage } from '@smartcloudops/shared/protocol/codec'
import type { ServerMessage } from '@smartcloudops/shared/protocol/messages'
import type { AgentMessageType, AgentPayload, Hello } from '@smartcloudops/shared'
import { evaluate } from '@smartcloudops/shared/rules/engine'

/**
 * A minimal agent speaking the shared protocol over a real WebSocket, for gateway tests and the
 * fan-out benchmark. Messages are queued; `next` waits for the first one matching a predicate.
 */
export class FakeAgent {
  readonly received: ServerMessage[] = []
  private waiters: { match: (m: ServerMessage) => boolean; resolve: (m: ServerMessage) => void; reject: (e: Error) => void }[] = []
  closed: { code: number; reason: string } | undefined

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const d = decodeServerMessage(data as Buffer, { maxBytes: 64 * 1024 * 1024 })
      if (!d.ok) throw new Error(`server sent an invalid frame: ${d.error.message}`)
      this.received.push(d.message)
      this.waiters = this.waiters.filter((w) => {
        if (!w.match(d.message)) return true
        w.resolve(d.message)
        return false
      })
      this.onMessage?.(d.message)
    })
    ws.on('close', (code, reason) => {
      this.closed = { code, reason: reason.toString() }
      for (const w of this.waiters) w.reject(new Error(`socket closed (${code} ${reason.toString()}) while waiting`))
      this.waiters = []
    })
  }

  onMessage?: (m: ServerMessage) => void

  /** Connects; rejects with the HTTP status when the upgrade is refused. */
  static connect(wsUrl: string, credential: string | undefined): Promise<FakeAgent> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(wsUrl, { headers: credential ? { authorization: `Bearer ${credential}` } : {}, perMessageDeflate: false })
      ws.once('open', () => resolve(new FakeAgent(ws)))
      ws.once('unexpected-response', (_req, res) => reject(Object.assign(new Error(`upgrade refused: ${res.statusCode}`), { status: res.statusCode })))
      ws.once('error', reject)
    })
  }

  send<T extends AgentMessageType>(type: T, payload: AgentPayload<T>, id?: string): string {
    const frame = encodeAgentMessage(type, payload, id ? { id } : {})
    this.ws.send(frame)
    return JSON.parse(frame).id as string
  }

  sendRaw(data: string | Buffer): void {
    this.ws.send(data)
  }

  /** The first message (already received or future) of this type that matches. */
  next<T extends ServerMessage['type']>(
    type: T,
    match: (m: Extract<ServerMessage, { type: T }>) => boolean = () => true,
    opts: { after?: number; timeoutMs?: number } = {},
  ): Promise<Extract<ServerMessage, { type: T }>> {
    const pred = (m: ServerMessage) => m.type === type && match(m as Extract<ServerMessage, { type: T }>)
    const already = this.received.slice(opts.after ?? 0).find(pred)
    if (already) return Promise.resolve(already as Extract<ServerMessage, { type: T }>)
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${type}`)), opts.timeoutMs ?? 20_000)
      this.waiters.push({
        match: pred,
        resolve: (m) => {
          clearTimeout(timer)
          resolve(m as Extract<ServerMessage, { type: T }>)
        },
        reject: (e) => {
          clearTimeout(timer)
          reject(e)
        },
      })
    })
  }

  close(): void {
    this.ws.close()
  }

  /**
   * Answers `test` commands the way the agent does (contract in fleet/integration-test.ts): with
   * `args.metrics` it evaluates those, without them a fresh sample (here: `sample`), in both cases
   * with the shared rule engine on the rules of the last desired state it received; nothing runs.
   * `problems` stands for what a real host would find (a failing collector, a policy refusal).
   */
  answerTests(opts: { sample?: Record<string, number>; problems?: string[]; collectors?: Record<string, { ok: boolean; error?: string }> } = {}): void {
    const previous = this.onMessage
    this.onMessage = (m) => {
      previous?.(m)
      if (m.type !== 'command' || m.payload.name !== 'test') return
      const given = m.payload.args?.metrics as Record<string, number> | undefined
      const desired = [...this.received].reverse().find((x) => x.type === 'desired_state')
      const state = desired?.type === 'desired_state' ? desired.payload : undefined
      const metrics = given ?? opts.sample ?? { cpu_percent: 12, memory_percent: 30 }
      const now = Date.now()
      const evaluations = state
        ? evaluate(state.ruleset.rules, {}, { ts: now, metrics }, now, { host: { id: state.host_id, labels: {} }, mode: state.override.mode, remediationEnabled: state.remediation_enabled }).evaluations
        : []
      const problems = [...(opts.problems ?? []), ...(state ? [] : ['no desired state received yet'])]
      const result = {
        collectors: opts.collectors ?? { cpu: { ok: true }, memory: { ok: true } },
        sample: { metrics, missing: {}, scored: given === undefined },
        evaluations,
        problems,
      }
      this.send('command.result', { command_id: m.payload.command_id, ok: problems.length === 0, result })
    }
  }
}

export function helloPayload(hostname: string, labels: Record<string, string> = {}): Hello {
  return {
    agent_version: 'test-0.0.1',
    protocol_versions: [1],
    hostname,
    labels,
    capabilities: { actions: ['send_alert', 'restart_container'], collectors: ['cpu'] },
    facts: { os: 'linux', arch: 'x64', kernel: 'test', cpus: 2, memory_bytes: 1024 },
    monitoring: true,
  }
}
