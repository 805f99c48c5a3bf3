import { afterAll, beforeAll, expect, it } from 'vitest'
import { describeWithDocker, describeWithPostgres, waitFor } from '@smartcloudops/test-support'
import { killService, serving, startedAt } from './support/containers'
import { actionsOf, createWorld, decisionsOf, pushRules, RULE, serviceRule, waitApplied, type World } from './support/scenario'

// The product's promise end to end: a real control plane, a real agent process, a real container.
// A service dies → its probe fails → the rule fires → the container is restarted → the action and
// its verification are visible through the API. Then the kill switch (fleet pause) and a rule the
// host's local policy forbids.

function suite(backend: 'pglite' | 'postgres') {
  let w: World
  beforeAll(async () => {
    w = await createWorld({ backend })
  }, 240_000)
  afterAll(async () => {
    await w?.close()
  }, 60_000)

  it('restarts the container when its probe fails, and records the action with its verification', async () => {
    const before = await startedAt(w.web)
    await killService(w.web)
    const action = await waitFor(
      async () => (await actionsOf(w)).find((a) => a.rule === RULE && a.action === 'restart_container' && a.status === 'succeeded' && a.verified !== null),
      { timeoutMs: 90_000, intervalMs: 500, description: 'a verified restart_container action' },
    )
    expect(action.verified).toBe(true)
    expect(await startedAt(w.web)).not.toBe(before)
    expect(await serving(w.webPort)).toBe(true)
    const decisions = await decisionsOf(w)
    expect(decisions.some((d) => d.rule === RULE && d.outcome === 'execute')).toBe(true)
  }, 150_000)

  it('under a fleet pause records "paused" and leaves the container alone; lifting the pause lets it act', async () => {
    await waitFor(() => serving(w.webPort), { timeoutMs: 30_000, description: 'the service to be back' })
    const override = await w.cp.api.post<{ id: string }>('/overrides', { mode: 'paused', reason: 'e2e kill switch' })
    await waitApplied(w.agent, (l) => l['mode'] === 'paused', 'the pause to reach the agent', 30_000)
    const restartsBefore = (await actionsOf(w)).filter((a) => a.action === 'restart_container').length
    const before = await startedAt(w.web)
    const killedAt = Date.now()
    await killService(w.web)
    await waitFor(
      async () => (await decisionsOf(w)).find((d) => d.rule === RULE && d.suppressed_by === 'override_paused' && Date.parse(d.sample_ts) >= killedAt - 1000),
      { timeoutMs: 60_000, intervalMs: 500, description: 'a paused decision' },
    )
    expect(await startedAt(w.web)).toBe(before)
    expect((await actionsOf(w)).filter((a) => a.action === 'restart_container')).toHaveLength(restartsBefore)

    await w.cp.api.delete(`/overrides/${override.id}`)
    await waitFor(async () => (await actionsOf(w)).filter((a) => a.action === 'restart_container' && a.status === 'succeeded').length > restartsBefore, {
      timeoutMs: 60_000,
      intervalMs: 500,
      description: 'a restart after the pause is lifted',
    })
    expect(await startedAt(w.web)).not.toBe(before)
  }, 180_000)

  it('refuses a rule whose action the local policy does not allow, and records the refusal', async () => {
    const forbidden = {
      name: 'Forbidden target (e2e)',
      conditions: [{ metric: 'error_rate:web', operator: 'lt', threshold: 0.5 }], // holds while the service is healthy
      actions: [{ type: 'restart_service', params: { service: 'database' } }],
      priority: 5,
      cooldown: '1h',
    }
    const version = await pushRules(w.cp, [serviceRule(w.runId), forbidden])
    await waitApplied(w.agent, (l) => l['ruleset'] === version, 'the new ruleset')
    const d = await waitFor(async () => (await decisionsOf(w)).find((x) => x.rule === forbidden.name), {
      timeoutMs: 60_000,
      intervalMs: 500,
      description: 'a decision for the forbidden rule',
    })
    expect(d.outcome).toBe('suppressed')
    expect(d.suppressed_by).toBe('policy')
    expect(d.reason).toMatch(/restart_service is not allowed by local policy/)
    expect((await actionsOf(w)).some((a) => a.rule === forbidden.name)).toBe(false)
    await pushRules(w.cp, [serviceRule(w.runId)])
  }, 120_000)

  it('keeps remediating while the control plane is down, and delivers everything when it is back', async () => {
    await waitFor(() => serving(w.webPort), { timeoutMs: 30_000, description: 'the service to be back' })
    const restartsBefore = (await actionsOf(w)).filter((a) => a.action === 'restart_container').length
    await w.cp.stop()
    const mark = w.agent.logs.length
    const before = await startedAt(w.web)
    await killService(w.web)
    // The agent acts on its cached rules: the container restarts with nobody to ask.
    await waitFor(async () => (await startedAt(w.web)) !== before, { timeoutMs: 60_000, intervalMs: 250, description: 'a restart while offline' })
    const offlineAction = await waitFor(
      () => w.agent.logs.slice(mark).find((l) => l['msg'] === 'action finished' && l['type'] === 'restart_container' && l['ok'] === true),
      { timeoutMs: 10_000, description: 'the offline action in the agent log' },
    )
    await w.cp.start()
    const stored = await waitFor(
      async () => (await actionsOf(w)).find((a) => a.id === offlineAction['actionId'] && a.verified !== null),
      { timeoutMs: 90_000, intervalMs: 500, description: 'the offline action and its verification to arrive' },
    )
    expect(stored.status).toBe('succeeded')
    expect(stored.verified).toBe(true)
    expect((await actionsOf(w)).filter((a) => a.action === 'restart_container').length).toBeGreaterThan(restartsBefore)
  }, 180_000)
}

describeWithDocker('e2e remediation (PGlite)', () => suite('pglite'))
describeWithDocker('e2e remediation (PostgreSQL)', () => {
  describeWithPostgres('on PostgreSQL', () => suite('postgres'))
})
