import type { FastifyBaseLogger } from 'fastify'
import WebSocket from 'ws'
import { encodeServerMessage } from '@smartcloudops/shared/protocol/codec'
import type { ServerMessageType, ServerPayload } from '@smartcloudops/shared'
import { fit } from '@smartcloudops/shared/protocol/fit'
import type { DesiredFrame } from './desired-frame'

export interface SessionLimits {
  /**
   * Above this many bytes queued in the kernel/ws buffer, a desired state waits (a newer one
   * replaces it); other frames (acks, errors, commands) are still sent, up to the hard limit.
   */
  softBufferBytes: number
  /** Above this the agent is not reading at all: the socket is closed (it will reconnect). */
  hardBufferBytes: number
  maxFrameBytes: number
}

/**
 * One connected agent. Outbound frames go through `send`, which applies backpressure: a desired
 * state waiting behind a full buffer is replaced by the newer one (snapshots supersede each other),
 * and an agent that stops reading entirely is disconnected instead of growing our memory.
 */
export class AgentSession {
  helloDone = false
  /** Called once the hello is answered with a welcome (frees its admission slot, admission.ts). */
  welcomed: () => void = () => {}
  lastSeen = Date.now()
  /** Set by a heartbeat/event since the last flush of `last_seen_at` to the database. */
  seenDirty = true
  state: 'online' | 'stale' = 'online'
  malformed = 0
  sentRevision = -1
  monitoring: boolean | undefined
  /** Optional server fields the agent said it understands (hello.accepts); an older agent lists none. */
  accepts: ReadonlySet<string> = new Set()
  /** The outbox as the last heartbeat reported it; `outboxDirty` until the liveness sweep stores it. */
  outbox: { depth: number; oldestAgeS: number | null; reportedAt: Date } | undefined
  outboxDirty = false
  private pendingSnapshot: { revision: number; frame: DesiredFrame } | undefined
  private drainTimer: NodeJS.Timeout | undefined
  private closed = false

  constructor(
    readonly hostId: string,
    readonly ws: WebSocket,
    readonly log: FastifyBaseLogger,
    private readonly limits: SessionLimits,
    private readonly onDrop: (reason: string, slowConsumer: boolean) => void,
  ) {
    ws.once('close', () => {
      this.closed = true
      if (this.drainTimer) clearTimeout(this.drainTimer)
    })
  }

  get isOpen(): boolean {
    return !this.closed && this.ws.readyState === WebSocket.OPEN
  }

  /** Sends a frame; false when it was not sent (socket closed, or the agent is too far behind). */
  send<T extends ServerMessageType>(type: T, payload: ServerPayload<T>): boolean {
    return this.sendFrame(encodeServerMessage(type, payload, { maxBytes: this.limits.maxFrameBytes }))
  }

  /**
   * Snapshots only ever move forward; one waiting behind backpressure is replaced by a newer one.
   * The frame is built (desired-frame.ts) only when it is sent.
   */
  sendDesiredState(revision: number, frame: DesiredFrame): void {
    if (revision <= this.sentRevision) return
    if (this.isOpen && this.ws.bufferedAmount > this.limits.softBufferBytes) {
      if (!this.pendingSnapshot || this.pendingSnapshot.revision < revision) this.pendingSnapshot = { revision, frame }
      this.scheduleDrainCheck()
      return
    }
    if (this.sendFrame(frame(this.hostId))) this.sentRevision = revision
  }

  /** An encoded frame, under the same rules as `send`. */
  private sendFrame(text: string): boolean {
    if (!this.isOpen) return false
    if (this.ws.bufferedAmount > this.limits.hardBufferBytes) {
      this.drop('slow consumer: send buffer over the hard limit', 1013, true)
      return false
    }
    this.ws.send(text)
    return true
  }

  private scheduleDrainCheck(): void {
    if (this.drainTimer || !this.isOpen) return
    this.drainTimer = setTimeout(() => {
      this.drainTimer = undefined
      const pending = this.pendingSnapshot
      if (!pending) return
      if (this.ws.bufferedAmount > this.limits.softBufferBytes) return this.scheduleDrainCheck()
      this.pendingSnapshot = undefined
      this.sendDesiredState(pending.revision, pending.frame)
    }, 50)
    this.drainTimer.unref()
  }

  drop(reason: string, code = 1013, slowConsumer = false): void {
    if (this.closed) return
    this.log.warn({ reason }, 'closing agent connection')
    this.onDrop(reason, slowConsumer)
    this.closed = true
    try {
      this.ws.close(code, fit(reason, 'closeReason'))
    } catch {
      this.ws.terminate()
    }
    // A peer that does not complete the closing handshake is cut off.
    setTimeout(() => this.ws.terminate(), 2000).unref()
  }
}
