import type { Logger } from 'pino'
import WebSocket from 'ws'
import type { Command, CommandResult, DesiredState, Heartbeat, Hello } from '@smartcloudops/shared'
import { type AgentMessageType, type AgentPayload } from '@smartcloudops/shared'
import { DEFAULT_MAX_BYTES, decodeServerMessage, encodeAgentMessage } from '@smartcloudops/shared/protocol/codec'
import { enroll, LinkError, loadCredential, type StoredCredential } from './credential'
import { ModelDownloadError } from './model-sync'
import type { Outbox } from './outbox'
import { abortableSleep } from './abortable-sleep'

/**
 * The agent's side of the link: enrollment, one WebSocket at a time with reconnect (jittered
 * exponential backoff), hello/heartbeat, desired state and commands in, outbox events out.
 *
 * Events are never sent from anywhere else: producers append to the outbox and call `pump()`;
 * the link sends what is pending (in order, a bounded window in flight) and removes what the
 * server acknowledges. Every new connection starts again from the oldest pending event.
 */

export interface LinkHandlers {
  hello(): Hello
  heartbeat(): Heartbeat
  /** Apply a validated desired state; answered with desired_state.ack (with the model scoring now). */
  desiredState(state: DesiredState): Promise<{ applied: boolean; error?: string; model_version?: string }>
  /** The revision the agent runs now, for the ack of a desired state it could not even decode. */
  current(): { revision: number; ruleset_version: number } | null
  command(cmd: Command): Promise<Omit<CommandResult, 'command_id'>>
}

export interface LinkOptions {
  controlPlaneUrl: string
  stateDir: string
  hostname: string
  labels: Record<string, string>
  agentVersion: string
  enrollmentToken: string | null
  outbox: Outbox
  log: Logger
  handlers: LinkHandlers
  heartbeatMs?: number
  backoffBaseMs?: number
  backoffCapMs?: number
  /** Events in flight (sent, not yet acknowledged) per connection. */
  window?: number
}

/** Frames the server refuses for good: resending them would block the outbox forever. */
const POISON_CODES = new Set(['bad_payload', 'bad_envelope', 'unknown_type', 'too_large', 'unsupported_version'])

export class AgentLink {
  private credential: StoredCredential | null = null
  private ws: WebSocket | null = null
  private welcomed = false
  private readonly inflight = new Set<string>()
  private stopped = false
  private readonly stopController = new AbortController()
  private loopDone: Promise<void> | null = null
  private chain: Promise<void> = Promise.resolve()
  private readonly log: Logger

  constructor(private readonly opts: LinkOptions) {
    this.log = opts.log
  }

  get connected(): boolean {
    return this.welcomed && this.ws?.readyState === WebSocket.OPEN
  }

  get hostId(): string | null {
    return this.credential?.host_id ?? null
  }

  /** Loads the stored credential (no network). Enrollment, if needed, happens in the connect loop. */
  init(): StoredCredential | null {
    this.credential = loadCredential(this.opts.stateDir, this.opts.controlPlaneUrl, this.log)
    return this.credential
  }

  start(): void {
    if (!this.loopDone) this.loopDone = this.connectLoop()
  }

  /** Sends pending outbox events that are not in flight yet. Safe to call any time. */
  pump(): void {
    const ws = this.ws
    if (!this.connected || !ws) return
    const window = this.opts.window ?? 256
    for (const entry of this.opts.outbox.pending()) {
      if (this.inflight.size >= window) break
      if (this.inflight.has(entry.id)) continue
      this.inflight.add(entry.id)
      ws.send(JSON.stringify(entry.env))
    }
  }

  /** A message that is not an event (not outboxed): dropped when disconnected. */
  send<T extends AgentMessageType>(type: T, payload: AgentPayload<T>): boolean {
    const ws = this.ws
    if (!ws || ws.readyState !== WebSocket.OPEN) return false
    try {
      ws.send(encodeAgentMessage(type, payload))
      return true
    } catch (err) {
      this.log.error({ err, type }, 'could not encode a message; not sent')
      return false
    }
  }

  /**
   * Downloads model bytes with the agent's credential, from a path on the control plane (the
   * desired state's model url). HTTP errors throw ModelDownloadError (the caller decides whether
   * to retry); network failures and the 60 s timeout throw as they are.
   */
  async fetchModel(path: string, signal?: AbortSignal): Promise<Uint8Array> {
    if (!this.credential) throw new Error('no credential yet (not enrolled)')
    // Only ever the configured control plane: the credential must not be sent anywhere else.
    const base = this.opts.controlPlaneUrl.replace(/\/+$/, '')
    const url = new URL(/^https?:\/\//.test(path) ? path : `${base}${path.startsWith('/') ? '' : '/'}${path}`)
    if (url.origin !== new URL(base).origin) throw new ModelDownloadError(400, `model url ${url.origin} is not the control plane`)
    const timeout = AbortSignal.timeout(60_000)
    const res = await fetch(url, {
      headers: { authorization: `Bearer ${this.credential.credential}` },
      signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
    })
    if (!res.ok) {
      await res.body?.cancel().catch(() => undefined)
      throw new ModelDownloadError(res.status, `model download failed: HTTP ${res.status}`)
    }
    return new Uint8Array(await res.arrayBuffer())
  }

  async stop(): Promise<void> {
    this.stopped = true
    this.stopController.abort()
    const ws = this.ws
    if (ws && ws.readyState === WebSocket.OPEN) ws.close(1000, 'agent shutting down')
    else ws?.terminate()
    await this.loopDone
    await this.chain
  }

  private async connectLoop(): Promise<void> {
    let attempt = 0
    while (!this.stopped) {
      let established = false
      try {
        if (!this.credential) this.credential = await this.enroll()
        established = await this.session(this.credential)
      } catch (err) {
        const code = (err as { code?: string }).code
        if (code === 'unauthorized') {
          this.log.error('control plane refused the credential (revoked or host decommissioned)')
          // Re-enroll on the next attempt if we still have a token; otherwise keep retrying the
          // stored one (an operator may restore it) while remediating on cached state.
          if (this.opts.enrollmentToken) this.credential = null
        } else if (code === 'enrollment_required' || code === 'enrollment_refused') {
          this.log.error({ code }, (err as Error).message)
        } else {
          this.log.warn({ err: (err as Error).message }, 'control plane unreachable; working on cached state')
        }
      }
      if (this.stopped) break
      attempt = established ? 0 : attempt + 1
      const cap = this.opts.backoffCapMs ?? 30_000
      const base = this.opts.backoffBaseMs ?? 500
      const ceiling = Math.min(cap, base * 2 ** Math.min(attempt, 20))
      // Full jitter on the upper half: spreads a fleet reconnecting after a control-plane restart.
      const delay = established ? base : ceiling / 2 + Math.random() * (ceiling / 2)
      await abortableSleep(delay, this.stopController.signal)
    }
  }

  private async enroll(): Promise<StoredCredential> {
    const token = this.opts.enrollmentToken
    if (!token) {
      throw new LinkError('enrollment_required', 'no stored credential and no enrollment_token configured: cannot enroll')
    }
    const cred = await enroll(
      this.opts.stateDir,
      {
        controlPlaneUrl: this.opts.controlPlaneUrl,
        token,
        hostname: this.opts.hostname,
        labels: this.opts.labels,
        agentVersion: this.opts.agentVersion,
      },
      this.stopController.signal,
    )
    this.log.info({ hostId: cred.host_id }, 'enrolled')
    return cred
  }

  /** One connection; resolves when it closes: true when it got as far as the welcome. */
  private session(cred: StoredCredential): Promise<boolean> {
    return new Promise((resolve, reject) => {
      const url = `${this.opts.controlPlaneUrl.replace(/^http/, 'ws')}/api/v1/agent/ws`
      const ws = new WebSocket(url, {
        headers: { authorization: `Bearer ${cred.credential}` },
        handshakeTimeout: 10_000,
        maxPayload: DEFAULT_MAX_BYTES,
      })
      this.ws = ws
      let heartbeat: NodeJS.Timeout | null = null
      let settled = false
      const finish = (err?: Error) => {
        if (settled) return
        settled = true
        if (heartbeat) clearInterval(heartbeat)
        const wasWelcomed = this.welcomed
        this.welcomed = false
        this.inflight.clear()
        if (this.ws === ws) this.ws = null
        if (err && !wasWelcomed) reject(err)
        else resolve(wasWelcomed)
      }
      ws.on('unexpected-response', (_req, res) => {
        const status = res.statusCode ?? 0
        res.resume()
        ws.terminate()
        finish(
          status === 401 || status === 403
            ? new LinkError('unauthorized', `WebSocket upgrade refused: HTTP ${status}`)
            : new Error(`WebSocket upgrade refused: HTTP ${status}`),
        )
      })
      ws.on('open', () => {
        this.send('hello', this.opts.handlers.hello())
        heartbeat = setInterval(() => this.send('heartbeat', this.opts.handlers.heartbeat()), this.opts.heartbeatMs ?? 10_000)
        heartbeat.unref()
      })
      ws.on('message', (data: WebSocket.RawData) => {
        // In order, one at a time: a desired state must be applied before the next message.
        this.chain = this.chain.then(() => this.onFrame(data)).catch((err) => this.log.error({ err }, 'error handling a control-plane message'))
      })
      ws.on('error', (err) => finish(err))
      ws.on('close', (code, reason) => {
        if (this.welcomed) this.log.warn({ code, reason: reason.toString() }, 'disconnected from the control plane')
        finish()
      })
    })
  }

  private async onFrame(data: WebSocket.RawData): Promise<void> {
    const decoded = decodeServerMessage(data as Buffer | Buffer[] | ArrayBuffer)
    if (!decoded.ok) {
      const err = decoded.error
      this.log.warn({ code: err.code, type: err.type, id: err.id }, `refused a control-plane message: ${err.message}`)
      if (err.type === 'desired_state') {
        // Keep running on the last good state and tell the server why the new one was not applied.
        const cur = this.opts.handlers.current()
        const raw = rawRevision(data)
        this.send('desired_state.ack', {
          revision: raw.revision ?? cur?.revision ?? 0,
          ruleset_version: raw.ruleset_version ?? cur?.ruleset_version ?? 0,
          applied: false,
          error: `${err.code}: ${err.message}`.slice(0, 2000),
        })
      }
      return
    }
    const m = decoded.message
    switch (m.type) {
      case 'welcome':
        this.welcomed = true
        this.log.info({ hostId: m.payload.host_id }, 'connected to the control plane')
        this.pump()
        return
      case 'desired_state': {
        const r = await this.opts.handlers.desiredState(m.payload)
        this.send('desired_state.ack', {
          revision: m.payload.revision,
          ruleset_version: m.payload.ruleset.version,
          applied: r.applied,
          ...(r.model_version ? { model_version: r.model_version.slice(0, 128) } : {}),
          ...(r.error ? { error: r.error.slice(0, 2000) } : {}),
        })
        return
      }
      case 'command': {
        let r: Omit<CommandResult, 'command_id'>
        try {
          r = await this.opts.handlers.command(m.payload)
        } catch (err) {
          r = { ok: false, error: (err as Error).message.slice(0, 2000) }
        }
        this.send('command.result', { command_id: m.payload.command_id, ...r })
        return
      }
      case 'ack':
        this.opts.outbox.ack(m.payload.ids)
        for (const id of m.payload.ids) this.inflight.delete(id)
        this.pump()
        return
      case 'error': {
        const { code, message, ref_id } = m.payload
        if (ref_id && this.opts.outbox.has(ref_id) && POISON_CODES.has(code)) {
          // The server will never accept this event; keeping it would stall delivery of the rest.
          this.log.error({ code, id: ref_id, message }, 'control plane refused an event for good; removing it from the outbox')
          this.opts.outbox.ack([ref_id])
          this.inflight.delete(ref_id)
          this.pump()
        } else {
          this.log.warn({ code, ref_id, message }, 'control plane reported an error')
        }
        return
      }
    }
  }
}

function rawRevision(data: WebSocket.RawData): { revision?: number; ruleset_version?: number } {
  try {
    const text = Array.isArray(data) ? Buffer.concat(data).toString('utf8') : Buffer.from(data as Buffer).toString('utf8')
    const env = JSON.parse(text) as { payload?: { revision?: unknown; ruleset?: { version?: unknown } } }
    const rev = env.payload?.revision
    const rs = env.payload?.ruleset?.version
    return {
      ...(Number.isInteger(rev) && (rev as number) >= 0 ? { revision: rev as number } : {}),
      ...(Number.isInteger(rs) && (rs as number) >= 0 ? { ruleset_version: rs as number } : {}),
    }
  } catch {
    return {}
  }
}
