import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { hostname } from 'node:os'
import { join, resolve } from 'node:path'
import { ConfigError as ControlPlaneConfigError, loadConfig as loadControlPlaneConfig } from '@smartcloudops/control-plane/config'
import { startServer } from '@smartcloudops/control-plane/server'
import { loadConfig } from '../config'
import { startAgent } from '../main'

/**
 * `pnpm start`: the whole product on one machine in one command. Starts the control plane on
 * embedded PGlite (or PostgreSQL when DATABASE_URL is set), enrolls a local agent to it under a
 * local policy that permits ONLY send_alert (nothing on this host is restarted or stopped), at a
 * 1 s interval: metrics and decisions show up in the API within seconds, anomaly scores after the
 * detector's warm-up (~35 samples).
 *
 * State lives in ./.data/quickstart (admin token, agent state); the control plane's data directory
 * is its own default (./.data/control-plane). A demo rule "Quickstart: host busy (demo)" is added to
 * the ruleset once so there is a decision to look at on an idle machine; delete it with the API.
 */

const DEMO_RULE = 'Quickstart host busy (demo)'

async function main(): Promise<void> {
  const home = resolve(process.env['SCOPS_QUICKSTART_DIR'] ?? '.data/quickstart')
  mkdirSync(home, { recursive: true, mode: 0o700 })

  // A stable admin token: the control plane stores only its hash, so keep the secret here.
  const tokenFile = join(home, 'admin-token')
  const adminToken = process.env['SCOPS_ADMIN_TOKEN'] ?? (existsSync(tokenFile) ? readFileSync(tokenFile, 'utf8').trim() : `scops_admin_${randomBytes(24).toString('hex')}`)
  if (!process.env['SCOPS_ADMIN_TOKEN']) writeFileSync(tokenFile, adminToken, { mode: 0o600 })

  let cpConfig
  try {
    cpConfig = loadControlPlaneConfig(process.env, { adminToken, logLevel: (process.env['SCOPS_LOG_LEVEL'] as 'warn' | undefined) ?? 'warn' })
  } catch (err) {
    if (err instanceof ControlPlaneConfigError) {
      console.error(err.message)
      process.exit(2)
    }
    throw err
  }
  const server = await startServer(cpConfig)
  const url = server.url
  const api = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${url}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${adminToken}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    })
    const json = (await res.json()) as { data: T; error?: { message: string } }
    if (!res.ok) throw new Error(`${method} ${path}: HTTP ${res.status} ${json.error?.message ?? ''}`)
    return json.data
  }

  // The demo rule, once.
  const current = await api<{ current_version: number }>('GET', '/rulesets')
  const ruleset = await api<{ rules: Array<{ name: string }> }>('GET', `/rulesets/${current.current_version}`)
  if (!ruleset.rules.some((r) => r.name === DEMO_RULE)) {
    await api('PUT', '/rulesets', {
      message: 'quickstart: demo rule so an idle machine shows a decision',
      rules: [
        ...ruleset.rules,
        {
          name: DEMO_RULE,
          description: 'Fires when this host does anything at all; only sends an info alert. Safe to delete.',
          conditions: [{ metric: 'cpu_percent', operator: 'gt', threshold: 0.5 }],
          actions: [{ type: 'send_alert', params: { severity: 'info' } }],
          priority: 3,
          cooldown: '2m',
        },
      ],
    })
  }

  const stateDir = join(home, 'agent-state')
  const agentFile = join(home, 'agent.yaml')
  if (!existsSync(agentFile)) writeFileSync(agentFile, '# quickstart: settings come from flags (agent/src/cli/quickstart.ts)\n', { mode: 0o600 })
  let enrollmentToken: string | null = null
  if (!existsSync(join(stateDir, 'credential.json'))) {
    // reprovision: this machine's own agent, whose state was lost (or never made), takes its host back.
    const t = await api<{ token: string }>('POST', '/enrollment-tokens', { name: 'quickstart local agent', max_uses: 1, expires_in: '1h', reprovision: true })
    enrollmentToken = t.token
  }
  const agentHost = `${hostname()}-quickstart`.replace(/[^A-Za-z0-9_.-]/g, '-')
  const agentConfig = loadConfig(
    [
      '--control-plane', url,
      '--state-dir', stateDir,
      '--hostname', agentHost,
      '--label', 'env=quickstart',
      '--interval', '1s',
      '--buffer-size', '5',
      '--log-level', process.env['SCOPS_LOG_LEVEL'] ?? 'warn',
      ...(enrollmentToken ? ['--enrollment-token', enrollmentToken] : []),
      // Our own (empty) config file keeps /etc/smartcloudops/agent.yaml, a real install's, out of this.
      '--config', agentFile,
    ],
    {},
  )
  const agent = await startAgent({
    ...agentConfig,
    // Only alerts: the quickstart never touches this machine's containers or services.
    policy: {
      kind: 'inline',
      source: 'quickstart',
      value: { actions: { send_alert: {} }, probes: [{ name: 'control-plane', url: `${url}/healthz`, timeout: '2s', interval: '5s' }] },
    },
  })

  const lines = [
    '',
    'SmartCloudOps quickstart',
    `  control plane   ${url}   (${cpConfig.databaseUrl ? 'PostgreSQL' : `PGlite in ${cpConfig.dataDir}`})`,
    `  API docs        ${url}/docs`,
    `  admin token     ${adminToken}   (kept in ${tokenFile})`,
    `  local agent     host "${agentHost}", every second, local policy: send_alert only (nothing is restarted)`,
    '',
    'Within a minute:',
    `  export SCOPS_TOKEN=${adminToken}`,
    `  curl -s -H "Authorization: Bearer $SCOPS_TOKEN" ${url}/api/v1/hosts`,
    `  HOST=$(curl -s -H "Authorization: Bearer $SCOPS_TOKEN" ${url}/api/v1/hosts | node -pe 'JSON.parse(require("fs").readFileSync(0)).data.hosts[0].id')`,
    `  curl -s -H "Authorization: Bearer $SCOPS_TOKEN" "${url}/api/v1/hosts/$HOST/metrics?limit=3"     # metrics + ml_anomaly_score`,
    `  curl -s -H "Authorization: Bearer $SCOPS_TOKEN" "${url}/api/v1/hosts/$HOST/decisions"           # rule decisions`,
    `  curl -s -X POST -H "Authorization: Bearer $SCOPS_TOKEN" -H 'content-type: application/json' -d '{"mode":"paused","reason":"try the kill switch"}' ${url}/api/v1/overrides`,
    '',
    'Ctrl-C stops both.',
    '',
  ]
  process.stdout.write(lines.join('\n'))

  let stopping = false
  const stop = async (signal: string) => {
    if (stopping) process.exit(1)
    stopping = true
    console.log(`\n${signal}: stopping the agent, then the control plane`)
    await agent.stop().catch((err: unknown) => console.error('agent stop failed:', err))
    // The agent closed its socket first, so the control plane can close without waiting on it.
    await server.close().catch((err: unknown) => console.error('control plane stop failed:', err))
    process.exit(0)
  }
  process.once('SIGINT', () => void stop('SIGINT'))
  process.once('SIGTERM', () => void stop('SIGTERM'))
}

main().catch((err: unknown) => {
  console.error('quickstart failed:', err)
  process.exit(1)
})
