import { inArray } from 'drizzle-orm'
import fc from 'fast-check'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { agentMessageArb } from '@smartcloudops/shared/protocol/arbitraries'
import { newMessageId } from '@smartcloudops/shared/protocol/id'
import type { ServerMessage } from '@smartcloudops/shared/protocol/messages'
import { ingestedEvents } from '../db/schema'
import { describeEachBackend } from '../../test-support/backends'
import { agentConnector } from '../../test-support/connect'
import { FakeAgent, helloPayload } from '../../test-support/fake-agent'
import { createTestApp, type TestApp } from '../../test-support/test-app'

/**
 * Issue 9: the WebSocket protocol fuzzed against a real gateway (fixed seed, both back-ends).
 * Frames are valid agent messages (from the protocol's own schemas), the same with one hostile
 * mutation, or plain garbage. Whatever arrives: the server never answers `server_error` (its 5xx),
 * keeps serving the connection, and a frame it refused left nothing stored.
 */
const FRAMES = Number(process.env.SCOPS_WS_FUZZ_FRAMES ?? 10_000)
/** Below the gateway's malformed-frame budget (50), so one connection carries a whole batch. */
const BATCH = 40

const hostile: unknown[] = [null, '\u0000', 'nul\u0000inside', '\uD800', 'x'.repeat(5000), -1, 2 ** 53, 1e308, {}, [], true, { __proto__: { polluted: 1 } }, 'a'.repeat(70)]

/** A generated message with one value (or the type, or an extra key) replaced by something hostile. */
function mutate(msg: Record<string, unknown>, pick: number, value: unknown): unknown {
  const copy = JSON.parse(JSON.stringify(msg)) as Record<string, unknown>
  const payload = (copy.payload ?? {}) as Record<string, unknown>
  const keys = Object.keys(payload)
  switch (pick % 5) {
    case 0:
      if (keys.length) payload[keys[pick % keys.length]!] = value
      return copy
    case 1:
      payload[`unknown_${pick}`] = value
      return copy
    case 2:
      copy[['type', 'id', 'ts', 'v'][pick % 4]!] = value
      return copy
    case 3:
      return value
    default: {
      // Nesting deeper than the codec allows.
      let deep: unknown = value
      for (let i = 0; i < 40; i++) deep = { d: deep }
      if (keys.length) payload[keys[0]!] = deep
      return copy
    }
  }
}

const frameArb = fc.oneof(
  { weight: 3, arbitrary: agentMessageArb.map((m) => JSON.stringify(m)) },
  {
    weight: 5,
    arbitrary: fc.tuple(agentMessageArb, fc.nat(), fc.constantFrom(...hostile)).map(([m, pick, value]) => JSON.stringify(mutate(m as unknown as Record<string, unknown>, pick, value))),
  },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) },
  { weight: 1, arbitrary: agentMessageArb.map((m) => JSON.stringify(m).slice(0, 17)) },
)

describeEachBackend('WebSocket protocol fuzz', (get) => {
  let t: TestApp
  let c: ReturnType<typeof agentConnector>
  let wsUrl: string

  beforeAll(async () => {
    t = await createTestApp(get())
    wsUrl = `${(await t.app.listen({ host: '127.0.0.1', port: 0 })).replace(/^http/, 'ws')}/api/v1/agent/ws`
    const token = (await t.call('POST', '/api/v1/enrollment-tokens', { name: 'ws fuzz', max_uses: 1000 })).json.data.token
    c = agentConnector(t, wsUrl, () => token)
  })
  afterAll(async () => {
    c.closeAll()
    await t.app.close()
  })

  test(`${FRAMES} fuzzed frames: no server_error, the connection keeps serving, refused frames store nothing`, { timeout: 600_000 }, async () => {
    const frames = fc.sample(frameArb, { numRuns: FRAMES, seed: 20261201 })
    const errors: Extract<ServerMessage, { type: 'error' }>[] = []
    const acked = new Set<string>()
    // One host, a fresh connection per batch (enrollment is rate-limited; connections are not).
    const { credential } = await c.enroll('ws-fuzz')
    for (let start = 0; start < frames.length; start += BATCH) {
      const agent = await FakeAgent.connect(wsUrl, credential)
      agent.send('hello', helloPayload('ws-fuzz'))
      await agent.next('welcome')
      for (const frame of frames.slice(start, start + BATCH)) agent.sendRaw(frame)
      // Frames are handled in order per connection: once this marker is acknowledged, every frame
      // before it was handled (and the server still serves the connection).
      const marker = markerAlert(agent)
      await agent.next('ack', (m) => m.payload.ids.includes(marker), { timeoutMs: 60_000 })
      for (const m of agent.received) {
        if (m.type === 'error') errors.push(m)
        if (m.type === 'ack') for (const id of m.payload.ids) acked.add(id)
      }
      agent.close()
    }
    console.log(`ws fuzz: ${frames.length} frames, ${errors.length} refused; codes ${JSON.stringify(countBy(errors.map((e) => e.payload.code)))}`)
    expect(errors.filter((e) => e.payload.code === 'server_error')).toEqual([])
    // The generator reaches the validator with hostile values (not only garbage).
    expect(errors.some((e) => e.payload.code === 'bad_payload')).toBe(true)
    // A refused frame left nothing stored (unless another frame with the same id was acknowledged).
    const refused = [...new Set(errors.map((e) => e.payload.ref_id).filter((id): id is string => typeof id === 'string' && !acked.has(id)))]
    for (let i = 0; i < refused.length; i += 500) {
      const stored = await get().db.select({ id: ingestedEvents.id }).from(ingestedEvents).where(inArray(ingestedEvents.id, refused.slice(i, i + 500)))
      expect(stored).toEqual([])
    }
  })
})

function markerAlert(agent: FakeAgent): string {
  const id = newMessageId()
  agent.send('alert', { alert_id: newMessageId(), severity: 'info', summary: 'ws fuzz marker', raised_at: Date.now() }, id)
  return id
}

function countBy(xs: string[]): Record<string, number> {
  const out: Record<string, number> = {}
  for (const x of xs) out[x] = (out[x] ?? 0) + 1
  return out
}
