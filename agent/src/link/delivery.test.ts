import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pino from 'pino'
import { afterAll, describe, expect, it } from 'vitest'
import type { Envelope } from '@smartcloudops/shared'
import { Delivery, type Clock } from './delivery'
import { Outbox } from './outbox'

// The send window against a scripted server, on a manual clock: backoff and ack timeouts are
// driven by advancing time, never by waiting for it.

const root = mkdtempSync(join(tmpdir(), 'scops-delivery-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))
let dirs = 0
const log = pino({ level: 'silent' })

class ManualClock implements Clock {
  t = 1_000_000
  private timers: Array<{ at: number; fn: () => void; live: boolean }> = []
  now = () => this.t
  schedule(fn: () => void, ms: number) {
    const timer = { at: this.t + ms, fn, live: true }
    this.timers.push(timer)
    return () => void (timer.live = false)
  }
  /** Moves time forward, firing due timers in order (timers they schedule fire too if due). */
  advance(ms: number) {
    const end = this.t + ms
    for (;;) {
      const due = this.timers.filter((x) => x.live && x.at <= end).sort((a, b) => a.at - b.at)[0]
      if (!due) break
      due.live = false
      this.t = Math.max(this.t, due.at)
      due.fn()
    }
    this.t = end
  }
}

let n = 0
function event(ts: number): Envelope {
  n++
  return { v: 1, type: 'alert', id: `evt_${String(n).padStart(8, '0')}`, ts, payload: { n } }
}

function setup(opts: { window?: number; retryBaseMs?: number; retryCapMs?: number; ackTimeoutMs?: number } = {}) {
  const clock = new ManualClock()
  const outbox = Outbox.open(join(root, `d${dirs++}`))
  const delivery = new Delivery({ outbox, log, clock, random: () => 1, ...opts })
  const sent: string[] = []
  delivery.attach((frame) => sent.push((JSON.parse(frame) as Envelope).id))
  const append = (k: number) => Array.from({ length: k }, () => outbox.append(event(clock.now())).id)
  return { clock, outbox, delivery, sent, append }
}

describe('Delivery', () => {
  it('sends an event the server could not store again on the same connection, after a backoff', () => {
    const { clock, delivery, sent, append, outbox } = setup({ retryBaseMs: 1000, retryCapMs: 8000 })
    const [id] = append(1)
    delivery.pump()
    expect(sent).toEqual([id])
    delivery.onError('server_error', 'database away', id)
    expect(sent).toEqual([id]) // not at once: the database is away
    clock.advance(999)
    expect(sent).toEqual([id])
    clock.advance(1)
    expect(sent).toEqual([id, id])
    // The backoff grows while the refusals go on: 2 s, then 4 s.
    delivery.onError('server_error', 'database away', id)
    clock.advance(1999)
    expect(sent).toHaveLength(2)
    clock.advance(1)
    expect(sent).toHaveLength(3)
    delivery.onAck([id!])
    expect(outbox.depth).toBe(0)
  })

  it('does not wedge when every event in the window is refused: all arrive once the server stores again', () => {
    // The regression of issue 9: a full window of server_error answers used to stall delivery
    // until a reconnect. Here: 20 events, a window of 8, a 60 s outage, no reconnect.
    const { clock, delivery, sent, append, outbox } = setup({ window: 8, retryBaseMs: 1000, retryCapMs: 10_000 })
    let storing = false
    const produced: string[] = []
    // The scripted server answers every frame it gets, as the gateway does.
    const answered = new Set<number>()
    const serve = () => {
      for (let i = 0; i < sent.length; i++) {
        if (answered.has(i)) continue
        answered.add(i)
        const id = sent[i]!
        if (storing) delivery.onAck([id])
        else delivery.onError('server_error', 'the server could not process this alert; send it again later', id)
      }
    }
    for (let s = 0; s < 60; s++) {
      if (s % 3 === 0) produced.push(...append(1))
      delivery.pump()
      serve()
      clock.advance(1000)
      serve()
    }
    expect(outbox.depth).toBe(produced.length)
    expect(delivery.inFlight).toBeLessThanOrEqual(8)
    storing = true
    const back = clock.now()
    while (outbox.depth > 0 && clock.now() - back < 30_000) {
      clock.advance(100)
      serve()
    }
    expect(outbox.depth).toBe(0)
    // Within the backoff cap of the database's return, not at the next reconnect.
    expect(clock.now() - back).toBeLessThanOrEqual(10_000)
    expect(new Set(sent)).toEqual(new Set(produced))
  })

  it('drops an event refused for its content and sends the ones behind it', () => {
    const { delivery, sent, append, outbox } = setup({ window: 1 })
    const [poison, next] = append(2)
    delivery.pump()
    expect(sent).toEqual([poison]) // the window is full
    delivery.onError('unstorable', 'a string PostgreSQL cannot hold', poison)
    expect(outbox.has(poison!)).toBe(false)
    expect(outbox.refused).toBe(1)
    expect(sent).toEqual([poison, next])
    delivery.onError('bad_payload', '/summary: too long', next)
    expect(outbox.depth).toBe(0)
    expect(outbox.refused).toBe(2)
  })

  it('sends an event again when the server never answers it', () => {
    const { clock, delivery, sent, append } = setup({ ackTimeoutMs: 30_000 })
    const [id] = append(1)
    delivery.pump()
    clock.advance(29_999)
    expect(sent).toEqual([id])
    clock.advance(1)
    expect(sent).toEqual([id, id])
  })

  it('an error about something else (no ref, not ours) is not taken for an event refusal', () => {
    const { delivery, append, outbox } = setup()
    append(1)
    delivery.pump()
    expect(delivery.onError('hello_required', 'send hello first', undefined)).toBe(false)
    expect(delivery.onError('server_error', 'x', 'evt_unknown')).toBe(false)
    expect(outbox.depth).toBe(1)
  })

  it('reports depth and the age of the oldest pending event', () => {
    const { clock, delivery, append } = setup()
    expect(delivery.status()).toEqual({ outbox_depth: 0, outbox_oldest_age_s: 0 })
    const [first] = append(1)
    clock.advance(42_500)
    append(1)
    expect(delivery.status()).toEqual({ outbox_depth: 2, outbox_oldest_age_s: 42.5 })
    delivery.onAck([first!])
    expect(delivery.status()).toEqual({ outbox_depth: 1, outbox_oldest_age_s: 0 })
  })

  it('starts again from the oldest pending event on the next connection', () => {
    const { delivery, sent, append } = setup()
    const ids = append(3)
    delivery.pump()
    delivery.detach()
    delivery.pump() // disconnected: nothing goes out
    expect(sent).toEqual(ids)
    delivery.attach((frame) => sent.push((JSON.parse(frame) as Envelope).id))
    expect(sent).toEqual([...ids, ...ids])
  })

  it('drained() resolves when the outbox empties, when the connection goes, or at its timeout', async () => {
    const { clock, delivery, append } = setup()
    const [id] = append(1)
    delivery.pump()
    let done = false
    const p = delivery.drained(2000).then(() => (done = true))
    await Promise.resolve()
    expect(done).toBe(false)
    delivery.onAck([id!])
    await p
    append(1)
    const q = delivery.drained(2000)
    clock.advance(2000)
    await q
    const r = delivery.drained(60_000)
    delivery.detach()
    await r
  })
})
