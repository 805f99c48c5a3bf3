/**
 * The fleet simulator for operators: N protocol-faithful agents against a control plane, to size a
 * deployment before a real fleet arrives. Agents enroll with an enrollment token (their
 * credentials are kept in a file, so the next run reuses the same hosts), connect, and send
 * heartbeats, metrics batches, decisions and actions at the given rates until Ctrl-C. A line of
 * figures is printed every few seconds.
 *
 *   pnpm fleet-sim --url http://127.0.0.1:8080 --enroll-token scops_enr_… --agents 200
 *   pnpm fleet-sim --url … --enroll-token … --agents 2000 --processes 4 --metrics-s 30 --credentials ./sim.json
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { Fleet } from './fleet'
import { defaultRates, type SimAgentSpec, type SimRates } from './options'

const usage = `usage: pnpm fleet-sim --url <control plane http(s) URL> --enroll-token <token> --agents <n>
  [--processes 2] [--credentials fleet-sim-credentials.json] [--hostname-prefix sim]
  [--heartbeat-s ${defaultRates.heartbeatS}] [--metrics-s ${defaultRates.metricsS}] [--samples ${defaultRates.samplesPerBatch}]
  [--decisions-s ${defaultRates.decisionsS}] [--actions-s ${defaultRates.actionsS}] [--connect-concurrency 25] [--report-s 5]
  (rates are seconds between messages per agent; 0 = never)`

function fail(message: string): never {
  process.stderr.write(`fleet-sim: ${message}\n${usage}\n`)
  process.exit(2)
}

function number(values: Record<string, unknown>, key: string, fallback: number, min: number, max: number): number {
  const raw = values[key]
  if (raw === undefined) return fallback
  const n = Number(raw)
  if (!Number.isFinite(n) || n < min || n > max) fail(`--${key} must be a number from ${min} to ${max}, got ${JSON.stringify(raw)}`)
  return n
}

async function enrollOne(base: string, token: string, hostname: string): Promise<string> {
  for (let attempt = 0; ; attempt++) {
    const res = await fetch(`${base}/api/v1/agents/enroll`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token, hostname, agent_version: 'fleet-sim' }),
    })
    const body = (await res.json().catch(() => ({}))) as { data?: { credential?: string }; error?: { code?: string; message?: string } }
    if (res.status === 201 && body.data?.credential) return body.data.credential
    // Enrollment is rate-limited per address: wait as told, then go on.
    if (res.status === 429 && attempt < 100) {
      const wait = Number(res.headers.get('retry-after') ?? 5)
      await new Promise((r) => setTimeout(r, Math.min(Math.max(wait, 1), 120) * 1000))
      continue
    }
    throw new Error(`enrolling ${hostname}: ${res.status} ${body.error?.code ?? ''} ${body.error?.message ?? ''}`.trim())
  }
}

async function main(): Promise<void> {
  let parsed
  try {
    parsed = parseArgs({
      options: {
        url: { type: 'string' },
        'enroll-token': { type: 'string' },
        agents: { type: 'string' },
        processes: { type: 'string' },
        credentials: { type: 'string' },
        'hostname-prefix': { type: 'string' },
        'heartbeat-s': { type: 'string' },
        'metrics-s': { type: 'string' },
        samples: { type: 'string' },
        'decisions-s': { type: 'string' },
        'actions-s': { type: 'string' },
        'connect-concurrency': { type: 'string' },
        'report-s': { type: 'string' },
        help: { type: 'boolean' },
      },
      strict: true,
    })
  } catch (err) {
    fail((err as Error).message)
  }
  const v = parsed.values
  if (v.help) {
    process.stdout.write(`${usage}\n`)
    return
  }
  if (!v.url || !/^https?:\/\/[^/]+/.test(v.url)) fail('--url must be the control plane http(s):// URL')
  const base = v.url.replace(/\/+$/, '')
  const n = number(v, 'agents', NaN, 1, 50_000)
  if (Number.isNaN(n)) fail('--agents is required')
  const rates: SimRates = {
    heartbeatS: number(v, 'heartbeat-s', defaultRates.heartbeatS, 0, 86_400),
    metricsS: number(v, 'metrics-s', defaultRates.metricsS, 0, 86_400),
    samplesPerBatch: number(v, 'samples', defaultRates.samplesPerBatch, 1, 500),
    decisionsS: number(v, 'decisions-s', defaultRates.decisionsS, 0, 86_400),
    actionsS: number(v, 'actions-s', defaultRates.actionsS, 0, 86_400),
  }
  const processes = number(v, 'processes', 2, 1, 64)
  const concurrency = number(v, 'connect-concurrency', 25, 1, 1000)
  const reportS = number(v, 'report-s', 5, 1, 3600)
  const prefix = v['hostname-prefix'] ?? 'sim'
  if (!/^[a-z0-9][a-z0-9.-]{0,40}$/i.test(prefix)) fail('--hostname-prefix: letters, digits, dots and dashes, at most 41')
  const file = v.credentials ?? 'fleet-sim-credentials.json'

  // Credentials from earlier runs are reused (the same hosts); the rest are enrolled now.
  const saved: string[] = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { credentials: string[] }).credentials : []
  if (saved.length < n) {
    if (!v['enroll-token']) fail(`--enroll-token is required to enroll ${n - saved.length} more agents (${file} holds ${saved.length})`)
    process.stdout.write(`enrolling ${n - saved.length} agents (the API allows 60 a minute per address)…\n`)
    for (let i = saved.length; i < n; i++) {
      saved.push(await enrollOne(base, v['enroll-token'], `${prefix}-${i}`))
      writeFileSync(file, JSON.stringify({ url: base, credentials: saved }), { mode: 0o600 })
    }
  }
  const agents: SimAgentSpec[] = saved.slice(0, n).map((credential, index) => ({ index, hostname: `${prefix}-${index}`, credential }))
  const fleet = await Fleet.start({ url: `${base.replace(/^http/, 'ws')}/api/v1/agent/ws`, agents, rates, processes })
  await fleet.mark('connected')
  const t0 = Date.now()
  fleet.connect({ concurrency })
  const timer = setInterval(() => {
    const s = fleet.stats()
    process.stdout.write(
      `${Math.round((Date.now() - t0) / 1000)} s: ${fleet.count('connected')}/${n} got a desired state, ${s.open} open, ${s.closes} closes; events sent ${s.eventsSent}, acked ${s.eventsAcked}, unacked ${s.unacked}; refusals ${JSON.stringify(s.refused)}; invalid frames ${s.invalidFrames}\n`,
    )
  }, reportS * 1000)
  const stop = () => {
    clearInterval(timer)
    void fleet.stop().then(() => process.exit(0))
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
}

main().catch((err: unknown) => {
  process.stderr.write(`fleet-sim: ${err instanceof Error ? err.message : String(err)}\n`)
  process.exit(1)
})
