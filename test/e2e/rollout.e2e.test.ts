import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { randomBytes } from 'node:crypto'
import type Docker from 'dockerode'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { describeWithDocker, freePort, testDocker, testImage, waitFor } from '@smartcloudops/test-support'
import { agentProcess, dockerSocketPath, type AgentProcess } from './support/agent-process'
import { removeContainer, startedAt } from './support/containers'
import { startControlPlane, type ControlPlane } from './support/control-plane'
import { pushRules, waitApplied } from './support/scenario'

// Issue 10's staged rollout, end to end: a real control plane, two real agent processes (a canary
// and a main host), a real container. The rollout's canary stage carries a broken rule that
// restarts the canary's container on every cycle; the health gate sees the canary act far more
// than the host still on the old ruleset, rolls the canary back by itself and raises an alert that
// says why with the numbers. The main host never runs the broken ruleset.

const quiet = { name: 'Quiet (e2e)', description: 'never fires', conditions: [{ metric: 'alert:ScopsE2eNeverFires', operator: 'gt', threshold: 0 }], actions: [{ type: 'send_alert' }], priority: 5, cooldown: '1m' }

describeWithDocker('staged rollout with a broken canary', () => {
  const runId = randomBytes(4).toString('hex')
  const dirs: string[] = []
  let cp: ControlPlane
  let canary: AgentProcess
  let main: AgentProcess
  let victim: Docker.Container
  let from: number

  function agent(name: string, token: string, actions: Record<string, unknown>): AgentProcess {
    const a = agentProcess({
      control_plane_url: cp.url,
      enrollment_token: token,
      hostname: `${name}-${runId}`,
      interval: '1s',
      buffer_size: 5,
      docker_socket: dockerSocketPath(),
      log_level: 'info',
      policy: { actions },
    })
    dirs.push(join(a.stateDir, '..'))
    return a
  }

  beforeAll(async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'scops-e2e-rollout-'))
    dirs.push(dataDir)
    cp = await startControlPlane({ port: await freePort(), dataDir, rolloutTickS: 1 })
    from = await pushRules(cp, [quiet])
    victim = await testDocker().createContainer({
      name: `scops-e2e-rollout-${runId}`,
      Image: testImage,
      Cmd: ['sleep', '3600'],
      Labels: { 'scops.restartable': 'true', 'scops.e2e': runId },
      HostConfig: { Init: true, NetworkMode: 'none' },
    })
    await victim.start()
    canary = agent('canary', await cp.api.enrollmentToken(`canary-${runId}`, { ring: 'canary' }), { restart_container: { selector_labels_required: ['scops.restartable=true'] } })
    main = agent('main', await cp.api.enrollmentToken(`main-${runId}`, { ring: 'main' }), { send_alert: {} })
    await waitApplied(canary, (l) => l['ruleset'] === from, 'the canary to run the baseline ruleset', 90_000)
    await waitApplied(main, (l) => l['ruleset'] === from, 'the main host to run the baseline ruleset', 90_000)
  }, 240_000)

  afterAll(async () => {
    await canary?.kill('SIGTERM')
    await main?.kill('SIGTERM')
    await cp?.stop()
    await removeContainer(victim)
    for (const d of dirs) rmSync(d, { recursive: true, force: true })
  }, 60_000)

  it('rolls the canary back by itself and the alert gives the numbers', async () => {
    const broken = {
      name: 'Broken (e2e)',
      description: 'a bad threshold: holds on every sample',
      conditions: [{ metric: 'memory_percent', operator: 'gt', threshold: 1 }],
      actions: [{ type: 'restart_container', params: { selector: { labels: { 'scops.e2e': runId } } } }],
      priority: 1,
      cooldown: '1s',
    }
    const before = await startedAt(victim)
    const r = await cp.api.post<{ id: string; to_ruleset_version: number }>('/rollouts', {
      kind: 'ruleset',
      rules: [quiet, broken],
      message: 'e2e: a broken rule on the canary',
      stages: [
        { selector: 'ring=canary', soak: '10m' },
        { percent: 100, soak: '10m' },
      ],
    })
    const to = r.to_ruleset_version
    await waitApplied(canary, (l) => l['ruleset'] === to, 'the canary to run the new ruleset', 60_000)

    type Rollout = { state: string; reason: string | null; hosts: { hostname: string; desired_ruleset_version: number; applied_ruleset_version: number | null }[] }
    const done = await waitFor(
      async () => {
        const x = await cp.api.get<Rollout>(`/rollouts/${r.id}`)
        return x.state !== 'running' ? x : undefined
      },
      { timeoutMs: 120_000, intervalMs: 500, description: 'the rollout to stop' },
    )
    expect(done.state).toBe('rolled_back')
    expect(done.reason).toMatch(/stage 1\/2 \(hosts matching ring=canary, 1 host\(s\) on the new version vs 1 on the old\) broke its gate: action rate: \d+(\.\d+)? per host on the new version vs 0 on the old/)
    // The broken rule really acted on the canary's container before the gate stopped it.
    expect(await startedAt(victim)).not.toBe(before)

    // Back on the baseline, by itself; the main host never ran the broken ruleset.
    await waitApplied(canary, (l) => l['ruleset'] === from && canary.logs.some((x) => x['msg'] === 'desired state applied' && x['ruleset'] === to), 'the canary back on the baseline', 60_000)
    expect(main.logs.some((l) => l['msg'] === 'desired state applied' && l['ruleset'] === to)).toBe(false)
    const after = await cp.api.get<Rollout>(`/rollouts/${r.id}`)
    expect(after.hosts.map((h) => h.desired_ruleset_version)).toEqual([from, from])
    expect((await cp.api.get<{ current_version: number }>('/rulesets')).current_version).toBe(from)

    const alerts = await cp.api.get<{ alerts: { summary: string; detail: string | null; severity: string; hostname: string }[] }>('/alerts?limit=100')
    const alert = alerts.alerts.find((a) => a.summary.includes(r.id))
    expect(alert, JSON.stringify(alerts.alerts)).toBeDefined()
    expect(alert!.severity).toBe('critical')
    expect(alert!.summary).toBe(`rollout ${r.id} of ruleset ${from} → ${to} rolled back at stage 1/2`)
    expect(alert!.detail).toBe(done.reason)
    expect(alert!.hostname).toBe(`canary-${runId}`)
  }, 240_000)
})
