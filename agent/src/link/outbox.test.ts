import { appendFileSync, cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import pino from 'pino'
import fc from 'fast-check'
import { afterAll, describe, expect, it } from 'vitest'
import type { Envelope } from '@smartcloudops/shared'
import { Outbox } from './outbox'

const root = mkdtempSync(join(tmpdir(), 'scops-outbox-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))
let dirs = 0
const freshDir = () => join(root, `o${dirs++}`)

let ids = 0
function event(type: string): Envelope {
  return { v: 1, type, id: `evt_${String(ids++).padStart(8, '0')}`, ts: Date.now(), payload: { n: ids } }
}

describe('Outbox', () => {
  it('keeps un-acked events across a reopen, in order, and forgets acked ones', () => {
    const dir = freshDir()
    const a = Outbox.open(dir)
    const e1 = a.append(event('decision'))
    const e2 = a.append(event('metrics.batch'))
    const e3 = a.append(event('action.started'))
    a.ack([e2.id])
    a.close()
    const b = Outbox.open(dir)
    expect(b.pending().map((e) => e.id)).toEqual([e1.id, e3.id])
    expect(b.pending()[0]!.env).toEqual(e1.env)
    b.close()
  })

  it('ignores a torn last line left by a crash and appends after it safely', () => {
    const dir = freshDir()
    const a = Outbox.open(dir)
    const e1 = a.append(event('decision'))
    const seg = readdirSync(dir).find((n) => n.startsWith('seg-'))!
    appendFileSync(join(dir, seg), '{"seq":2,"env":{"v":1,"type":"deci') // crash mid-write
    const b = Outbox.open(dir)
    const e2 = b.append(event('decision'))
    const c = Outbox.open(dir)
    expect(c.pending().map((e) => e.id)).toEqual([e1.id, e2.id])
  })

  it('drops the oldest metrics batches first when full, never decisions or actions', () => {
    const dir = freshDir()
    const o = Outbox.open(dir, { maxEntries: 3 })
    const d1 = o.append(event('decision'))
    const m1 = o.append(event('metrics.batch'))
    const m2 = o.append(event('metrics.batch'))
    const a1 = o.append(event('action.finished')) // drops m1
    expect(o.pending().map((e) => e.id)).toEqual([d1.id, m2.id, a1.id])
    const a2 = o.append(event('action.started')) // drops m2
    const a3 = o.append(event('alert')) // nothing droppable: kept over the bound
    expect(o.pending().map((e) => e.id)).toEqual([d1.id, a1.id, a2.id, a3.id])
    expect(o.dropped).toBe(2)
    expect(m1.id).not.toBe(m2.id)
    o.close()
    expect(Outbox.open(dir).pending().map((e) => e.id)).toEqual([d1.id, a1.id, a2.id, a3.id])
  })

  it('deletes drained segments and compacts the removed log', () => {
    const dir = freshDir()
    const o = Outbox.open(dir, { segmentBytes: 2000 })
    for (let i = 0; i < 1500; i++) {
      const e = o.append(event('metrics.batch'))
      o.ack([e.id])
    }
    const keep = o.append(event('decision'))
    const segs = readdirSync(dir).filter((n) => n.startsWith('seg-'))
    expect(segs.length).toBeLessThanOrEqual(2)
    expect(readFileSync(join(dir, 'removed.log'), 'utf8').split('\n').length).toBeLessThan(1100)
    o.close()
    expect(Outbox.open(dir).pending().map((e) => e.id)).toEqual([keep.id])
  })
})

type Op =
  | { op: 'append'; type: 'metrics.batch' | 'decision' | 'action.finished' }
  | { op: 'deliver'; ackMask: boolean[] }
  | { op: 'crash'; torn: boolean }
  | { op: 'close' }

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ op: fc.constant('append' as const), type: fc.constantFrom('metrics.batch' as const, 'decision' as const, 'action.finished' as const) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('deliver' as const), ackMask: fc.array(fc.boolean(), { maxLength: 12 }) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('crash' as const), torn: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('close' as const) }) },
)

describe('Outbox (property)', () => {
  it('delivers every un-acked event in order, never an acked one again, across crashes', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 60 }), fc.integer({ min: 2, max: 12 }), (ops, maxEntries) => {
        const dir = freshDir()
        let box = Outbox.open(dir, { maxEntries, segmentBytes: 600 })
        // The model: what should be pending, in order, with the same drop rule.
        let model: Array<{ id: string; type: string }> = []
        const acked = new Set<string>()
        const dropped = new Set<string>()
        const stored = new Set<string>()
        const appended: string[] = []
        for (const step of ops) {
          if (step.op === 'append') {
            while (model.length >= maxEntries) {
              const i = model.findIndex((e) => e.type === 'metrics.batch')
              if (i === -1) break
              dropped.add(model[i]!.id)
              model.splice(i, 1)
            }
            const e = box.append(event(step.type))
            model.push({ id: e.id, type: e.type })
            appended.push(e.id)
          } else if (step.op === 'deliver') {
            const sent = box.pending()
            const toAck: string[] = []
            sent.forEach((e, i) => {
              expect(acked.has(e.id)).toBe(false) // never re-delivered after its ack
              stored.add(e.id)
              if (step.ackMask[i]) toAck.push(e.id)
            })
            box.ack(toAck)
            for (const id of toAck) acked.add(id)
            model = model.filter((e) => !acked.has(e.id))
          } else {
            if (step.op === 'close') box.close()
            else {
              // kill -9: no close(); optionally a torn half-written record at the end of the newest segment.
              const segs = readdirSync(dir).filter((n) => n.startsWith('seg-')).sort()
              if (step.torn && segs.length > 0) appendFileSync(join(dir, segs[segs.length - 1]!), '{"seq":99999,"env":{"id":"evt_tor')
            }
            box = Outbox.open(dir, { maxEntries, segmentBytes: 600 })
          }
          expect(box.pending().map((e) => e.id)).toEqual(model.map((e) => e.id))
        }
        // Settle: deliver and ack everything; every appended event reached the receiver or was a dropped metrics batch.
        for (const e of box.pending()) stored.add(e.id)
        box.ack(box.pending().map((e) => e.id))
        box.close()
        expect(Outbox.open(dir).depth).toBe(0)
        for (const id of appended) expect(stored.has(id) || dropped.has(id)).toBe(true)
        for (const id of dropped) expect(acked.has(id)).toBe(false)
      }),
      { numRuns: 150 },
    )
  })

  it('drop() removes a refused event for good, logs it as dropped with its reason, and counts it', () => {
    const dir = freshDir()
    const lines: Array<Record<string, unknown>> = []
    const log = pino({ level: 'info' }, { write: (l: string) => void lines.push(JSON.parse(l) as Record<string, unknown>) })
    const o = Outbox.open(dir, { log })
    const bad = o.append(event('alert'))
    const good = o.append(event('decision'))
    expect(o.drop(bad.id, 'unstorable: summary holds a NUL byte')).toBe(true)
    expect(o.drop(bad.id, 'again')).toBe(false) // already gone: not counted twice
    expect(o.refused).toBe(1)
    expect(o.dropped).toBe(0) // the overflow counter is about metrics batches only
    expect(lines).toEqual([
      expect.objectContaining({ level: 50, id: bad.id, type: 'alert', reason: 'unstorable: summary holds a NUL byte', refused: 1, msg: expect.stringMatching(/dropped/) }),
    ])
    expect(JSON.stringify(lines)).not.toMatch(/acknowledged/)
    o.close()
    expect(Outbox.open(dir).pending().map((e) => e.id)).toEqual([good.id])
    expect(readFileSync(join(dir, 'removed.log'), 'utf8')).toContain(`d ${bad.id}`)
  })

  it('oldest() is the first pending event', () => {
    const o = Outbox.open(freshDir())
    expect(o.oldest()).toBeUndefined()
    const a = o.append(event('decision'))
    const b = o.append(event('alert'))
    expect(o.oldest()?.id).toBe(a.id)
    o.ack([a.id])
    expect(o.oldest()?.id).toBe(b.id)
    o.close()
  })

  it('loads the v1 on-disk format an earlier agent left behind (fixture), and appends after it', () => {
    const dir = freshDir()
    cpSync(fileURLToPath(new URL('../../test-fixtures/outbox-v1', import.meta.url)), dir, { recursive: true })
    const o = Outbox.open(dir)
    // What the fixture's README says is pending, in order.
    expect(o.pending().map((e) => [e.id, e.type])).toEqual([
      ['evt_00000000000000000000000001', 'decision'],
      ['evt_00000000000000000000000004', 'alert'],
    ])
    expect(o.pending()[1]!.env.payload).toEqual({ severity: 'warning', summary: 'restart failed' })
    const next = o.append(event('decision'))
    expect(next.seq).toBe(6) // after the highest whole record (5); the torn one never existed
    expect(next.segment).toBe('seg-000000000003.jsonl') // never appended to an old segment
    o.ack(['evt_00000000000000000000000001'])
    o.close()
    expect(Outbox.open(dir).pending().map((e) => e.id)).toEqual(['evt_00000000000000000000000004', next.id])
  })
})
