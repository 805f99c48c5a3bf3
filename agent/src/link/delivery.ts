import type { Logger } from 'pino'
import type { Outbox } from './outbox'

/**
 * The send window over the outbox, for one connection at a time.
 *
 * Producers append to the outbox and call `pump()`; delivery sends what is pending (oldest first,
 * at most `window` events in flight) and settles each in-flight event by what the server answers:
 *   - `ack`                       → removed from the outbox;
 *   - a refusal for its content   → `outbox.drop(id, reason)`: it can never be stored, and keeping
 *     (NON_RETRYABLE_CODES)          it would block every later event behind it;
 *   - any other error             → the server could not store it NOW (`server_error`: the database
 *     (`server_error`, unknown)      is away): sent again on the same connection after a backoff that
 *                                    grows while refusals go on and resets at the first ack;
 *   - no answer within ackTimeout → sent again (the server may have lost it), so the window can
 *                                    never fill up with events nobody will ever answer.
 * Storage is idempotent by event id, so a second send of an event the server did store only
 * brings a second ack. A new connection starts again from the oldest pending event.
 */

/** Codes for an event the server will never accept, whatever the retry: its content is the problem. */
export const NON_RETRYABLE_CODES: ReadonlySet<string> = new Set([
  'bad_payload',
  'bad_envelope',
  'unknown_type',
  'too_large',
  'unsupported_version',
  'unstorable',
])

/** Time and timers, injectable so tests drive backoff without waiting for it. */
export interface Clock {
  now(): number
  /** Calls fn after ms; the returned function cancels it. */
  schedule(fn: () => void, ms: number): () => void
}

export const systemClock: Clock = {
  now: Date.now,
  schedule(fn, ms) {
    const t = setTimeout(fn, ms)
    t.unref()
    return () => clearTimeout(t)
  },
}

export interface DeliveryOptions {
  outbox: Outbox
  log: Logger
  /** Events in flight (sent, not yet settled) per connection. Default 256. */
  window?: number
  /** Backoff after a retryable refusal: base doubles per consecutive refusal, up to cap (± jitter). */
  retryBaseMs?: number
  retryCapMs?: number
  /** An event sent this long ago without any answer is sent again. Default 30 s. */
  ackTimeoutMs?: number
  clock?: Clock
  random?: () => number
}

export interface DeliveryStatus {
  outbox_depth: number
  outbox_oldest_age_s: number
}

interface InFlight {
  sentAt: number
  sends: number
  /** Set while the event waits to be sent again after a retryable refusal. */
  retryAt: number | null
}

export class Delivery {
  private sendFrame: ((frame: string) => void) | null = null
  private readonly inflight = new Map<string, InFlight>()
  /** Retryable refusals since the last ack on this connection: drives the backoff. */
  private refusals = 0
  private cancelTimer: (() => void) | null = null
  private timerAt = Infinity
  private readonly waiters = new Set<() => void>()
  private readonly window: number
  private readonly retryBaseMs: number
  private readonly retryCapMs: number
  private readonly ackTimeoutMs: number
  private readonly clock: Clock
  private readonly random: () => number

  constructor(private readonly opts: DeliveryOptions) {
    this.window = opts.window ?? 256
    this.retryBaseMs = opts.retryBaseMs ?? 1000
    this.retryCapMs = opts.retryCapMs ?? 5000
    this.ackTimeoutMs = opts.ackTimeoutMs ?? 30_000
    this.clock = opts.clock ?? systemClock
    this.random = opts.random ?? Math.random
  }

  get inFlight(): number {
    return this.inflight.size
  }

  /** A connection is ready (welcomed): send through it from the oldest pending event. */
  attach(send: (frame: string) => void): void {
    this.sendFrame = send
    this.inflight.clear()
    this.refusals = 0
    this.pump()
  }

  /** The connection is gone: nothing is in flight any more (the next one resends). */
  detach(): void {
    this.sendFrame = null
    this.inflight.clear()
    this.refusals = 0
    this.clearTimer()
    this.wake()
  }

  /** Sends what is due: retries whose backoff is over, silent events, then new ones up to the window. */
  pump(): void {
    const send = this.sendFrame
    if (!send) return
    const now = this.clock.now()
    const { outbox, log } = this.opts
    // Removed by the outbox itself (a metrics batch dropped to stay within its bound): not ours to wait for.
    for (const id of this.inflight.keys()) if (!outbox.has(id)) this.inflight.delete(id)
    for (const entry of outbox.pending()) {
      const f = this.inflight.get(entry.id)
      if (f) {
        const due = f.retryAt !== null ? f.retryAt <= now : f.sentAt + this.ackTimeoutMs <= now
        if (!due) continue
        if (f.retryAt === null) log.warn({ id: entry.id, type: entry.type, sends: f.sends }, 'no answer from the control plane for an event; sending it again')
        f.retryAt = null
        f.sentAt = now
        f.sends++
        send(JSON.stringify(entry.env))
        continue
      }
      if (this.inflight.size >= this.window) continue
      this.inflight.set(entry.id, { sentAt: now, sends: 1, retryAt: null })
      send(JSON.stringify(entry.env))
    }
    this.schedule()
  }

  onAck(ids: readonly string[]): void {
    this.opts.outbox.ack(ids)
    let ours = false
    for (const id of ids) ours = this.inflight.delete(id) || ours
    if (ours && this.refusals > 0) {
      // The server stores again: everything waiting on a backoff goes now, not at its retry time.
      this.opts.log.info({ refusals: this.refusals }, 'control plane stores events again; sending the ones it refused')
      this.refusals = 0
      const now = this.clock.now()
      for (const f of this.inflight.values()) if (f.retryAt !== null) f.retryAt = now
    }
    this.pump()
    this.wake()
  }

  /** An error frame from the server; returns true when it was about one of our pending events. */
  onError(code: string, message: string, refId: string | undefined): boolean {
    if (!refId || !this.opts.outbox.has(refId)) return false
    if (NON_RETRYABLE_CODES.has(code)) {
      this.inflight.delete(refId)
      this.opts.outbox.drop(refId, `${code}: ${message}`)
    } else {
      this.refusals++
      const delay = this.backoff()
      const f = this.inflight.get(refId)
      if (f) f.retryAt = this.clock.now() + delay
      const fields = { code, id: refId, retryInMs: Math.round(delay), refusals: this.refusals }
      if (this.refusals === 1) this.opts.log.warn(fields, `control plane could not store an event (${message}); retrying on this connection`)
      else this.opts.log.debug(fields, 'control plane could not store an event; retrying')
    }
    this.pump()
    this.wake()
    return true
  }

  /** For the heartbeat: how much waits, and since when. */
  status(): DeliveryStatus {
    const oldest = this.opts.outbox.oldest()
    const ageMs = oldest ? Math.max(0, this.clock.now() - oldest.env.ts) : 0
    return { outbox_depth: this.opts.outbox.depth, outbox_oldest_age_s: Math.round(ageMs) / 1000 }
  }

  /** Resolves when the outbox is empty, the connection is gone, or after timeoutMs (clean shutdown). */
  drained(timeoutMs: number): Promise<void> {
    return new Promise((resolve) => {
      const check = () => {
        if (this.opts.outbox.depth > 0 && this.sendFrame) return
        this.waiters.delete(check)
        cancel()
        resolve()
      }
      const cancel = this.clock.schedule(() => {
        this.waiters.delete(check)
        resolve()
      }, timeoutMs)
      this.waiters.add(check)
      check()
    })
  }

  private backoff(): number {
    const ceiling = Math.min(this.retryCapMs, this.retryBaseMs * 2 ** Math.min(this.refusals - 1, 20))
    // Upper-half jitter: retries of many agents after one database outage do not arrive together.
    return ceiling / 2 + this.random() * (ceiling / 2)
  }

  /** One timer, at the earliest moment an in-flight event becomes due again. */
  private schedule(): void {
    let next = Infinity
    for (const f of this.inflight.values()) next = Math.min(next, f.retryAt ?? f.sentAt + this.ackTimeoutMs)
    if (next === this.timerAt) return
    this.clearTimer()
    if (next === Infinity) return
    this.timerAt = next
    this.cancelTimer = this.clock.schedule(
      () => {
        this.cancelTimer = null
        this.timerAt = Infinity
        this.pump()
      },
      Math.max(0, next - this.clock.now()),
    )
  }

  private clearTimer(): void {
    this.cancelTimer?.()
    this.cancelTimer = null
    this.timerAt = Infinity
  }

  private wake(): void {
    for (const w of [...this.waiters]) w()
  }
}
