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
import { writeJsonAtomic } from './json-file'
import { Outbox } from './outbox'
import { AgentLink } from './connection'

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
}

async function fakeControlPlane(): Promise<FakeServer> {
  const wss = new WebSocketServer({ noServer: true })
  const fake: FakeServer = { url: '', received: [], sockets: [], hellos: [], ackEvents: true, desiredFrame: () => encodeServerMessage('desired_state', state) }
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
  server.on('upgrade', (req, socket, head) => {
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
          ws.send(encodeServerMessage('welcome', { host_id: 'h1', server_time: Date.now() }))
          ws.send(fake.desiredFrame())
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

function startLink(fake: FakeServer, opts: { token?: string | null; stateDir?: string } = {}) {
  const stateDir = opts.stateDir ?? mkdtempSync(join(tmpdir(), 'scops-link-'))
  const outbox = Outbox.open(join(stateDir, 'outbox'))
  const applied: DesiredState[] = []
  const link = new AgentLink({
    controlPlaneUrl: fake.url,
    stateDir,
    hostname: 'test-host',
    labels: { env: 'test' },
    agentVersion: '0.0.0-test',
    enrollmentToken: opts.token === undefined ? 'good-token' : opts.token,
    outbox,
    log,
    reconnect: { firstMs: 20, unreachableCapMs: 200, refusedCapMs: 200 },
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
})
