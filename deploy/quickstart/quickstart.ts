import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { hostname } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { bundleAgent } from '../../agent/build/bundle'
import { firstMatch, startChild, type Child } from './child'

/**
 * `pnpm start`: the whole product on one machine in one command, as TWO processes that meet only
 * through the protocol, like on a real fleet:
 *   1. the control plane (control-plane/src/main.ts) on embedded PGlite (or PostgreSQL when
 *      DATABASE_URL is set), with the quickstart's admin token;
 *   2. the agent as users install it: the production bundle agent/dist/scops-agent.mjs (the file
 *      `pnpm release` ships), rebuilt first so it matches the source, under plain node, enrolled
 *      with a one-time token, at a 1 s interval, under a local policy that permits ONLY send_alert.
 *
 * It lives in deploy/ because it belongs to neither package: it is an operator's script that
 * drives both shipped programs through their command lines and the v1 API, nothing else.
 *
 * State lives in ./.data/quickstart (admin token, agent config and state); the control plane's data
 * directory is its own default (./.data/control-plane). A demo rule "Quickstart host busy (demo)"
 * is added once so an idle machine shows a decision; delete it with the API.
 */

const DEMO_RULE = 'Quickstart host busy (demo)'
const repoRoot = fileURLToPath(new URL('../..', import.meta.url))
const logLevel = process.env['SCOPS_LOG_LEVEL'] ?? 'warn'

function adminTokenFor(home: string): { token: string; file: string } {
  // A stable admin token: the control plane stores only its hash, so keep the secret here.
  const file = join(home, 'admin-token')
  const fromEnv = process.env['SCOPS_ADMIN_TOKEN']
  if (fromEnv) return { token: fromEnv, file }
  const token = existsSync(file) ? readFileSync(file, 'utf8').trim() : `scops_admin_${randomBytes(24).toString('hex')}`
  writeFileSync(file, token, { mode: 0o600 })
  return { token, file }
}

function startControlPlane(adminToken: string): { child: Child; url: Promise<string>; database: () => string } {
  const child = startChild('control plane', process.execPath, ['--import', 'tsx', join(repoRoot, 'control-plane', 'src', 'main.ts')], {
    env: { ...process.env, SCOPS_ADMIN_TOKEN: adminToken, SCOPS_LOG_LEVEL: logLevel },
    stdout: 'pipe',
  })
  // Its banner (up to the first blank line) is replaced by ours; its logs pass through.
  let inBanner = true
  let database = 'database unknown'
  const url = firstMatch(
    child,
    (line) => /^\s+API:\s+(\S+)\/api\/v1$/.exec(line)?.[1] ?? null,
    (line) => {
      const on = /^SmartCloudOps control plane on (.+)$/.exec(line)
      if (on) database = on[1]!
      if (inBanner) inBanner = line.trim() !== ''
      else process.stdout.write(`${line}\n`)
    },
  )
  return { child, url, database: () => database }
}

function apiClient(url: string, adminToken: string) {
  return async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${url}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${adminToken}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    })
    const json = (await res.json()) as { data: T; error?: { message: string } }
    if (!res.ok) throw new Error(`${method} ${path}: HTTP ${res.status} ${json.error?.message ?? ''}`)
    return json.data
  }
}

async function addDemoRule(api: ReturnType<typeof apiClient>): Promise<void> {
  const current = await api<{ current_version: number }>('GET', '/rulesets')
  const ruleset = await api<{ rules: Array<{ name: string }> }>('GET', `/rulesets/${current.current_version}`)
  if (ruleset.rules.some((r) => r.name === DEMO_RULE)) return
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

/** The agent's config file: the quickstart's own, so /etc/smartcloudops/agent.yaml (a real install's) stays out of this. */
function writeAgentConfig(file: string, url: string): void {
  const lines = [
    '# Written by the quickstart (deploy/quickstart/quickstart.ts) on every start.',
    '# Only alerts: the quickstart never touches this machine\'s containers or services.',
    'policy:',
    '  actions:',
    '    send_alert: {}',
    '  probes:',
    `    - { name: control-plane, url: ${JSON.stringify(`${url}/healthz`)}, timeout: 2s, interval: 5s }`,
    '',
  ]
  writeFileSync(file, lines.join('\n'), { mode: 0o600 })
}

function banner(o: { url: string; database: string; adminToken: string; tokenFile: string; agentHost: string }): string {
  const { url, adminToken } = o
  return [
    '',
    'SmartCloudOps quickstart',
    `  control plane   ${url}   (${o.database.replace(/^PGlite \((.*)\)$/, "PGlite in $1")})`,
    `  API docs        ${url}/docs`,
    `  admin token     ${adminToken}   (kept in ${o.tokenFile})`,
    `  local agent     host "${o.agentHost}", every second, local policy: send_alert only (nothing is restarted)`,
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
  ].join('\n')
}

async function main(): Promise<void> {
  const home = resolve(process.env['SCOPS_QUICKSTART_DIR'] ?? '.data/quickstart')
  mkdirSync(home, { recursive: true, mode: 0o700 })
  const { token: adminToken, file: tokenFile } = adminTokenFor(home)

  const [bundle, cp] = [bundleAgent({ quiet: true }), startControlPlane(adminToken)]
  bundle.catch(() => undefined) // awaited below; this only keeps an early failure from being "unhandled"
  const children: Child[] = [cp.child]
  let stopping = false
  const stopAll = async (why: string, code: number) => {
    stopping = true
    console.log(`\n${why}: stopping the agent, then the control plane (Ctrl-C again kills both at once)`)
    // Reverse start order: the agent flushes to a control plane that is still listening.
    for (const c of [...children].reverse()) {
      const exit = await c.stop()
      if (exit !== 0 && exit !== 128 + 15) console.error(`${c.name} exited with ${exit}`)
    }
    process.exit(code)
  }
  // A second signal while stopping (an impatient Ctrl-C) ends the quickstart at once; its exit
  // handlers SIGKILL what is left. Listening with `on`, not `once`: with no listener left, Node's
  // default action would end this process without those handlers and orphan both children.
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      console.log(`${signal} again: killing what is still running`)
      process.exit(1)
    }
    void stopAll(signal, 0)
  }
  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)

  const url = await cp.url
  const api = apiClient(url, adminToken)
  await addDemoRule(api)

  const stateDir = join(home, 'agent-state')
  const agentFile = join(home, 'agent.yaml')
  writeAgentConfig(agentFile, url)
  const enrollment = existsSync(join(stateDir, 'credential.json'))
    ? []
    : ['--enrollment-token', (await api<{ token: string }>('POST', '/enrollment-tokens', { name: 'quickstart local agent', max_uses: 1, expires_in: '1h', reprovision: true, labels: { env: 'quickstart' } })).token]
  const agentHost = `${hostname()}-quickstart`.replace(/[^A-Za-z0-9_.-]/g, '-')
  const agentArgs = [
    // the systemd unit's node flags (deploy/systemd/scops-agent.service says why)
    '--max-old-space-size=256',
    '--max-semi-space-size=1',
    '--single-threaded-gc',
    await bundle,
    'run',
    '--config', agentFile,
    '--control-plane', url,
    '--state-dir', stateDir,
    '--hostname', agentHost,
    '--label', 'env=quickstart',
    '--interval', '1s',
    '--buffer-size', '5',
    '--log-level', logLevel,
    ...enrollment,
  ]
  // The token travels as an argument only once, to a process of our own on this machine.
  const agent = startChild('agent', process.execPath, agentArgs, { env: { ...process.env }, stdout: 'inherit' })
  children.push(agent)

  process.stdout.write(banner({ url, database: cp.database(), adminToken, tokenFile, agentHost }))

  // Either process ending on its own ends the quickstart: a half-running product is worse than none.
  for (const c of children) {
    void c.exited.then((exit) => {
      if (!stopping) void stopAll(`the ${c.name} exited with ${exit}`, 1)
    })
  }
}

main().catch((err: unknown) => {
  console.error('quickstart failed:', err instanceof Error ? err.message : err)
  process.exit(1)
})
