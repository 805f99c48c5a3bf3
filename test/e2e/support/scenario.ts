import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { randomBytes } from 'node:crypto'
import type Docker from 'dockerode'
import { createTestDatabase, freePort, testDocker, waitFor, type TestDatabase } from '@smartcloudops/test-support'
import { agentProcess, dockerSocketPath, type AgentProcess } from './agent-process'
import { removeContainer, serving, startWebContainer } from './containers'
import { startControlPlane, type ControlPlane } from './control-plane'

/**
 * One end-to-end world: a control plane (PGlite or PostgreSQL), a web container with a probe,
 * and an agent process enrolled with a local policy that allows restarting containers labelled
 * scops.restartable=true. The ruleset is replaced by one "Service Unresponsive" rule on the probe.
 */
export interface World {
  runId: string
  cp: ControlPlane
  agent: AgentProcess
  docker: Docker
  web: Docker.Container
  webPort: number
  hostId: string
  rulesetVersion: number
  db?: TestDatabase
  dirs: string[]
  close(): Promise<void>
}

export const RULE = 'Service Unresponsive (e2e)'

export function serviceRule(runId: string) {
  return {
    name: RULE,
    description: 'probe failing → restart the web container',
    conditions: [{ metric: 'error_rate:web', operator: 'gt', threshold: 0.5 }],
    actions: [{ type: 'restart_container', params: { selector: { labels: { 'scops.e2e': runId } } } }],
    priority: 1,
    cooldown: '3s',
  }
}

export async function pushRules(cp: ControlPlane, rules: unknown[]): Promise<number> {
  const r = await cp.api.put<{ version: number }>('/rulesets', { rules, message: 'e2e' })
  return r.version
}

export async function waitApplied(agent: AgentProcess, pred: (l: Record<string, unknown>) => boolean, what: string, timeoutMs = 60_000): Promise<void> {
  await waitFor(() => agent.logs.some((l) => l['msg'] === 'desired state applied' && pred(l)), { timeoutMs, description: what })
}

export async function createWorld(opts: { backend: 'pglite' | 'postgres'; rules?: (runId: string) => unknown[]; logLevel?: string; agentConfig?: (w: { runId: string; webPort: number; cpUrl: string; token: string; base: Record<string, unknown> }) => Record<string, unknown> }): Promise<World> {
  const runId = randomBytes(4).toString('hex')
  const dirs: string[] = []
  const dataDir = mkdtempSync(join(tmpdir(), 'scops-e2e-cp-'))
  dirs.push(dataDir)
  const db = opts.backend === 'postgres' ? await createTestDatabase() : undefined
  const cp = await startControlPlane({ port: await freePort(), dataDir, ...(db ? { databaseUrl: db.url } : {}) })
  const rulesetVersion = await pushRules(cp, opts.rules?.(runId) ?? [serviceRule(runId)])
  await cp.api.put('/integration/config', { verify_window: '30s', action_timeout: '10s' })
  const token = await cp.api.enrollmentToken(`e2e-${runId}`)

  const docker = testDocker()
  const webPort = await freePort()
  const web = await startWebContainer(docker, `scops-e2e-web-${runId}`, webPort, { 'scops.restartable': 'true', 'scops.e2e': runId })
  await waitFor(() => serving(webPort), { timeoutMs: 15_000, description: 'the web container to serve' })

  const hostname = `e2e-${runId}`
  // The agent config every scenario starts from; `agentConfig` may spread it and change parts.
  const base: Record<string, unknown> = {
    control_plane_url: cp.url,
    enrollment_token: token,
    hostname,
    labels: { e2e: runId },
    interval: '1s',
    buffer_size: 5,
    docker_socket: dockerSocketPath(),
    log_level: opts.logLevel ?? 'info',
    policy: {
      actions: { restart_container: { selector_labels_required: ['scops.restartable=true'] }, send_alert: {} },
      probes: [{ name: 'web', url: `http://127.0.0.1:${webPort}/`, timeout: '1s', interval: '1s', window: 2 }],
      // This host's operator lets restarts go ahead without a permit when the control plane is
      // unreachable (the default is skip): remediation.e2e's offline test relies on it.
      offline: 'act',
    },
  }
  const config = opts.agentConfig?.({ runId, webPort, cpUrl: cp.url, token, base }) ?? base
  const agent = agentProcess(config)
  dirs.push(agent.stateDir, join(agent.stateDir, '..'))
  const host = await waitFor(() => cp.api.hostByName(String(config['hostname'] ?? hostname)), { timeoutMs: 90_000, description: 'the agent to enroll' })
  await waitApplied(agent, (l) => l['ruleset'] === rulesetVersion, `ruleset ${rulesetVersion} applied by the agent`)

  return {
    runId,
    cp,
    agent,
    docker,
    web,
    webPort,
    hostId: host.id,
    rulesetVersion,
    db,
    dirs,
    async close() {
      await agent.kill('SIGTERM')
      await cp.stop()
      await removeContainer(web)
      await db?.drop()
      for (const d of dirs) rmSync(d, { recursive: true, force: true })
    },
  }
}

export type ActionView = { id: string; rule: string; action: string; status: string; verified: boolean | null; verification: unknown; started_at: string; error: unknown }
export type DecisionView = { id: string; rule: string; outcome: string; suppressed_by: string; reason: string; sample_ts: string; escalation?: { step: number; of: number } | null }

export async function actionsOf(w: World): Promise<ActionView[]> {
  return ((await w.cp.api.actions(w.hostId)) as { actions: ActionView[] }).actions
}

export async function decisionsOf(w: World): Promise<DecisionView[]> {
  return (await w.cp.api.decisions(w.hostId)).decisions as DecisionView[]
}
