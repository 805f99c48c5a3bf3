import { spawnSync } from 'node:child_process'
import pino from 'pino'
import { afterEach, describe, expect, test } from 'vitest'
import { describeWithTool } from '@smartcloudops/test-support'
import { AgentMetrics } from './agent-metrics'

const log = pino({ level: 'silent' })
let open: AgentMetrics | undefined
afterEach(async () => {
  await open?.close()
  open = undefined
})

async function served(depth = 3) {
  const m = new AgentMetrics({ outboxDepth: () => depth, collectorHealth: () => ({ cpu: { ok: true }, docker: { ok: false } }), connected: () => true, containerStreams: () => 4, runningActions: () => 1 })
  open = m
  m.onCycle({ sample_ts: 0, metrics: 5, missing: 0, scored: true, score_ms: 2, anomaly_score: 0.75, decisions: [], actions: [] }, 0.2)
  const at = await m.listen('127.0.0.1', 0, log)
  return `http://127.0.0.1:${at.port}`
}

describe('agent /metrics', () => {
  test('serves cycle, scoring, outbox and collector health on loopback; other paths are 404', async () => {
    const base = await served()
    const res = await fetch(`${base}/metrics`)
    expect(res.status).toBe(200)
    const body = await res.text()
    expect(body).toContain('scops_agent_outbox_events 3')
    expect(body).toContain('scops_agent_container_stats_streams 4')
    expect(body).toContain('scops_agent_running_actions 1')
    expect(body).toContain('scops_agent_collector_up{collector="cpu"} 1')
    expect(body).toContain('scops_agent_collector_up{collector="docker"} 0')
    expect(body).toContain('scops_agent_cycle_duration_seconds_count 1')
    expect(body).toContain('scops_agent_score_duration_seconds_count 1')
    expect(body).toContain('scops_agent_anomaly_score 0.75')
    expect((await fetch(`${base}/`)).status).toBe(404)
    expect((await fetch(`${base}/metrics`, { method: 'POST' })).status).toBe(404)
  })
})

describeWithTool('promtool', 'prometheus')('agent /metrics and promtool', () => {
  test('`promtool check metrics` accepts the agent exposition', async () => {
    const body = await (await fetch(`${await served()}/metrics`)).text()
    const r = spawnSync('promtool', ['check', 'metrics'], { input: body, encoding: 'utf8' })
    expect(`${r.stdout}${r.stderr}`.trim()).toBe('')
    expect(r.status).toBe(0)
  })
})
