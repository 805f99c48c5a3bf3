import { existsSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { waitFor } from '@smartcloudops/test-support'
import { agentProcess, type AgentProcess } from './support/agent-process'
import { alwaysAlertState, startFakeControlPlane, type FakeControlPlane } from './support/fake-control-plane'

// A host the operator decommissioned: the control plane answers its upgrade with HTTP 410. The
// real agent process stops acting, says so in an error, exits 4 (systemd's unit does not restart
// it) and keeps no cached rules to act on if someone starts it again.

const EXIT_DECOMMISSIONED = 4

const state = alwaysAlertState('host-gone')

const cleanup: Array<() => Promise<void> | void> = []
afterAll(async () => {
  for (const c of cleanup.reverse()) await c()
}, 60_000)

describe('e2e decommissioned host', () => {
  let fake: FakeControlPlane
  let agent: AgentProcess

  it('stops acting, logs why and exits 4 on HTTP 410; started again it exits 4 without acting', async () => {
    fake = await startFakeControlPlane(state)
    cleanup.push(() => fake.close())
    agent = agentProcess({ control_plane_url: fake.url, enrollment_token: 'any', hostname: 'gone-host', log_level: 'debug' })
    cleanup.push(async () => {
      await agent.kill('SIGKILL')
      rmSync(join(agent.stateDir, '..'), { recursive: true, force: true })
    })
    const decided = () => agent.logs.filter((l) => l['msg'] === 'event recorded' && l['type'] === 'decision').length
    await waitFor(() => decided() > 0, { timeoutMs: 90_000, description: 'a decision on the desired state' })
    expect(existsSync(join(agent.stateDir, 'desired-state.json'))).toBe(true)

    fake.decommission()
    expect(await agent.exited).toBe(EXIT_DECOMMISSIONED)
    expect(fake.refusedUpgrades()).toBe(1) // no retry after the 410
    const gone = agent.logs.findIndex((l) => l['level'] === 50 && /decommissioned this host/.test(String(l['msg'])))
    expect(gone).toBeGreaterThanOrEqual(0)
    expect(String(agent.logs[gone]!['msg'])).toMatch(/host host-gone was decommissioned.*will not reconnect and will not remediate/)
    // The loop stopped: at most the one cycle already running when the 410 came finished (cycles
    // start every second, and a stop lets the running one record its outcome).
    expect(agent.logs.slice(gone).filter((l) => l['msg'] === 'event recorded' && l['type'] === 'decision').length).toBeLessThanOrEqual(1)
    expect(agent.logs.slice(gone).some((l) => l['msg'] === 'stopped')).toBe(true)
    expect(existsSync(join(agent.stateDir, 'desired-state.json'))).toBe(false)

    // An operator (or a unit without RestartPreventExitStatus) starts it again: no cached rules to act on.
    agent.logs.length = 0
    agent.start()
    expect(await agent.exited).toBe(EXIT_DECOMMISSIONED)
    expect(agent.logs.filter((l) => l['msg'] === 'event recorded' && l['type'] === 'decision')).toEqual([])
    expect(agent.logs.find((l) => l['msg'] === 'agent started')).toMatchObject({ cachedRevision: null })
  }, 150_000)
})
