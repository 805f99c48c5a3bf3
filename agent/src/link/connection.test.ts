import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pino from 'pino'
import { afterEach, describe, expect, it } from 'vitest'
import { waitFor } from '@smartcloudops/test-support'
import { WebSocketServer, type WebSocket } from 'ws'
import type { DesiredState, Hello } from '@smartcloudops/shared'
import { decodeAgentMessage, encodeAgentMessage, encodeServerMessage } from '@smartcloudops/shared/protocol/codec'
import type { Envelope } from '@smartcloudops/shared'
import { FileStateStore } from '../state/file-store'
import { writeJsonAtomic } from './json-file'
import { Outbox } from './outbox'
import { AgentLink, type LinkOptions } from './connection'

// The link against a small in-test server speaking the real codec over real HTTP and WebSocket.
// The end-to-end suites in test/e2e run the agent against the real control plane.

const log = pino({ level: 'silent' })
const cleanups: Array<() => void | Promise<void>> = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
})

const state: DesiredState = {
  host_id: 'h1',
  revision: 7,
  ruleset: { version: 2, rules: [] },
  remediation_enabled: true,
  override: { mode: 'enabled', scope: 'default' },
  config: { interval_s: 30, buffer_size: 10, monitoring: true, verify_window: '60s', action_timeout: '30s' },
}

interface FakeServer {
  url: string
  received: Array<{ type: string; id: string; payload: unknown }>
  sockets: WebSocket[]
  hellos: Hello[]
  ackEvents: boolean
  desiredFrame: () => string
  /** Upgrade requests seen (authorized or not). */
  upgrades: number
  /** Extra welcome fields. */
  welcome: Record<string, unknown>
  /** Scripted answer to an event (default: ack when ackEvents). */
  answer: ((m: { type: string; id: string }) => 'ack' | { code: string; message: string } | null) | null
  /** Refuse every upgrade with this HTTP answer. */
  refuseUpgrade: { status: number; body: string; retryAfterS?: number } | null
  /** When each upgrade request arrived (ms). */
  upgradeTimes: number[]
  /** Behave like a killed process: every new connection is cut at once. */
  killed: boolean
}

async function fakeControlPlane(): Promise<FakeServer> {
  const wss = new WebSocketServer({ noServer: true })
  const fake: FakeServer = { url: '', received: [], sockets: [], hellos: [], ackEvents: true, desiredFrame: () => encodeServerMessage('desired_state', state), upgrades: 0, welcome: {}, answer: null, refuseUpgrade: null, killed: false, upgradeTimes: [] }
  const server: Server = createServer((req, res) => {
    let body = ''
    req.on('data', (c) => (body += c))
    req.on('end', () => {
      const parsed = JSON.parse(body || '{}') as { token?: string }
      if (req.url === '/api/v1/agents/enroll' && parsed.token === 'good-token') {
        res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'success', data: { host_id: 'h1', credential: 'cred-1' } }))
      } else res.writeHead(401).end(JSON.stringify({ status: 'error', error: { code: 'unauthorized', message: 'bad token' } }))
    })
  })
  server.on('connection', (socket) => {
    if (fake.killed) socket.destroy()
  })
  server.on('upgrade', (req, socket, head) => {
    fake.upgrades++
    fake.upgradeTimes.push(Date.now())
    if (fake.refuseUpgrade) {
      const { status, body, retryAfterS } = fake.refuseUpgrade
      const retry = retryAfterS === undefined ? '' : `Retry-After: ${retryAfterS}\r\n`
      socket.end(`HTTP/1.1 ${status} Refused\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n${retry}Connection: close\r\n\r\n${body}`)
      return
    }
    if (req.headers.authorization !== 'Bearer cred-1') {
      socket.end('HTTP/1.1 401 Unauthorized\r\n\r\n')
      return
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      fake.sockets.push(ws)
      ws.on('message', (data) => {
        const m = decodeAgentMessage(data as Buffer)
        if (!m.ok) throw m.error
        fake.received.push({ type: m.message.type, id: m.message.id, payload: m.message.payload })
        if (m.message.type === 'hello') {
          fake.hellos.push(m.message.payload)
          ws.send(encodeServerMessage('welcome', { host_id: 'h1', server_time: Date.now(), ...fake.welcome }))
          ws.send(fake.desiredFrame())
        } else if (fake.answer && ['decision', 'metrics.batch', 'alert'].includes(m.message.type)) {
          const a = fake.answer(m.message)
          if (a === 'ack') ws.send(encodeServerMessage('ack', { ids: [m.message.id] }))
          else if (a) ws.send(encodeServerMessage('error', { ...a, ref_id: m.message.id }))
        } else if (fake.ackEvents && ['decision', 'metrics.batch', 'alert'].includes(m.message.type)) {
          ws.send(encodeServerMessage('ack', { ids: [m.message.id] }))
        }
      })
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  cleanups.push(
    () =>
      new Promise<void>((r) => {
        for (const s of fake.sockets) s.terminate()
        wss.close()
        server.close(() => r())
      }),
  )
  return fake
}

function event(n: number): Envelope {
  const payload = { alert_id: `alert_${String(n).padStart(8, '0')}`, severity: 'info' as const, summary: `event ${n}`, raised_at: Date.now() }
  return JSON.parse(encodeAgentMessage('alert', payload)) as Envelope
}

function startLink(fake: FakeServer, opts: { token?: string | null; stateDir?: string; link?: Partial<LinkOptions> } = {}) {
  const stateDir = opts.stateDir ?? mkdtempSync(join(tmpdir(), 'scops-link-'))
  const outbox = Outbox.open(join(stateDir, 'outbox'))
  const applied: DesiredState[] = []
  const link = new AgentLink({
    controlPlaneUrls: [fake.url],
    store: new FileStateStore(stateDir),
    hostname: 'test-host',
    labels: { env: 'test' },
    agentVersion: '0.0.0-test',
    enrollmentToken: opts.token === undefined ? 'good-token' : opts.token,
    outbox,
    log,
    reconnect: { firstMs: 20, unreachableCapMs: 200, refusedCapMs: 200 },
    ...opts.link,
    handlers: {
      hello: () => ({
        agent_version: '0.0.0-test',
        protocol_versions: [1],
        hostname: 'test-host',
        labels: { env: 'test' },
        capabilities: { actions: ['send_alert'], collectors: [] },
        facts: { os: 'Linux', arch: 'x64', kernel: '6', cpus: 2, memory_bytes: 1 },
        monitoring: true,
      }),
      heartbeat: () => ({ uptime_s: 1, monitoring: true }),
      current: () => (applied.length ? { revision: applied.at(-1)!.revision, ruleset_version: 2 } : null),
      desiredState: async (s) => {
        applied.push(s)
        return { applied: true }
      },
      command: async () => ({ ok: true }),
    },
  })
  link.init()
  cleanups.push(async () => {
    await link.stop()
    outbox.close()
    rmSync(stateDir, { recursive: true, force: true })
  })
  return { link, outbox, applied, stateDir }
}

describe('AgentLink', () => {
  it('enrolls once, stores the credential 0600, says hello, applies and acks the desired state, delivers the outbox', async () => {
    const fake = await fakeControlPlane()
    const t = startLink(fake)
    t.outbox.append(event(1)) // recorded while offline
    t.link.start()
    await waitFor(() => t.outbox.depth === 0, { description: 'the offline event to be acknowledged' })
    expect(fake.hellos[0]).toMatchObject({ hostname: 'test-host', labels: { env: 'test' } })
    expect(statSync(join(t.stateDir, 'credential.json')).mode & 0o777).toBe(0o600)
    expect(t.applied.map((s) => s.revision)).toEqual([7])
    await waitFor(() => fake.received.some((m) => m.type === 'desired_state.ack'), { description: 'the ack' })
    expect(fake.received.find((m) => m.type === 'desired_state.ack')!.payload).toEqual({ revision: 7, ruleset_version: 2, applied: true })
  })

  it('moves to another replica when the one it is connected to dies, and delivers there what it recorded meanwhile', async () => {
    const [a, b] = [await fakeControlPlane(), await fakeControlPlane()]
    // random() = 0: the first choice is the first URL (and backoff waits are 0).
    const t = startLink(a, { link: { controlPlaneUrls: [a.url, b.url], reconnect: { firstMs: 20, unreachableCapMs: 200, refusedCapMs: 200, random: () => 0 } } })
    t.link.start()
    await waitFor(() => t.link.connected, { description: 'connected to replica A' })
    expect([a.hellos.length, b.hellos.length]).toEqual([1, 0])
    // Replica A dies: its sockets are cut and nothing listens there any more.
    a.killed = true
    for (const s of a.sockets) s.terminate()
    t.outbox.append(event(1))
    await waitFor(() => b.hellos.length === 1 && t.link.connected, { description: 'the link on replica B' })
    expect(t.link.controlPlaneUrl).toBe(b.url)
    await waitFor(() => t.outbox.depth === 0, { description: 'the event recorded meanwhile acknowledged by B' })
    expect(b.received.filter((m) => m.type === 'alert')).toHaveLength(1)
    expect(a.hellos).toHaveLength(1)
  })

  it('answers a malformed desired state with applied:false and does not apply it', async () => {
    const fake = await fakeControlPlane()
    fake.desiredFrame = () => JSON.stringify({ v: 1, type: 'desired_state', id: 'srv_00000001', ts: Date.now(), payload: { ...state, revision: 9, ruleset: { version: 4, rules: [{ name: 'x' }] } } })
    const t = startLink(fake)
    t.link.start()
    await waitFor(() => fake.received.some((m) => m.type === 'desired_state.ack'), { description: 'the ack' })
    const ack = fake.received.find((m) => m.type === 'desired_state.ack')!.payload as Record<string, unknown>
    expect(ack).toMatchObject({ revision: 9, ruleset_version: 4, applied: false })
    expect(String(ack['error'])).toMatch(/bad_payload/)
    expect(t.applied).toEqual([])
  })

  it('replays un-acknowledged events after a reconnect, in order', async () => {
    const fake = await fakeControlPlane()
    fake.ackEvents = false
    const t = startLink(fake)
    t.link.start()
    await waitFor(() => t.link.connected, { description: 'the connection' })
    const ids = [1, 2, 3].map((n) => t.outbox.append(event(n)).id)
    t.link.pump()
    await waitFor(() => fake.received.filter((m) => m.type === 'alert').length === 3, { description: 'three alerts' })
    fake.ackEvents = true
    fake.sockets[0]!.terminate() // connection lost before any ack
    await waitFor(() => t.outbox.depth === 0, { description: 'replay and ack' })
    const alerts = fake.received.filter((m) => m.type === 'alert').map((m) => m.id)
    expect(alerts).toEqual([...ids, ...ids])
  })

  it('re-enrolls with its token when the control plane refuses a revoked credential', async () => {
    const fake = await fakeControlPlane()
    const stateDir = mkdtempSync(join(tmpdir(), 'scops-link-'))
    writeJsonAtomic(join(stateDir, 'credential.json'), { host_id: 'h1', credential: 'revoked', control_plane_url: fake.url, enrolled_at: 1 })
    const t = startLink(fake, { stateDir })
    t.link.start()
    await waitFor(() => t.link.connected, { description: 'a connection with the new credential' })
    expect(fake.hellos).toHaveLength(1)
  })

  it('lists what it accepts in hello, beats at the interval the welcome gives, with the outbox depth and oldest age', async () => {
    const fake = await fakeControlPlane()
    fake.welcome = { heartbeat_interval_s: 1 }
    fake.ackEvents = false
    // Its own default is an hour: a heartbeat within the test can only come from the welcome's 1 s.
    const t = startLink(fake, { link: { heartbeatMs: 3_600_000 } })
    t.outbox.append(event(1))
    t.link.start()
    const beats = () => fake.received.filter((m) => m.type === 'heartbeat').map((m) => m.payload as Record<string, unknown>)
    await waitFor(() => beats().length >= 2, { description: 'two heartbeats' })
    expect(fake.hellos[0]!.accepts).toContain('welcome.heartbeat_interval_s')
    expect(beats()[1]).toMatchObject({ outbox_depth: 1, outbox_oldest_age_s: expect.any(Number) })
    expect(Number(beats()[1]!['outbox_oldest_age_s'])).toBeGreaterThan(0)
  })

  it('sends an event the server could not store again on the same connection, and drops one refused for its content', async () => {
    const fake = await fakeControlPlane()
    const tries = new Map<string, number>()
    let poison = ''
    fake.answer = (m) => {
      const k = (tries.get(m.id) ?? 0) + 1
      tries.set(m.id, k)
      if (m.id === poison) return { code: 'unstorable', message: 'a string PostgreSQL cannot hold' }
      return k <= 3 ? { code: 'server_error', message: 'the server could not process this alert; send it again later' } : 'ack'
    }
    const t = startLink(fake, { link: { delivery: { window: 1, retryBaseMs: 20, retryCapMs: 100 } } })
    poison = t.outbox.append(event(1)).id
    const later = [2, 3].map((n) => t.outbox.append(event(n)).id)
    t.link.start()
    await waitFor(() => t.outbox.depth === 0, { description: 'every event settled' })
    expect(fake.sockets).toHaveLength(1) // no reconnect needed
    expect(tries.get(poison)).toBe(1) // refused for good: never sent again
    for (const id of later) expect(tries.get(id)).toBe(4) // three refusals, then stored
    expect(t.outbox.refused).toBe(1)
  })

  it('stops for good when the control plane answers the upgrade with 410 (host decommissioned)', async () => {
    const fake = await fakeControlPlane()
    fake.refuseUpgrade = { status: 410, body: JSON.stringify({ status: 'error', error: { code: 'host_decommissioned', message: 'host h1 was decommissioned by admin' } }) }
    const gone: string[] = []
    const stateDir = mkdtempSync(join(tmpdir(), 'scops-link-'))
    writeJsonAtomic(join(stateDir, 'credential.json'), { host_id: 'h1', credential: 'cred-1', control_plane_url: fake.url, enrolled_at: 1 })
    const t = startLink(fake, { stateDir, link: { onDecommissioned: (m) => gone.push(m) } })
    // The connect loop ends by itself: no stop(), no further attempt.
    await t.link.start()
    expect(gone).toEqual([expect.stringContaining('host h1 was decommissioned by admin')])
    expect(fake.upgrades).toBe(1)
    expect(fake.hellos).toHaveLength(0)
  })

  it('backs off while the control plane refuses the upgrade, and keeps trying (not decommissioned)', async () => {
    const fake = await fakeControlPlane()
    fake.refuseUpgrade = { status: 503, body: '{"status":"error","error":{"code":"unavailable","message":"starting"}}' }
    const stateDir = mkdtempSync(join(tmpdir(), 'scops-link-'))
    writeJsonAtomic(join(stateDir, 'credential.json'), { host_id: 'h1', credential: 'cred-1', control_plane_url: fake.url, enrolled_at: 1 })
    const t = startLink(fake, { stateDir })
    t.link.start()
    await waitFor(() => fake.upgrades >= 3, { description: 'three attempts' })
    fake.refuseUpgrade = null
    await waitFor(() => t.link.connected, { description: 'the connection once it is accepted' })
  })

  it('waits as long as a Retry-After says (jittered ±50%) instead of its own short backoff, then connects', async () => {
    const fake = await fakeControlPlane()
    fake.refuseUpgrade = { status: 503, body: '{"status":"error","error":{"code":"connections_throttled","message":"retry in 2 s"}}', retryAfterS: 2 }
    const stateDir = mkdtempSync(join(tmpdir(), 'scops-link-'))
    writeJsonAtomic(join(stateDir, 'credential.json'), { host_id: 'h1', credential: 'cred-1', control_plane_url: fake.url, enrolled_at: 1 })
    // random() = 0: the shortest wait a 2 s Retry-After allows is 1 s (its own backoff would be 0).
    const t = startLink(fake, { stateDir, link: { reconnect: { firstMs: 20, unreachableCapMs: 200, refusedCapMs: 200, random: () => 0 } } })
    t.link.start()
    await waitFor(() => fake.upgrades >= 2, { description: 'the second attempt' })
    expect(fake.upgradeTimes[1]! - fake.upgradeTimes[0]!).toBeGreaterThanOrEqual(1000)
    fake.refuseUpgrade = null
    await waitFor(() => t.link.connected, { timeoutMs: 15_000, description: 'the connection once it is accepted' })
  })
})
