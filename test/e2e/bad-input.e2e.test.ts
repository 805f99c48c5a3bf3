import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { waitFor } from '@smartcloudops/test-support'
import { agentProcess, runAgentCli, writeAgentConfig, type AgentProcess } from './support/agent-process'
import { alwaysAlertState, startFakeControlPlane, type FakeControlPlane } from './support/fake-control-plane'

// Bad input at the agent's two doors: its own configuration (refused at start with a message
// naming the key, exit code 2) and a desired state from the control plane (refused with an ack
// saying why, while the agent keeps running on its last good state).

const cleanup: Array<() => Promise<void> | void> = []
afterAll(async () => {
  for (const c of cleanup.reverse()) await c()
}, 60_000)

async function runWithConfig(config: unknown): Promise<{ code: number | null; stderr: string }> {
  const { dir, path } = writeAgentConfig(config as Record<string, unknown>)
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }))
  return runAgentCli(['run', '--config', path, '--state-dir', join(dir, 'state')])
}

describe('e2e bad input: configuration', () => {
  it('exits 2 naming an unknown key', async () => {
    const r = await runWithConfig({ control_plane_url: 'http://127.0.0.1:9', intervall: '5s' })
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/intervall: unknown key/)
  }, 90_000)

  it('exits 2 naming a bad value, and a bad local policy key', async () => {
    const bad = await runWithConfig({ control_plane_url: 'http://127.0.0.1:9', interval: '200ms' })
    expect(bad.code).toBe(2)
    expect(bad.stderr).toMatch(/interval: must be between 1s and 1h/)
    const policy = await runWithConfig({ control_plane_url: 'http://127.0.0.1:9', policy: { actions: { reboot_host: {} } } })
    expect(policy.code).toBe(2)
    expect(policy.stderr).toMatch(/reboot_host/)
  }, 90_000)
})

describe('e2e bad input: desired state', () => {
  const good = alwaysAlertState('host-fake')
  let fake: FakeControlPlane
  let agent: AgentProcess

  it('refuses a malformed desired state, says why in the ack, and keeps acting on the last good one', async () => {
    fake = await startFakeControlPlane(good)
    cleanup.push(() => fake.close())
    agent = agentProcess({ control_plane_url: fake.url, enrollment_token: 'any', hostname: 'fake-host', log_level: 'info' })
    cleanup.push(async () => {
      await agent.kill('SIGTERM')
      rmSync(join(agent.stateDir, '..'), { recursive: true, force: true })
    })
    const decisions = () => fake.received.filter((m) => m.type === 'decision')
    await waitFor(() => decisions().length > 0, { timeoutMs: 90_000, description: 'a decision on the good state' })

    // Schema-invalid: a rule without conditions.
    const bad = { ...good, revision: 2, ruleset: { version: 2, rules: [{ name: 'Broken', actions: [{ type: 'send_alert' }], priority: 1, cooldown: '1s' }] } }
    fake.sendRaw(JSON.stringify({ v: 1, type: 'desired_state', id: 'srv_bad_000001', ts: Date.now(), payload: bad }))
    const ack = await waitFor(() => fake.received.find((m) => m.type === 'desired_state.ack' && m.payload['revision'] === 2), { timeoutMs: 20_000, description: 'the ack of the malformed state' })
    expect(ack.payload).toMatchObject({ revision: 2, ruleset_version: 2, applied: false })
    expect(String(ack.payload['error'])).toMatch(/bad_payload/)

    // Schema-valid but unusable: two rules with one name.
    const dup = { ...good, revision: 3, ruleset: { version: 3, rules: [good.ruleset.rules[0]!, good.ruleset.rules[0]!] } }
    fake.sendRaw(JSON.stringify({ v: 1, type: 'desired_state', id: 'srv_bad_000002', ts: Date.now(), payload: dup }))
    const ack3 = await waitFor(() => fake.received.find((m) => m.type === 'desired_state.ack' && m.payload['revision'] === 3), { timeoutMs: 20_000, description: 'the ack of the duplicate-name state' })
    expect(ack3.payload).toMatchObject({ applied: false })
    expect(String(ack3.payload['error'])).toMatch(/duplicate rule name/)

    // Still alive, still deciding on ruleset 1.
    const seen = decisions().length
    await waitFor(() => decisions().length >= seen + 2, { timeoutMs: 30_000, description: 'decisions after the bad states' })
    expect(decisions().slice(seen).every((d) => d.payload['ruleset_version'] === 1)).toBe(true)
    expect(agent.child.exitCode).toBeNull()

    // A clean stop: SIGTERM → the buffered metrics are flushed and delivered, exit code 0.
    const batchesBefore = fake.received.filter((m) => m.type === 'metrics.batch').length
    expect(await agent.kill('SIGTERM')).toBe(0)
    expect(agent.logs.some((l) => l['msg'] === 'stopped')).toBe(true)
    expect(fake.received.filter((m) => m.type === 'metrics.batch').length).toBeGreaterThan(batchesBefore)
  }, 150_000)
})
