import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freePort, waitFor } from '@smartcloudops/test-support'
import { agentProcess, distCli, dockerSocketPath, type AgentProcess } from './support/agent-process'
import { startControlPlane, type ControlPlane } from './support/control-plane'

// The production build (agent/dist/scops-agent.mjs under plain node, as the systemd unit runs it)
// starts, enrolls, finds its committed model from dist/ and delivers scored samples. The other e2e
// suites run the agent from source through tsx. CI builds the bundle before the tests (.ci/run);
// locally the suite runs after `pnpm build:agent` and is skipped, saying so, when there is no build.
// Under CI a missing bundle is a failure, not a skip.

const built = existsSync(distCli)
if (!built && !process.env['CI']) console.warn(`bundle e2e skipped: ${distCli} is not built (pnpm build:agent)`)

describe.skipIf(!built && !process.env['CI'])('e2e production bundle (PGlite)', () => {
  let cp: ControlPlane
  let agent: AgentProcess
  const dataDir = mkdtempSync(join(tmpdir(), 'scops-e2e-bundle-cp-'))
  const hostname = `e2e-bundle-${process.pid}`

  beforeAll(async () => {
    expect(existsSync(distCli), `${distCli} must be built (pnpm build:agent)`).toBe(true)
    cp = await startControlPlane({ port: await freePort(), dataDir })
    agent = agentProcess(
      {
        control_plane_url: cp.url,
        enrollment_token: await cp.api.enrollmentToken('e2e-bundle'),
        hostname,
        interval: '1s',
        buffer_size: 1,
        docker_socket: dockerSocketPath(),
        log_level: 'info',
      },
      { runner: 'dist', nodeFlags: ['--max-old-space-size=256'] },
    )
  }, 120_000)
  afterAll(async () => {
    await agent?.kill('SIGKILL')
    await cp?.stop()
    rmSync(dataDir, { recursive: true, force: true })
    if (agent) rmSync(join(agent.stateDir, '..'), { recursive: true, force: true })
  }, 60_000)

  it('enrolls, scores samples with the committed model and stops cleanly on SIGTERM', async () => {
    await waitFor(
      () => {
        if (agent.child.exitCode !== null) throw new Error(`the agent exited with ${agent.child.exitCode}: ${agent.stderr.join('').slice(-2000)}`)
        return agent.logs.some((l) => l['msg'] === 'desired state applied')
      },
      { timeoutMs: 60_000, description: 'the bundled agent to connect' },
    )
    const host = await cp.api.hostByName(hostname)
    expect(host).toBeDefined()
    // The detector needs a short calibration history before it returns a score: wait for one.
    const scored = await waitFor(
      async () => {
        const { samples } = await cp.api.get<{
          samples: Array<{ anomaly_score: number | null; model_version: string | null; metrics: Record<string, number>; explanation: Array<{ metric: string; contribution: number }> | null }>
        }>(`/hosts/${host!.id}/metrics?limit=100`)
        return samples.find((s) => s.anomaly_score !== null) ?? null
      },
      { timeoutMs: 90_000, intervalMs: 1000, description: 'a scored sample from the bundled agent' },
    )
    expect(Number.isFinite(scored.anomaly_score)).toBe(true)
    expect(scored.model_version).toBeTruthy()
    expect(typeof scored.metrics['cpu_percent']).toBe('number')
    // The score names the host metrics that drove it (a live host's cpu never sits exactly on its baseline).
    expect(scored.explanation?.length).toBeGreaterThan(0)
    for (const d of scored.explanation!) expect(Object.keys(scored.metrics)).toContain(d.metric)
    expect(agent.logs.filter((l) => Number(l['level']) >= 50)).toEqual([])
    expect(await agent.kill('SIGTERM')).toBe(0)
  }, 180_000)
})
