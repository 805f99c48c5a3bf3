/**
 * Fleet fan-out at scale: N simulated agents (the fleet simulator, several processes) against the
 * control plane as its own process on PostgreSQL, and against a bare `ws` server (raw-server.ts)
 * in the same run, the same way. Printed side by side with their ratio:
 *   - whole fleet connected: connect (25 at a time per simulator process) → every agent holds its
 *     first desired state;
 *   - fleet pause → 99% acknowledged: POST /remediation/disable (raw: one broadcast) → 99% of the
 *     agents hold the paused snapshot and sent its ack; and until the server recorded 99% of them;
 *   - after a restart: the control plane is stopped (SIGTERM) and started again; agents reconnect
 *     with the real agent's jittered backoff; time until every agent holds a snapshot of the new
 *     process.
 * Every child process gets its descriptor limit raised to the hard limit (10,000 sockets in one
 * process need more than the usual 1,024).
 *
 *   pnpm bench:fanout                       # N = 10000, temporary PostgreSQL cluster
 *   BENCH_AGENTS=1000,10000 BENCH_SIM_PROCESSES=4 pnpm bench:fanout
 *   DATABASE_URL=postgres://… pnpm bench:fanout
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { once } from 'node:events'
import postgres from 'postgres'
import { freePort, startTempPostgres, type TempPostgres } from '@smartcloudops/test-support'
import { Fleet, quantileMs } from '../support/fleet-sim/fleet'
import { quietRates, type SimAgentSpec } from '../support/fleet-sim/options'
import { spawnNodeWithFdLimit } from '../support/fleet-sim/spawn-limited'
import { cpuSeconds, peakRssMiB, startControlPlane, stopChild } from '../support/control-plane'
import { seedFleet } from '../support/fleet-sim/seed'

const SIZES = (process.env.BENCH_AGENTS ?? '10000').split(',').map(Number)
const PROCESSES = Number(process.env.BENCH_SIM_PROCESSES ?? 4)
const CONCURRENCY = Number(process.env.BENCH_CONNECT_CONCURRENCY ?? 25)
const TIMEOUT_MS = Number(process.env.BENCH_TIMEOUT_MS ?? 180_000)
/** Extra node flags for the control-plane process, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` (space-separated). */
const CP_NODE_FLAGS = (process.env.BENCH_CP_NODE_FLAGS ?? '').split(' ').filter(Boolean)
const here = fileURLToPath(new URL('.', import.meta.url))
const resultsDir = join(here, '..', 'results')
const logFile = join(resultsDir, 'fanout-control-plane.log')

const round = (x: number, d = 0) => (Number.isFinite(x) ? Number(x.toFixed(d)) : null)
const now = () => performance.timeOrigin + performance.now()

/** The reference: the same fleet against a bare ws server. */
async function runRaw(agents: SimAgentSpec[]) {
  const n = agents.length
  const server = spawnNodeWithFdLimit(['--import', 'tsx', join(here, 'raw-server.ts')])
  const [{ port }] = (await once(server, 'message')) as [{ port: number }]
  const fleet = await Fleet.start({ url: `ws://127.0.0.1:${port}/`, agents, rates: quietRates, processes: PROCESSES })
  try {
    await fleet.mark('first')
    const c0 = now()
    fleet.connect({ concurrency: CONCURRENCY })
    await fleet.waitMark('first', n, TIMEOUT_MS)
    const connectMs = now() - c0
    await fleet.mark('paused', { mode: 'paused' })
    const t0 = now()
    server.send({ cmd: 'broadcast' })
    await fleet.waitMark('paused', n, TIMEOUT_MS)
    const times = await fleet.collect('paused')
    return { connect_ms: connectMs, ack99_ms: quantileMs(times, n, 0.99, t0), ack100_ms: quantileMs(times, n, 1, t0), rss_mib: peakRssMiB(server.pid) }
  } finally {
    await fleet.stop()
    await stopChild(server)
  }
}

async function runScops(databaseUrl: string, agents: SimAgentSpec[]) {
  const n = agents.length
  const port = await freePort()
  const adminToken = `scops_adm_${'b'.repeat(40)}`
  let cp = await startControlPlane({ databaseUrl, port, adminToken, logFile, nodeFlags: CP_NODE_FLAGS })
  const fleet = await Fleet.start({ url: `ws://127.0.0.1:${port}/api/v1/agent/ws`, agents, rates: quietRates, processes: PROCESSES })
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} })
  try {
    await fleet.mark('first')
    const c0 = now()
    fleet.connect({ concurrency: CONCURRENCY })
    await fleet.waitMark('first', n, TIMEOUT_MS)
    const connectMs = now() - c0

    await fleet.mark('paused', { mode: 'paused' })
    const t0 = now()
    const res = await fetch(`http://127.0.0.1:${port}/api/v1/remediation/disable`, {
      method: 'POST',
      headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ reason: 'fan-out benchmark' }),
    })
    if (res.status !== 201) throw new Error(`disable answered ${res.status}: ${await res.text()}`)
    const apiMs = now() - t0
    await fleet.waitMark('paused', Math.ceil(n * 0.99), TIMEOUT_MS).catch(async (err: Error) => {
      const revs = await sql`select desired_revision, applied_revision, connection_state, count(*)::int as n from hosts group by 1, 2, 3 order by 4 desc limit 10`
      throw new Error(`${err.message}; paused ${fleet.count('paused')}, fleet ${JSON.stringify(fleet.stats())}, hosts ${JSON.stringify(revs)}`)
    })
    await fleet.waitMark('paused', n, TIMEOUT_MS).catch(() => {})
    const times = await fleet.collect('paused')
    // Server side: the acks of the paused snapshot recorded in the database (a benchmark may poll).
    let recordedMs = NaN
    for (;;) {
      const [row] = await sql<{ n: number }[]>`select count(*)::int as n from hosts where applied_revision = desired_revision and desired_revision > 0 and decommissioned_at is null`
      if (row!.n >= Math.ceil(n * 0.99)) {
        recordedMs = now() - t0
        break
      }
      if (now() - t0 > TIMEOUT_MS) break
      await new Promise((r) => setTimeout(r, 20))
    }
    const rssBefore = peakRssMiB(cp.pid)

    // A control-plane restart: every agent reconnects with its jittered backoff.
    await fleet.mark('reconnected', { newConnection: true })
    const k0 = now()
    await stopChild(cp)
    const stopMs = now() - k0
    cp = await startControlPlane({ databaseUrl, port, adminToken, logFile, nodeFlags: CP_NODE_FLAGS })
    const readyMs = now() - k0
    // CPU the new process used until it answered: far below the wall time = starved by the storm.
    const readyCpuS = cpuSeconds(cp.pid)
    await fleet.waitMark('reconnected', n, TIMEOUT_MS).catch(() => {})
    const reconnected = await fleet.collect('reconnected')
    const stats = fleet.stats()
    return {
      connect_ms: connectMs,
      api_ms: apiMs,
      ack99_ms: quantileMs(times, n, 0.99, t0),
      ack100_ms: quantileMs(times, n, 1, t0),
      recorded99_ms: recordedMs,
      restart_stop_ms: stopMs,
      restart_ready_ms: readyMs,
      restart_ready_cpu_s: readyCpuS,
      restart_all_ms: quantileMs(reconnected, n, 1, k0),
      restart_99_ms: quantileMs(reconnected, n, 0.99, k0),
      rss_mib: Math.max(rssBefore ?? 0, peakRssMiB(cp.pid) ?? 0),
      invalid_frames: stats.invalidFrames,
      refused: stats.refused,
      throttled: stats.throttled,
    }
  } finally {
    await fleet.stop()
    await sql.end({ timeout: 1 })
    await stopChild(cp)
  }
}

async function main() {
  mkdirSync(resultsDir, { recursive: true })
  writeFileSync(logFile, '')
  let temp: TempPostgres | undefined
  let adminUrl = process.env.DATABASE_URL
  if (!adminUrl) {
    temp = await startTempPostgres()
    adminUrl = temp.url
  }
  const results = []
  try {
    for (const n of SIZES) {
      const { url, agents, drop } = await seedFleet(adminUrl, n)
      try {
        const raw = await runRaw(agents)
        const scops = await runScops(url, agents)
        results.push({ agents: n, processes: PROCESSES, connect_concurrency: CONCURRENCY * PROCESSES, raw, scops })
      } finally {
        await drop()
      }
    }
  } finally {
    await temp?.stop()
  }
  console.log('\nFleet fan-out: control plane (own process, PostgreSQL) beside a bare ws server, same fleet, same run\n')
  console.log('| agents | measure | control plane | raw ws | ratio | goal |')
  console.log('|---:|---|---:|---:|---:|---|')
  for (const r of results) {
    const row = (what: string, a: number, b: number | undefined, goal: string) =>
      console.log(`| ${r.agents} | ${what} | ${round(a / 1000, 2)} s | ${b === undefined ? '—' : `${round(b / 1000, 2)} s`} | ${b === undefined ? '—' : round(a / b, 2)} | ${goal} |`)
    row('whole fleet connected (hello → first desired state)', r.scops.connect_ms, r.raw.connect_ms, '≤ 3×')
    row('fleet pause → 99% acknowledged', r.scops.ack99_ms, r.raw.ack99_ms, '≤ 2×')
    row('fleet pause → 100% acknowledged', r.scops.ack100_ms, r.raw.ack100_ms, '')
    row('fleet pause → 99% acks recorded by the server', r.scops.recorded99_ms, undefined, '')
    row('restart → every agent holds a snapshot of the new process', r.scops.restart_all_ms, undefined, '≤ 30 s')
    console.log(
      `| ${r.agents} | peak RSS | ${r.scops.rss_mib} MiB | ${r.raw.rss_mib} MiB | — | < 1 GiB | (pause API call ${round(r.scops.api_ms)} ms; restart: stopped after ${round(r.scops.restart_stop_ms / 1000, 2)} s, answering again after ${round(r.scops.restart_ready_ms / 1000, 2)} s having used ${r.scops.restart_ready_cpu_s} s of CPU; upgrades answered 503 + Retry-After ${r.scops.throttled}; invalid frames ${r.scops.invalid_frames}; refusals ${JSON.stringify(r.scops.refused)})`,
    )
  }
  writeFileSync(join(resultsDir, 'fanout.json'), JSON.stringify({ node: process.version, results }, null, 2))
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
