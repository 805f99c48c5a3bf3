/**
 * The reference the fan-out benchmark holds the control plane against: a bare `ws` server in its
 * own process that does the least a server can — on each agent's hello it sends one pre-encoded
 * desired state, on `broadcast` it sends one pre-encoded paused snapshot to every socket, and it
 * parses every frame it receives (hellos, acks) as JSON. No authentication, no storage.
 * Frames are the same shape and size as the control plane's (the default rules, a default config).
 */
import { WebSocketServer, type WebSocket } from 'ws'
import type { DesiredState } from '@smartcloudops/shared'
import { encodeServerMessage } from '@smartcloudops/shared/protocol/codec'
import { defaultRules } from '@smartcloudops/shared/rules/defaults'

const snapshot = (mode: 'enabled' | 'paused', revision: number): DesiredState => ({
  host_id: 'host_01J0000000000000000000000',
  revision,
  ruleset: { version: 1, rules: [...defaultRules] },
  remediation_enabled: true,
  override: mode === 'paused' ? { mode, scope: 'fleet', override_id: 'ovr_01J0000000000000000000000', reason: 'fan-out benchmark', author: 'bench' } : { mode, scope: 'default' },
  config: { interval_s: 30, buffer_size: 10, monitoring: true, verify_window: '60s', action_timeout: '30s' },
})

const first = encodeServerMessage('desired_state', snapshot('enabled', 1))
const paused = encodeServerMessage('desired_state', snapshot('paused', 2))
const clients = new Set<WebSocket>()
let received = 0

const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false })
wss.on('connection', (ws) => {
  clients.add(ws)
  let greeted = false
  ws.on('message', (data) => {
    JSON.parse(data.toString())
    received++
    if (!greeted) {
      greeted = true
      ws.send(first)
    }
  })
  ws.on('error', () => {})
  ws.on('close', () => clients.delete(ws))
})
wss.on('listening', () => {
  const addr = wss.address()
  process.send?.({ ev: 'listening', port: typeof addr === 'object' && addr ? addr.port : 0 })
})
process.on('message', (m: { cmd: string }) => {
  if (m.cmd === 'broadcast') for (const ws of clients) ws.send(paused)
  if (m.cmd === 'stats') process.send?.({ ev: 'stats', clients: clients.size, received, rss: process.memoryUsage().rss })
})
process.on('disconnect', () => process.exit(0))
