import type Docker from 'dockerode'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { describeWithDocker, freePort, waitFor } from '@smartcloudops/test-support'
import { killService, removeContainer, serving, startedAt, startWebContainer } from './support/containers'
import { actionsOf, createWorld, decisionsOf, pushRules, waitApplied, type World } from './support/scenario'

// Issue 10's escalation ladder and fleet-wide pause, end to end: a real control plane, a real
// agent process, real containers. The web service dies; step 1 of the ladder restarts a decoy
// container (which does not fix it), its verification fails, step 2 restarts the web service's
// container (which does). Then a rule whose fix never works is paused fleet-wide after its
// failed verifications, stops acting, raises an alert, and acts again once an operator resumes it.

const LADDER = 'Web down - escalating (e2e)'
const STUCK = 'Web down - wrong fix (e2e)'

function ladderRule(runId: string) {
  return {
    name: LADDER,
    conditions: [{ metric: 'error_rate:web', operator: 'gt', threshold: 0.5 }],
    actions: [{ type: 'restart_container', params: { selector: { labels: { 'scops.e2e-decoy': runId } } } }],
    priority: 1,
    cooldown: '1h', // only the ladder acts twice here: the cooldown does not hold it back between steps
    escalation: { timeout: '5s', steps: [{ actions: [{ type: 'restart_service', params: { service: 'web' } }], timeout: '30s' }] },
  }
}

function stuckRule(runId: string) {
  return { ...ladderRule(runId), name: STUCK, cooldown: '6s', escalation: undefined }
}

describeWithDocker('e2e escalation ladder and fleet-wide pause (PGlite)', () => {
  let w: World
  let decoy: Docker.Container
  beforeAll(async () => {
    w = await createWorld({
      backend: 'pglite',
      rules: (runId) => [ladderRule(runId)],
      agentConfig: ({ runId, webPort, base }) => ({
        ...base,
        policy: {
          actions: { restart_container: { selector_labels_required: ['scops.restartable=true'] }, restart_service: {}, send_alert: {} },
          // The web service is the container carrying the run's scops.e2e label (not the decoy).
          services: { web: { container: { labels: { 'scops.e2e': runId } } } },
          probes: [{ name: 'web', url: `http://127.0.0.1:${webPort}/`, timeout: '1s', interval: '1s', window: 2 }],
        },
      }),
    })
    decoy = await startWebContainer(w.docker, `scops-e2e-decoy-${w.runId}`, await freePort(), { 'scops.restartable': 'true', 'scops.e2e-decoy': w.runId })
  }, 240_000)
  afterAll(async () => {
    await removeContainer(decoy)
    await w?.close()
  }, 60_000)

  it('step 1 does not verify healthy, so step 2 runs and fixes it; decisions say which step and why', async () => {
    const decoyBefore = await startedAt(decoy)
    const webBefore = await startedAt(w.web)
    await killService(w.web)
    const step2 = await waitFor(
      async () => (await actionsOf(w)).find((a) => a.rule === LADDER && a.action === 'restart_service' && a.status === 'succeeded' && a.verified !== null),
      { timeoutMs: 120_000, intervalMs: 500, description: 'a verified restart_service (step 2)' },
    )
    expect(step2.verified).toBe(true)
    const step1 = (await actionsOf(w)).filter((a) => a.rule === LADDER && a.action === 'restart_container')
    expect(step1).toHaveLength(1)
    expect(step1[0]).toMatchObject({ status: 'succeeded', verified: false, verification: { outcome: 'holding' } })
    expect(Date.parse(step1[0]!.started_at)).toBeLessThan(Date.parse(step2.started_at))
    // Step 1 really restarted the decoy, step 2 the web container, and the service is back.
    expect(await startedAt(decoy)).not.toBe(decoyBefore)
    expect(await startedAt(w.web)).not.toBe(webBefore)
    expect(await serving(w.webPort)).toBe(true)

    const executed = (await decisionsOf(w)).filter((d) => d.rule === LADDER && d.outcome === 'execute')
    executed.sort((x, y) => Date.parse(x.sample_ts) - Date.parse(y.sample_ts))
    expect(executed.map((d) => d.escalation)).toEqual([{ step: 1, of: 2 }, { step: 2, of: 2 }])
    expect(executed[1]!.reason).toContain('step 1 (restart_container) did not verify healthy within 5s')
    // Step 1's failure escalated to step 2, not to a person.
    const alerts = (await w.cp.api.get<{ alerts: { rule: string | null; summary: string }[] }>('/alerts?limit=100')).alerts
    expect(alerts.filter((a) => a.rule === LADDER)).toEqual([])
  }, 180_000)

  it('a rule whose fix keeps failing is paused fleet-wide with an alert, stops acting, and acts again once resumed', async () => {
    await waitFor(() => serving(w.webPort), { timeoutMs: 30_000, description: 'the service to be back' })
    await w.cp.api.put('/settings', { rule_auto_pause: { enabled: true, failed_verifications: 2, window: '1h' } })
    await w.cp.api.put('/integration/config', { verify_window: '5s' })
    const version = await pushRules(w.cp, [stuckRule(w.runId)])
    await waitApplied(w.agent, (l) => l['ruleset'] === version, 'the stuck rule')
    await killService(w.web)

    const paused = await waitFor(async () => (await decisionsOf(w)).find((d) => d.rule === STUCK && d.suppressed_by === 'rule_paused'), {
      timeoutMs: 120_000,
      intervalMs: 500,
      description: 'a decision suppressed by rule_paused',
    })
    expect(paused.reason).toMatch(/rule paused fleet-wide by the control plane .*: [0-9]+ failed verifications in 1h across 1 host \(threshold 2\)/)
    const acted = (await actionsOf(w)).filter((a) => a.rule === STUCK)
    expect(acted.length).toBeGreaterThanOrEqual(2)
    // Nothing ran for the rule once the pause reached the agent.
    for (const a of acted) expect(Date.parse(a.started_at)).toBeLessThan(Date.parse(paused.sample_ts))

    const alerts = (await w.cp.api.get<{ alerts: { rule: string | null; summary: string }[] }>('/alerts?limit=100')).alerts
    expect(alerts.filter((a) => a.rule === STUCK && a.summary.startsWith(`Rule "${STUCK}" paused fleet-wide`))).toHaveLength(1)
    const health = await w.cp.api.get<{ paused: boolean; last_1h: { failed: number; success_rate: number | null } }>(`/rules/${encodeURIComponent(STUCK)}/health`)
    expect(health.paused).toBe(true)
    expect(health.last_1h.failed).toBeGreaterThanOrEqual(2)
    expect(health.last_1h.success_rate).toBe(0)

    const resumedAt = Date.now()
    await w.cp.api.post(`/rules/${encodeURIComponent(STUCK)}/resume`, { reason: 'e2e: let it try again' })
    await waitFor(async () => (await actionsOf(w)).some((a) => a.rule === STUCK && Date.parse(a.started_at) >= resumedAt - 1000), {
      timeoutMs: 60_000,
      intervalMs: 500,
      description: 'the rule acting again after the resume',
    })
  }, 240_000)
})
