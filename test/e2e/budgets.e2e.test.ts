import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { randomBytes } from 'node:crypto'
import type Docker from 'dockerode'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { describeWithDocker, freePort, testDocker, testImage, waitFor } from '@smartcloudops/test-support'
import { agentProcess, dockerSocketPath, type AgentProcess } from './support/agent-process'
import { removeContainer, serving, startedAt } from './support/containers'
import { startControlPlane, type ControlPlane } from './support/control-plane'
import { pushRules, type ActionView, type DecisionView } from './support/scenario'

// Fleet safety end to end: a real control plane, three real agent processes, three real
// containers. A budget of 1 lets one host restart its service at a time while the others record
// `budget`; an inhibition ("not while the db group is unhealthy") stops the restart and says why.

const RULE = 'Service Unresponsive (budgets e2e)'
const HOSTS = 3

/**
 * A web service whose container ignores SIGTERM (the ignore survives `exec`), so each restart
 * takes its full stop_timeout: three hosts failing together then overlap in time, and the budget
 * has something to refuse.
 */
async function slowStopWeb(docker: Docker, name: string, port: number, labels: Record<string, string>): Promise<Docker.Container> {
  const c = await docker.createContainer({
    name,
    Image: testImage,
    Cmd: ['sh', '-c', `trap '' TERM; httpd -p 127.0.0.1:${port} -h /www && exec sleep 3600`],
    Labels: labels,
    HostConfig: { Init: true, NetworkMode: 'host' },
  })
  await c.start()
  return c
}

/** httpd ignores SIGTERM here too (inherited), so the service is killed with SIGKILL. */
async function killService(c: Docker.Container): Promise<void> {
  const exec = await c.exec({ Cmd: ['killall', '-KILL', 'httpd'], AttachStdout: false, AttachStderr: false })
  await exec.start({ Detach: true })
}

describeWithDocker('e2e budgets and inhibition (PGlite, three agents)', () => {
  const runId = randomBytes(4).toString('hex')
  const dirs: string[] = []
  const agents: AgentProcess[] = []
  const webs: Docker.Container[] = []
  const ports: number[] = []
  const hostIds: string[] = []
  let cp: ControlPlane

  const actions = async (i: number) => ((await cp.api.actions(hostIds[i]!)) as { actions: Array<ActionView & { finished_at: string | null }> }).actions
  const decisions = async (i: number) => (await cp.api.decisions(hostIds[i]!)).decisions as DecisionView[]
  const restarts = async (i: number) => (await actions(i)).filter((a) => a.rule === RULE && a.action === 'restart_service' && a.status === 'succeeded')

  beforeAll(async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'scops-e2e-budgets-'))
    dirs.push(dataDir)
    cp = await startControlPlane({ port: await freePort(), dataDir })
    const version = await pushRules(cp, [
      {
        name: RULE,
        conditions: [{ metric: 'error_rate:web', operator: 'gt', threshold: 0.5 }],
        actions: [{ type: 'restart_service', params: { service: 'web' } }],
        priority: 1,
        cooldown: '3s',
      },
    ])
    await cp.api.put('/integration/config', { verify_window: '5s', action_timeout: '30s' })
    const token = await cp.api.enrollmentToken(`budgets-${runId}`, { e2e: runId })
    const docker = testDocker()
    for (let i = 0; i < HOSTS; i++) {
      const port = await freePort()
      ports.push(port)
      webs.push(await slowStopWeb(docker, `scops-e2e-budget-${runId}-${i}`, port, { 'scops.e2e': runId, 'scops.host': `h${i}` }))
      await waitFor(() => serving(port), { timeoutMs: 15_000, description: `web ${i} to serve` })
      const agent = agentProcess({
        control_plane_url: cp.url,
        enrollment_token: token,
        hostname: `budget-${runId}-${i}`,
        interval: '1s',
        buffer_size: 2,
        docker_socket: dockerSocketPath(),
        log_level: 'info',
        policy: {
          actions: { restart_service: {}, send_alert: {} },
          // Each host's "web" is its own container: the rule is the fleet's, the target the host's.
          services: { web: { container: { labels: { 'scops.e2e': runId, 'scops.host': `h${i}` } }, stop_timeout: '2s' } },
          probes: [{ name: 'web', url: `http://127.0.0.1:${port}/`, timeout: '1s', interval: '1s', window: 2 }],
          offline: 'skip',
        },
      })
      agents.push(agent)
      dirs.push(join(agent.stateDir, '..'))
    }
    for (let i = 0; i < HOSTS; i++) {
      const host = await waitFor(() => cp.api.hostByName(`budget-${runId}-${i}`), { timeoutMs: 90_000, description: `agent ${i} to enroll` })
      hostIds.push(host.id)
      await waitFor(() => agents[i]!.logs.some((l) => l['msg'] === 'desired state applied' && l['ruleset'] === version), { timeoutMs: 60_000, description: `agent ${i} to apply the ruleset` })
    }
  }, 240_000)

  afterAll(async () => {
    await Promise.all(agents.map((a) => a.kill('SIGTERM')))
    await cp?.stop()
    for (const w of webs) await removeContainer(w)
    for (const d of dirs) rmSync(d, { recursive: true, force: true })
  }, 60_000)

  it('a budget of 1: the three hosts restart one at a time, and the ones kept waiting say they waited in its queue (or record `budget`)', async () => {
    await cp.api.post('/budgets', { name: 'one-at-a-time', selector: `e2e=${runId}`, max_hosts: 1 })
    const before = await Promise.all(webs.map((w) => startedAt(w)))
    await Promise.all(webs.map((w) => killService(w)))

    await waitFor(async () => (await Promise.all([0, 1, 2].map(restarts))).every((r) => r.length > 0), {
      timeoutMs: 150_000,
      intervalMs: 500,
      description: 'every host to restart its service',
    }).catch(async (err) => {
      for (let i = 0; i < HOSTS; i++) {
        console.error(`host ${i} decisions`, JSON.stringify((await decisions(i)).slice(0, 5)))
        console.error(`host ${i} actions`, JSON.stringify((await actions(i)).slice(0, 5)))
        console.error(`host ${i} log`, JSON.stringify(agents[i]!.logs.filter((l) => Number(l['level']) >= 40 || /permit|decision|action/.test(String(l['msg']))).slice(-15)))
      }
      throw err
    })
    for (let i = 0; i < HOSTS; i++) expect(await startedAt(webs[i]!)).not.toBe(before[i])

    // Never two at once: sorted by start, each restart began after the previous one returned.
    const all = (await Promise.all([0, 1, 2].map(restarts))).flat().sort((a, b) => Date.parse(a.started_at) - Date.parse(b.started_at))
    for (let k = 1; k < all.length; k++) {
      expect(Date.parse(all[k]!.started_at), `restart ${k} began before restart ${k - 1} returned`).toBeGreaterThanOrEqual(Date.parse(all[k - 1]!.finished_at!))
    }
    // The ones kept waiting say so: queued behind the holder (the agent waits up to 30 s in the
    // budget's queue) and granted after it, or refused as `budget` when the wait was not enough —
    // or granted when the problem had already cleared: a host that fired again just after its own
    // restart (its probe window still held the failures) gives the late grant back.
    const mine = (await Promise.all([0, 1, 2].map(decisions))).flat().filter((d) => d.rule === RULE)
    const waited = mine.filter((d) => d.outcome === 'execute' && /permit granted after [\d.]+ s in the queue of budget "one-at-a-time"/.test(d.reason))
    const refused = mine.filter((d) => d.suppressed_by === 'budget')
    expect(waited.length + refused.length, JSON.stringify(mine.map((d) => d.reason))).toBeGreaterThan(0)
    for (const d of refused) expect(d.reason).toMatch(/budget "one-at-a-time"|queue of budget "one-at-a-time"/)

    const budget = (await cp.api.get<Array<{ name: string; refused_total: number; granted_total: number; holders: unknown[] }>>('/budgets')).find((b) => b.name === 'one-at-a-time')!
    expect(budget.granted_total).toBeGreaterThanOrEqual(HOSTS)
    await waitFor(async () => (await Promise.all(ports.map(serving))).every(Boolean), { timeoutMs: 30_000, description: 'every service back' })
  }, 200_000)

  it('an inhibited action does not run, and the decision names the inhibition and its condition', async () => {
    // The "db" group: one host that is enrolled but has never connected, so it is not healthy.
    const dbToken = await cp.api.enrollmentToken(`db-${runId}`, { role: 'db', dbrun: runId })
    await cp.api.post('/agents/enroll', { token: dbToken, hostname: `db-${runId}` })
    const inhibition = await cp.api.post<{ id: string }>('/inhibitions', {
      name: 'db-down',
      selector: `e2e=${runId}`,
      actions: ['restart_service'],
      condition: { group_unhealthy: { selector: `role=db,dbrun=${runId}`, below_percent: 50 } },
    })
    const before = await startedAt(webs[0]!)
    const restartsBefore = (await restarts(0)).length
    const killedAt = Date.now()
    await killService(webs[0]!)
    const d = await waitFor(
      async () => (await decisions(0)).find((x) => x.rule === RULE && x.suppressed_by === 'inhibited' && Date.parse(x.sample_ts) >= killedAt - 1000),
      { timeoutMs: 60_000, intervalMs: 500, description: 'an inhibited decision' },
    )
    expect(d.outcome).toBe('suppressed')
    expect(d.reason).toContain('inhibition "db-down"')
    expect(d.reason).toContain(`hosts matching role=db,dbrun=${runId} are 0% healthy (0 of 1), below 50%`)
    expect(await startedAt(webs[0]!)).toBe(before)
    expect(await restarts(0)).toHaveLength(restartsBefore)

    // The inhibition was what held it: removed, the restart goes ahead.
    await cp.api.delete(`/inhibitions/${inhibition.id}`)
    await waitFor(async () => (await restarts(0)).length > restartsBefore, { timeoutMs: 60_000, intervalMs: 500, description: 'the restart once the inhibition is gone' })
    expect(await startedAt(webs[0]!)).not.toBe(before)
  }, 150_000)
})
