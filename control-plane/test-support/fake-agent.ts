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
   * Answers `test` commands as the agent does (agent/src/loop/self-test.ts; contract in
   * src/fleet/integration-test.ts): with `args.metrics` it evaluates those and answers
   * `{ok, result: {evaluations}}`; without, it "collects" `sample`, and answers `{collectors,
   * sample: {metrics, missing, scored}, evaluations, problems}` with ok = no problem and the problems
   * joined in `error`. Evaluations use the shared rule engine on the rules of the last desired state
   * received; nothing runs. `problems` stands for what a real host would find.
   */
  answerTests(opts: { sample?: Record<string, number>; problems?: string[]; collectors?: Record<string, { ok: boolean; error?: string }> } = {}): void {
    const previous = this.onMessage
    this.onMessage = (m) => {
      previous?.(m)
      if (m.type !== 'command' || m.payload.name !== 'test') return
      const given = m.payload.args?.metrics as Record<string, number> | undefined
      const desired = [...this.received].reverse().find((x) => x.type === 'desired_state')
      const state = desired?.type === 'desired_state' ? desired.payload : undefined
      const evaluationsOf = (metrics: Record<string, number>) => {
        if (!state) return []
        const now = Date.now()
        const ctx = { host: { id: state.host_id, labels: {} }, mode: state.override.mode, remediationEnabled: state.remediation_enabled }
        return evaluate(state.ruleset.rules, {}, { ts: now, metrics }, now, ctx).evaluations.map((e) => ({
          rule: e.rule,
          fired: e.fired,
          outcome: e.outcome,
          suppressed_by: e.suppressed_by,
          reason: e.reason,
          policy: e.fired ? e.actions.map((a) => ({ type: a.type, allowed: true })) : [],
        }))
      }
      const reply = (r: { ok: boolean; error?: string; result?: unknown }) => this.send('command.result', { command_id: m.payload.command_id, ...r })
      if (given) {
        if (!state) return reply({ ok: false, error: 'no desired state yet: no rules to test against' })
        return reply({ ok: true, result: { evaluations: evaluationsOf(given) } })
      }
      const metrics = opts.sample ?? { cpu_percent: 12, memory_percent: 30 }
      const problems = [...(opts.problems ?? []), ...(state ? [] : ['no desired state yet: the agent has no rules'])]
      const result = {
        collectors: opts.collectors ?? { cpu: { ok: true }, memory: { ok: true } },
        sample: { metrics: Object.keys(metrics).length + 2, missing: 0, scored: true },
        evaluations: evaluationsOf(metrics),
        problems,
      }
      reply(problems.length === 0 ? { ok: true, result } : { ok: false, error: problems.join('; '), result })
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
