import type { Logger } from 'pino'
import WebSocket from 'ws'
import { ACCEPTS_PAUSED_RULES, type Heartbeat, type Hello } from '@smartcloudops/shared'
import { type AgentMessageType, type AgentPayload } from '@smartcloudops/shared'
import { DEFAULT_MAX_BYTES, decodeServerMessage, encodeAgentMessage } from '@smartcloudops/shared/protocol/codec'
import { abortableSleep } from './abortable-sleep'
import { loadCredential, type StoredCredential } from './credential'
import { Delivery, type DeliveryOptions } from './delivery'
import { dispatch, type StateHandlers } from './dispatch'
import { enroll } from './enroll'
import { downloadModel } from './model-download'
import type { Outbox } from './outbox'
import type { StateStore } from '../state/store'
import { Endpoints } from './endpoints'
import { ReconnectBackoff, type AttemptOutcome, type ReconnectBackoffOptions } from './reconnect-backoff'
import { upgradeRefusal } from './upgrade-refusal'

/**
 * The agent's side of the link: one WebSocket at a time, reconnecting (reconnect-backoff.ts),
 * enrolling when it has no credential (enroll.ts), hello and heartbeats, server frames to their
 * handlers (dispatch.ts), outbox events out through the send window (delivery.ts).
 *
 * Events are never sent from anywhere else: producers append to the outbox and call `pump()`.
 * A control plane that answers the upgrade with HTTP 410 has decommissioned this host: the link
 * stops for good and calls `onDecommissioned` (the agent then stops acting and exits).
 */

/** Optional fields of server messages this agent understands (hello.accepts). */
export const ACCEPTED_SERVER_FIELDS = ['welcome.heartbeat_interval_s', 'alert_inputs', ACCEPTS_PAUSED_RULES]

export interface LinkHandlers extends StateHandlers {
  /** The hello without `accepts` (the link adds what it understands). */
  hello(): Hello
  /** The heartbeat without the outbox fields (the link adds them). */
  heartbeat(): Omit<Heartbeat, 'outbox_depth' | 'outbox_oldest_age_s'>
}

export interface LinkOptions {
  /** The control plane's replicas (one or more); the link moves between them (endpoints.ts). */
  controlPlaneUrls: readonly string[]
  /** Where the credential lives (key `credential`). */
  store: StateStore
  hostname: string
  labels: Record<string, string>
  agentVersion: string
  enrollmentToken: string | null
  outbox: Outbox
  log: Logger
  handlers: LinkHandlers
  /** Heartbeat interval until the control plane says otherwise in its welcome. Default 10 s. */
  heartbeatMs?: number
  reconnect?: ReconnectBackoffOptions
  delivery?: Omit<DeliveryOptions, 'outbox' | 'log'>
  /** A welcomed session shorter than this counts as a refusal for the backoff. Default 10 s. */
  minSessionMs?: number
  /** The control plane answered HTTP 410: this host was decommissioned. Called once. */
  onDecommissioned?: (message: string) => void
  /** More optional server fields this agent understands (upgrades: `desired_state.agent_release`). */
  accepts?: readonly string[]
  /** Each welcome: the control plane accepted this agent on a new connection. */
  onWelcome?: () => void
}

export class AgentLink {
  readonly delivery: Delivery
  private credential: StoredCredential | null = null
  private ws: WebSocket | null = null
  private welcomed = false
  private stopped = false
  private readonly stopController = new AbortController()
  private loopDone: Promise<void> | null = null
  private chain: Promise<void> = Promise.resolve()
  private readonly log: Logger
  private readonly backoff: ReconnectBackoff
  private readonly endpoints: Endpoints
  private readonly random: () => number
  private connections = 0

  constructor(private readonly opts: LinkOptions) {
    this.log = opts.log
    this.backoff = new ReconnectBackoff(opts.reconnect)
    this.random = opts.reconnect?.random ?? Math.random
    this.endpoints = new Endpoints(opts.controlPlaneUrls, this.random)
    this.delivery = new Delivery({ ...opts.delivery, outbox: opts.outbox, log: opts.log })
  }

  get connected(): boolean {
    return this.welcomed && this.ws?.readyState === WebSocket.OPEN
  }

  get hostId(): string | null {
    return this.credential?.host_id ?? null
  }

  /** Loads the stored credential (no network). Enrollment, if needed, happens in the connect loop. */
  init(): StoredCredential | null {
    this.credential = loadCredential(this.opts.store, this.opts.controlPlaneUrls, this.log)
    return this.credential
  }

  /** Starts the connect loop; the promise settles when it ended for good (stop(), or decommissioned). */
  start(): Promise<void> {
    return (this.loopDone ??= this.connectLoop())
  }

  /** Sends pending outbox events that are not in flight yet. Safe to call any time. */
  pump(): void {
    this.delivery.pump()
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

  /** The replica the link uses now (or tries next). */
  get controlPlaneUrl(): string {
    return this.endpoints.current
  }

  /** Model bytes from the control plane with this host's credential (model-download.ts). */
  fetchModel(path: string, signal?: AbortSignal): Promise<Uint8Array> {
    if (!this.credential) return Promise.reject(new Error('no credential yet (not enrolled)'))
    return downloadModel(this.endpoints.current, this.credential.credential, path, signal)
  }

  /** A release tarball, with the credential, from the control plane only; at most maxBytes. */
  fetchRelease(path: string, maxBytes: number, signal?: AbortSignal): Promise<Uint8Array> {
    if (!this.credential) return Promise.reject(new Error('no credential yet (not enrolled)'))
    return downloadModel(this.endpoints.current, this.credential.credential, path, signal, 300_000, maxBytes)
  }

  /** Waits (at most timeoutMs) until the outbox is empty or the connection is gone. */
  drain(timeoutMs: number): Promise<void> {
    return this.delivery.drained(timeoutMs)
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
    while (!this.stopped) {
      let outcome: AttemptOutcome
      let retryAfterS: number | undefined
      try {
        this.credential ??= await this.enroll()
        outcome = await this.session(this.credential)
      } catch (err) {
        outcome = this.onAttemptFailed(err as Error & { code?: string })
        retryAfterS = (err as { retryAfterS?: number }).retryAfterS
      }
      if (this.stopped) break
      // Whatever ended this attempt (a replica killed, restarting, refusing), the next goes to another replica.
      const from = this.endpoints.current
      const to = this.endpoints.moveOn()
      if (to !== from) this.log.info({ from, to }, 'trying another control-plane replica')
      const backoffMs = this.backoff.next(outcome)
      // The control plane said when to come back (a reconnect storm): ±50% so the refused spread out.
      const waitMs = retryAfterS ? retryAfterS * 1000 * (0.5 + this.random()) : backoffMs
      await abortableSleep(waitMs, this.stopController.signal)
    }
  }

  private onAttemptFailed(err: Error & { code?: string }): AttemptOutcome {
    switch (err.code) {
      case 'host_decommissioned':
        this.stopped = true
        this.log.error({ code: err.code }, `${err.message}; this agent stops: it will not reconnect and will not remediate`)
        this.opts.onDecommissioned?.(err.message)
        return 'refused'
      case 'unauthorized':
        this.log.error('control plane refused the credential (revoked or host removed)')
        // Re-enroll on the next attempt if we still have a token; otherwise keep retrying the
        // stored one (an operator may restore it) while remediating on cached state.
        if (this.opts.enrollmentToken) this.credential = null
        return 'refused'
      case 'enrollment_required':
      case 'enrollment_refused':
      case 'refused':
        this.log.error({ code: err.code }, err.message)
        return 'refused'
      default:
        this.log.warn({ err: err.message }, 'control plane unreachable; working on cached state')
        return 'unreachable'
    }
  }

  private async enroll(): Promise<StoredCredential> {
    const cred = await enroll(
      this.opts.store,
      {
        controlPlaneUrl: this.endpoints.current,
        token: this.opts.enrollmentToken,
        hostname: this.opts.hostname,
        labels: this.opts.labels,
        agentVersion: this.opts.agentVersion,
      },
      this.stopController.signal,
    )
    this.log.info({ hostId: cred.host_id }, 'enrolled')
    return cred
  }

  /** One connection; resolves when it closes (how it ended, for the backoff), rejects if it never opened. */
  private session(cred: StoredCredential): Promise<AttemptOutcome> {
    return new Promise((resolve, reject) => {
      const url = `${this.endpoints.current.replace(/^http/, 'ws')}/api/v1/agent/ws`
      const ws = new WebSocket(url, {
        headers: { authorization: `Bearer ${cred.credential}` },
        handshakeTimeout: 10_000,
        maxPayload: DEFAULT_MAX_BYTES,
      })
      this.ws = ws
      let heartbeat: NodeJS.Timeout | null = null
      let welcomedAt = 0
      let settled = false
      const finish = (err?: Error) => {
        if (settled) return
        settled = true
        if (heartbeat) clearInterval(heartbeat)
        const wasWelcomed = this.welcomed
        this.welcomed = false
        this.delivery.detach()
        if (this.ws === ws) this.ws = null
        if (err && !wasWelcomed) reject(err)
        else if (!wasWelcomed) resolve('refused')
        else resolve(Date.now() - welcomedAt >= (this.opts.minSessionMs ?? 10_000) ? 'closed' : 'refused')
      }
      // An HTTP answer instead of the upgrade: read the reason first, and let no 'error' of the
      // aborted handshake overtake it (a 410 must not be taken for an unreachable server).
      let refusing = false
      ws.on('unexpected-response', (_req, res) => {
        refusing = true
        void upgradeRefusal(res).then((e) => {
          finish(e)
          ws.terminate()
        })
      })
      ws.on('open', () => {
        this.send('hello', { ...this.opts.handlers.hello(), accepts: [...ACCEPTED_SERVER_FIELDS, ...(this.opts.accepts ?? [])] })
      })
      ws.on('message', (data: WebSocket.RawData) => {
        const decoded = decodeServerMessage(data as Buffer | Buffer[] | ArrayBuffer)
        // A permit answer cannot wait in the chain: the command being handled there may be waiting for it.
        if (decoded.ok && decoded.message.type === 'permit.answer') return this.opts.handlers.permitAnswer?.(decoded.message.payload)
        if (decoded.ok && decoded.message.type === 'permit.queued') return this.opts.handlers.permitQueued?.(decoded.message.payload)
        // In order, one at a time: a desired state must be applied before the next message.
        this.chain = this.chain
          .then(() =>
            dispatch(
              {
                handlers: this.opts.handlers,
                delivery: this.delivery,
                log: this.log,
                send: (type, payload) => this.send(type, payload),
                welcome: (w) => {
                  if (this.ws !== ws || this.welcomed) return
                  this.welcomed = true
                  welcomedAt = Date.now()
                  this.connections++
                  const everyMs = (w.heartbeat_interval_s ?? 0) * 1000 || (this.opts.heartbeatMs ?? 10_000)
                  this.log.info({ hostId: w.host_id, heartbeatIntervalS: everyMs / 1000, connections: this.connections }, 'connected to the control plane')
                  heartbeat = setInterval(() => this.send('heartbeat', { ...this.opts.handlers.heartbeat(), ...this.delivery.status() }), everyMs)
                  heartbeat.unref()
                  this.delivery.attach((frame) => ws.send(frame))
                  this.opts.onWelcome?.()
                },
              },
              data,
              decoded,
            ),
          )
          .catch((err) => this.log.error({ err }, 'error handling a control-plane message'))
      })
      ws.on('error', (err) => {
        if (!refusing) finish(err)
      })
      ws.on('close', (code, reason) => {
        if (this.welcomed) this.log.warn({ code, reason: reason.toString() }, 'disconnected from the control plane')
        finish()
      })
    })
  }
}
