import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { WebSocketServer, type WebSocket } from 'ws'
import type { DesiredState } from '@smartcloudops/shared'
import { decodeAgentMessage, encodeServerMessage } from '@smartcloudops/shared/protocol/codec'

/**
 * A minimal control plane speaking the real codec, for what the real one never sends: malformed
 * desired states, or (before the gateway does) a 410 for a decommissioned host. Enrollment,
 * hello → welcome + desired state, acks for every event.
 */
export interface FakeControlPlane {
  url: string
  received: Array<{ type: string; id: string; payload: Record<string, unknown> }>
  socket(): WebSocket | undefined
  sendRaw(frame: string): void
  /** From now on every upgrade is answered HTTP 410 host_decommissioned; open sockets are closed. */
  decommission(): void
  /** Upgrade requests answered 410 so far. */
  refusedUpgrades(): number
  close(): Promise<void>
}

/** A desired state whose one rule holds on every sample: a decision and an alert every cycle (1 s). */
export function alwaysAlertState(hostId: string): DesiredState {
  return {
    host_id: hostId,
    revision: 1,
    ruleset: {
      version: 1,
      rules: [{ name: 'Always (e2e)', conditions: [{ metric: 'cpu_percent', operator: 'gte', threshold: 0 }], actions: [{ type: 'send_alert' }], priority: 3, cooldown: '1s' }],
    },
    remediation_enabled: true,
    override: { mode: 'enabled', scope: 'default' },
    config: { interval_s: 1, buffer_size: 5, monitoring: true, verify_window: '10s', action_timeout: '5s' },
  }
}

export async function startFakeControlPlane(initial: DesiredState): Promise<FakeControlPlane> {
  const wss = new WebSocketServer({ noServer: true })
  const sockets: WebSocket[] = []
  const received: FakeControlPlane['received'] = []
  let decommissioned = false
  let refused = 0
  const server: Server = createServer((req, res) => {
    req.resume()
    req.on('end', () => {
      if (req.url === '/api/v1/agents/enroll') {
        res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'success', data: { host_id: initial.host_id, credential: 'fake-credential' } }))
      } else res.writeHead(404).end()
    })
  })
  server.on('upgrade', (req, socket, head) => {
    if (decommissioned) {
      refused++
      const body = JSON.stringify({ status: 'error', error: { code: 'host_decommissioned', message: `host ${initial.host_id} was decommissioned` } })
      return void socket.end(`HTTP/1.1 410 Gone\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`)
    }
    if (req.headers.authorization !== 'Bearer fake-credential') return void socket.end('HTTP/1.1 401 Unauthorized\r\n\r\n')
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.push(ws)
      ws.on('message', (data) => {
        const m = decodeAgentMessage(data as Buffer)
        if (!m.ok) return
        received.push({ type: m.message.type, id: m.message.id, payload: m.message.payload as Record<string, unknown> })
        if (m.message.type === 'hello') {
          ws.send(encodeServerMessage('welcome', { host_id: initial.host_id, server_time: Date.now() }))
          ws.send(encodeServerMessage('desired_state', initial))
        } else if (['metrics.batch', 'decision', 'action.started', 'action.finished', 'action.verified', 'alert'].includes(m.message.type)) {
          ws.send(encodeServerMessage('ack', { ids: [m.message.id] }))
        }
      })
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    socket: () => sockets.at(-1),
    sendRaw: (frame) => sockets.at(-1)?.send(frame),
    decommission: () => {
      decommissioned = true
      for (const s of sockets) s.close(1008, 'host decommissioned')
    },
    refusedUpgrades: () => refused,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.terminate()
        wss.close()
        server.close(() => r())
      }),
  }
}
