import { describe, expect, it } from 'vitest'
import type { Hello } from './agent-messages'
import {
  decodeAgentMessage,
  decodeServerMessage,
  DEFAULT_MAX_BYTES,
  encodeAgentMessage,
  encodeServerMessage,
} from './codec'
import { errorFrameFor, ProtocolError } from './errors'
import type { AgentMessage } from './messages'

// Example-based tests a reader can follow; codec.property.test.ts covers every type at random.

const hello: Hello = {
  agent_version: '0.1.0',
  protocol_versions: [1],
  hostname: 'web-01.example.net',
  labels: { env: 'prod', role: 'web' },
  capabilities: { actions: ['restart_service', 'restart_container', 'send_alert'], collectors: ['cpu', 'memory', 'disk'] },
  facts: { os: 'Debian GNU/Linux 12', arch: 'x64', kernel: '6.1.0-18-amd64', cpus: 4, memory_bytes: 8_589_934_592 },
  desired_state_revision: 12,
  ruleset_version: 3,
  monitoring: true,
}

function expectError(result: ReturnType<typeof decodeAgentMessage>): ProtocolError {
  if (result.ok) throw new Error(`expected a refusal, got ${JSON.stringify(result.message)}`)
  expect(result.error).toBeInstanceOf(ProtocolError)
  return result.error
}

function frame(fields: Record<string, unknown>): string {
  return JSON.stringify({ v: 1, type: 'heartbeat', id: '01HXAMPLE0000000000000000A', ts: 1_700_000_000_000, ...fields })
}

const heartbeat = { uptime_s: 12.5, monitoring: true, outbox_depth: 0 }

describe('a real hello', () => {
  it('is written as the documented envelope and read back typed', () => {
    const text = encodeAgentMessage('hello', hello, { id: '01HXAMPLE0000000000000000A', ts: 1_700_000_000_000 })
    expect(JSON.parse(text)).toEqual({
      v: 1,
      type: 'hello',
      id: '01HXAMPLE0000000000000000A',
      ts: 1_700_000_000_000,
      payload: hello,
    })

    const result = decodeAgentMessage(text)
    if (!result.ok) throw result.error
    const m: AgentMessage = result.message
    // The discriminant narrows the payload: no casts on the receiving side.
    if (m.type !== 'hello') throw new Error(`decoded as ${m.type}`)
    expect(m.payload.hostname).toBe('web-01.example.net')
    expect(m.payload.facts.cpus).toBe(4)
  })

  it('gets a fresh sortable id and the current time when none is given', () => {
    const before = Date.now()
    const a = JSON.parse(encodeAgentMessage('hello', hello)) as { id: string; ts: number }
    const b = JSON.parse(encodeAgentMessage('hello', hello)) as { id: string; ts: number }
    expect(a.id).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/)
    expect(b.id > a.id).toBe(true)
    expect(a.ts).toBeGreaterThanOrEqual(before)
    expect(a.ts).toBeLessThanOrEqual(Date.now())
  })

  it('arrives the same as text, bytes, an ArrayBuffer or fragments (what ws hands over)', () => {
    const text = encodeAgentMessage('hello', hello)
    const bytes = Buffer.from(text, 'utf8')
    const arrayBuffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)
    const fragments = [bytes.subarray(0, 10), bytes.subarray(10)]
    const expected = JSON.parse(text) as unknown
    for (const raw of [text, bytes, arrayBuffer, fragments]) {
      const r = decodeAgentMessage(raw)
      expect(r.ok && r.message).toEqual(expected)
    }
  })
})

describe('metrics that could not be measured', () => {
  // JSON has no NaN or Infinity (JSON.stringify would silently write null). The contract: a metric
  // that could not be measured is absent from `metrics` and may be named in `missing`.
  it('refuses NaN and Infinity when encoding, naming the metric', () => {
    for (const bad of [NaN, Infinity, -Infinity]) {
      let error: unknown
      try {
        encodeAgentMessage('metrics.batch', { samples: [{ ts: 1, metrics: { cpu_percent: 12, load_1: bad } }] })
      } catch (e) {
        error = e
      }
      expect(error).toBeInstanceOf(ProtocolError)
      expect((error as ProtocolError).code).toBe('bad_payload')
      expect((error as ProtocolError).message).toContain('payload.samples[0].metrics.load_1: must be number')
      expect((error as ProtocolError).message).toContain(String(bad))
    }
  })

  it('carries an absent metric as absent, with the reason in `missing`', () => {
    const payload = {
      samples: [{ ts: 1_700_000_000_000, metrics: { cpu_percent: 12 }, missing: { load_1: 'proc_unreadable' } }],
    }
    const r = decodeAgentMessage(encodeAgentMessage('metrics.batch', payload))
    if (!r.ok) throw r.error
    if (r.message.type !== 'metrics.batch') throw new Error(r.message.type)
    const sample = r.message.payload.samples[0]!
    expect(sample.metrics).toEqual({ cpu_percent: 12 })
    expect('load_1' in sample.metrics).toBe(false)
    expect(sample.missing).toEqual({ load_1: 'proc_unreadable' })
  })

  it('refuses null from a sender that let JSON.stringify turn NaN into null', () => {
    const text = frame({ type: 'metrics.batch', payload: { samples: [{ ts: 1, metrics: { cpu_percent: NaN } }] } })
    expect(text).toContain('"cpu_percent":null')
    const error = expectError(decodeAgentMessage(text))
    expect(error.code).toBe('bad_payload')
    expect(error.message).toBe('payload.samples[0].metrics.cpu_percent: must be number (got null)')
  })

  it('refuses metric names outside the key pattern (records are closed on the wire)', () => {
    const text = frame({ type: 'metrics.batch', payload: { samples: [{ ts: 1, metrics: { CPU: 1, 'disk_percent:/var': 90 } }] } })
    const error = expectError(decodeAgentMessage(text))
    expect(error.code).toBe('bad_payload')
    expect(error.message).toBe('payload.samples[0].metrics.CPU: unknown property')
  })
})

describe('refusals name the problem', () => {
  it('lists each bad path of a payload, with what was received', () => {
    const decision = {
      decision_id: 'd1', // too short
      rule: 'high-cpu',
      priority: -1,
      ruleset_version: 3,
      sample_ts: 1,
      outcome: 'maybe',
      suppressed_by: 'none',
      override_mode: 'enabled',
      reason: 'cpu_percent 93 > 90',
      conditions: [{ metric: 'cpu_percent', operator: 'gt', threshold: 90, observed: 93, held: true }],
      actions: [{ type: 'restart_service', params: { service: 'nginx' } }],
      extra: 1,
    }
    const error = expectError(decodeAgentMessage(frame({ type: 'decision', payload: decision })))
    expect(error.code).toBe('bad_payload')
    expect(error.id).toBe('01HXAMPLE0000000000000000A')
    expect(error.type).toBe('decision')
    const problems = error.message.split('; ')
    expect(problems).toContain('payload.extra: unknown property')
    expect(problems).toContain('payload.decision_id: must not have fewer than 8 characters')
    expect(problems).toContain('payload.priority: must be >= 0 (got -1)')
    expect(problems).toContain('payload.outcome: must be one of "execute", "dry_run", "suppressed" (got string "maybe")')
  })

  it('names a missing required property by its full path', () => {
    const error = expectError(decodeAgentMessage(frame({ payload: { uptime_s: 1, monitoring: true } })))
    expect(error.message).toBe('payload.outbox_depth: required property missing')
  })

  it('tells an unknown type from one sent in the other direction', () => {
    const unknown = expectError(decodeAgentMessage(frame({ type: 'metrics.v9', payload: {} })))
    expect(unknown.code).toBe('unknown_type')
    expect(unknown.message).toContain('unknown message type "metrics.v9"')
    expect(unknown.message).toContain('hello')

    const wrongWay = expectError(decodeAgentMessage(frame({ type: 'desired_state', payload: {} })))
    expect(wrongWay.code).toBe('unknown_type')
    expect(wrongWay.message).toBe('type "desired_state" is sent control plane → agent, not agent → control plane')
  })

  it('refuses another protocol version before looking at the rest', () => {
    const error = expectError(decodeAgentMessage(JSON.stringify({ v: 2, kind: 'a future envelope' })))
    expect(error.code).toBe('unsupported_version')
    expect(error.message).toBe('protocol version 2 is not supported; this side speaks 1')
    // A side that speaks both reads v2 frames (with today's schemas until v2 exists).
    expect(decodeAgentMessage(frame({ v: 2, payload: heartbeat }), { versions: [1, 2] }).ok).toBe(true)
  })

  it('refuses a malformed envelope, naming the field', () => {
    expect(expectError(decodeAgentMessage(frame({ v: '1', payload: heartbeat }))).message).toBe('v: must be integer (got string "1")')
    expect(expectError(decodeAgentMessage(frame({ id: 'a b', payload: heartbeat }))).message).toContain('id: must')
    expect(expectError(decodeAgentMessage(frame({ payload: heartbeat, extra: 1 }))).message).toBe('extra: unknown property')
    const noPayload = expectError(decodeAgentMessage(frame({})))
    expect([noPayload.code, noPayload.message]).toEqual(['bad_envelope', 'payload: required property missing'])
    const notObject = expectError(decodeAgentMessage('[1,2]'))
    expect([notObject.code, notObject.message]).toEqual([
      'bad_envelope',
      'a message must be a JSON object {v, type, id, ts, payload}, got array',
    ])
  })

  it('refuses bad bytes and bad JSON as bad_json', () => {
    expect(expectError(decodeAgentMessage(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]))).code).toBe('bad_json')
    expect(expectError(decodeAgentMessage('{"v":1,')).code).toBe('bad_json')
    expect(expectError(decodeAgentMessage('')).code).toBe('bad_json')
  })

  it('checks the size before parsing anything', () => {
    const big = 'x'.repeat(DEFAULT_MAX_BYTES + 1) // not JSON either: size wins
    expect(expectError(decodeAgentMessage(big)).code).toBe('too_large')
    expect(expectError(decodeAgentMessage(Buffer.from(big))).code).toBe('too_large')
    // Multi-byte characters count as bytes, not characters.
    const text = frame({ payload: { ...heartbeat, collectors: { disk: { ok: false, error: 'é'.repeat(300) } } } })
    expect(decodeAgentMessage(text, { maxBytes: text.length + 10 }).ok).toBe(false)
    expect(decodeAgentMessage(text, { maxBytes: Buffer.byteLength(text) }).ok).toBe(true)
  })

  it('refuses deep nesting in free-form fields and prototype-pollution keys', () => {
    let nested: unknown = 1
    for (let i = 0; i < 40; i++) nested = { a: nested }
    const started = {
      action_id: '01HXAMPLE0000000000000000B',
      decision_id: '01HXAMPLE0000000000000000C',
      rule: 'high-cpu',
      type: 'send_alert',
      params: { nested },
      started_at: 1,
    }
    const deep = expectError(decodeAgentMessage(frame({ type: 'action.started', payload: started })))
    expect(deep.code).toBe('too_large')
    expect(deep.message).toMatch(/^payload\.params\.nested(\.a)+: nested deeper than 32 levels$/)

    const polluted = `{"v":1,"type":"action.started","id":"01HXAMPLE0000000000000000A","ts":1,"payload":${JSON.stringify(
      started,
    ).replace('"params":{', '"params":{"__proto__":{"isAdmin":true},')}}`
    const error = expectError(decodeAgentMessage(polluted))
    expect([error.code, error.message]).toEqual([
      'bad_payload',
      'payload.params.__proto__: key "__proto__" is not allowed (prototype pollution)',
    ])
    expect(({} as { isAdmin?: boolean }).isAdmin).toBeUndefined()
  })
})

describe('encoding', () => {
  it('refuses what the receiver would refuse, as a thrown ProtocolError', () => {
    expect(() => encodeAgentMessage('heartbeat', { ...heartbeat, outbox_depth: 1.5 })).toThrow(
      'payload.outbox_depth: must be integer (got 1.5)',
    )
    expect(() => encodeAgentMessage('heartbeat', heartbeat, { id: 'short' })).toThrow(ProtocolError)
    expect(() => encodeAgentMessage('nope' as 'heartbeat', heartbeat)).toThrow('unknown message type "nope"')
    const huge = { ...heartbeat, collectors: { disk: { ok: false, error: 'x'.repeat(400) } } }
    expect(() => encodeAgentMessage('heartbeat', huge, { maxBytes: 300 })).toThrow(/over the 300-byte limit; split it/)
  })

  it('answers a refused frame with an error frame that points at it', () => {
    const error = expectError(decodeAgentMessage(frame({ payload: { uptime_s: -1, monitoring: true, outbox_depth: 0 } })))
    const reply = encodeServerMessage('error', errorFrameFor(error))
    const r = decodeServerMessage(reply)
    if (!r.ok) throw r.error
    expect(r.message.type).toBe('error')
    expect(r.message.payload).toEqual({
      code: 'bad_payload',
      message: 'payload.uptime_s: must be >= 0 (got -1)',
      ref_id: '01HXAMPLE0000000000000000A',
    })
  })
})

describe('metrics.batch explanation (optional, appended)', () => {
  const sample = (explanation: unknown) => ({ samples: [{ ts: 1_700_000_000_000, metrics: { cpu_percent: 91, ml_anomaly_score: 0.999 }, explanation }] })
  const frame = (payload: unknown) => JSON.stringify({ v: 1, type: 'metrics.batch', id: 'evt-expl-000001', ts: 1_700_000_000_000, payload })

  it('carries up to three metrics with their share of the score', () => {
    const ok = decodeAgentMessage(frame(sample([{ metric: 'cpu_percent', contribution: 0.8 }, { metric: 'load_1', contribution: 0.1 }])))
    expect(ok.ok).toBe(true)
  })

  it('refuses a fourth driver, a share outside 0..1 and a name that is not a metric key, naming the field', () => {
    const four = Array.from({ length: 4 }, () => ({ metric: 'cpu_percent', contribution: 0.1 }))
    for (const bad of [four, [{ metric: 'cpu_percent', contribution: 1.5 }], [{ metric: 'no such metric!', contribution: 0.5 }], [{ metric: 'cpu_percent' }]]) {
      const e = expectError(decodeAgentMessage(frame(sample(bad))))
      expect(e.code).toBe('bad_payload')
      expect(e.message).toContain('explanation')
    }
  })
})
