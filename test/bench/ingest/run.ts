/**
 * Ingest rate: metrics batches (10 samples each) from 50 agents over real WebSockets into the
 * control plane (its own process, PostgreSQL), each agent keeping a few batches in flight and
 * sending the next on each ack — beside the same rows written straight into metric_samples by one
 * `INSERT … SELECT unnest(…)` per batch, from 50 concurrent writers on a pool of 10 (the control
 * plane's pool), in the same run. Printed: batches/s of both and their ratio.
 *
 *   pnpm bench:ingest                   # temporary PostgreSQL cluster
 *   BENCH_INGEST_AGENTS=50 BENCH_INGEST_SECONDS=10 BENCH_INGEST_WINDOW=4 pnpm bench:ingest
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import postgres from 'postgres'
import WebSocket from 'ws'
import { decodeServerMessage, encodeAgentMessage } from '@smartcloudops/shared/protocol/codec'
import { newMessageId } from '@smartcloudops/shared/protocol/id'
import { freePort, startTempPostgres, type TempPostgres } from '@smartcloudops/test-support'
import { pgArrayLiteral } from '@smartcloudops/control-plane/db/array-literal'
import { startControlPlane, stopChild } from '../support/control-plane'
import { seedFleet } from '../support/fleet-sim/seed'
import type { SimAgentSpec } from '../support/fleet-sim/options'

const AGENTS = Number(process.env.BENCH_INGEST_AGENTS ?? 50)
const SECONDS = Number(process.env.BENCH_INGEST_SECONDS ?? 10)
const WINDOW = Number(process.env.BENCH_INGEST_WINDOW ?? 4)
const SAMPLES = 10
const here = fileURLToPath(new URL('.', import.meta.url))
const resultsDir = join(here, '..', 'results')

let clock = Date.UTC(2026, 11, 1)
function samples(i: number) {
  return Array.from({ length: SAMPLES }, (_, k) => ({ ts: (clock += 1), metrics: { cpu_percent: (i + k) % 100, memory_percent: 42, ml_anomaly_score: 0.12, ml_confidence: 0.9 } }))
}

/** 50 agents, each with WINDOW batches in flight; counts acknowledged batches over SECONDS (after a 2 s warm-up). */
async function gateway(url: string, agents: SimAgentSpec[]): Promise<{ batches_per_s: number; acked: number; errors: number }> {
  let counting = false
  let acked = 0
  let errors = 0
  let stop = false
  const sockets = await Promise.all(
    agents.map(
      (a) =>
        new Promise<WebSocket>((resolve, reject) => {
          const ws = new WebSocket(url, { headers: { authorization: `Bearer ${a.credential}` }, perMessageDeflate: false })
          const sendOne = () => {
            if (!stop) ws.send(encodeAgentMessage('metrics.batch', { samples: samples(a.index) }, { id: newMessageId() }))
          }
          ws.on('message', (data) => {
            const d = decodeServerMessage(data as Buffer, { maxBytes: 16 * 1024 * 1024 })
            if (!d.ok) return
            if (d.message.type === 'desired_state') {
              ws.send(encodeAgentMessage('desired_state.ack', { revision: d.message.payload.revision, ruleset_version: d.message.payload.ruleset.version, applied: true }))
              resolve(ws)
              for (let k = 0; k < WINDOW; k++) sendOne()
            } else if (d.message.type === 'ack') {
              if (counting) acked += d.message.payload.ids.length
              sendOne()
            } else if (d.message.type === 'error') {
              errors++
              sendOne()
            }
          })
          ws.once('open', () =>
            ws.send(
              encodeAgentMessage('hello', {
                agent_version: 'bench',
                protocol_versions: [1],
                hostname: a.hostname,
                labels: {},
                capabilities: { actions: [], collectors: [] },
                facts: { os: 'linux', arch: 'x64', kernel: 'bench', cpus: 1, memory_bytes: 1 },
                monitoring: true,
              }),
            ),
          )
          ws.once('error', reject)
        }),
    ),
  )
  await new Promise((r) => setTimeout(r, 2000))
  counting = true
  const t0 = performance.now()
  await new Promise((r) => setTimeout(r, SECONDS * 1000))
  const s = (performance.now() - t0) / 1000
  const n = acked
  stop = true
  counting = false
  for (const ws of sockets) ws.terminate()
  return { batches_per_s: Math.round(n / s), acked: n, errors }
}

/** The same rows, one `INSERT … SELECT unnest(…)` per batch, 50 concurrent writers on a pool of 10. */
async function rawUnnest(url: string, agents: SimAgentSpec[], hostIds: string[]): Promise<{ batches_per_s: number; batches: number }> {
  const sql = postgres(url, { max: 10, onnotice: () => {} })
  let counting = false
  let stop = false
  let n = 0
  const writer = async (i: number) => {
    while (!stop) {
      const rows = samples(i)
      await sql.unsafe(
        `insert into metric_samples (host_id, ts, metrics, anomaly_score, confidence)
         select $1, u.ts, u.metrics::jsonb, u.score, u.confidence
         from unnest($2::text::timestamptz[], $3::text::text[], $4::text::float8[], $5::text::float8[]) as u(ts, metrics, score, confidence)`,
        [
          hostIds[i]!,
          pgArrayLiteral(rows.map((r) => new Date(r.ts).toISOString())),
          pgArrayLiteral(rows.map((r) => JSON.stringify(r.metrics))),
          pgArrayLiteral(rows.map((r) => r.metrics.ml_anomaly_score)),
          pgArrayLiteral(rows.map((r) => r.metrics.ml_confidence)),
        ],
      )
      if (counting) n++
    }
  }
  const running = agents.map((_, i) => writer(i))
  await new Promise((r) => setTimeout(r, 2000))
  counting = true
  const t0 = performance.now()
  await new Promise((r) => setTimeout(r, SECONDS * 1000))
  const s = (performance.now() - t0) / 1000
  const count = n
  stop = true
  await Promise.all(running)
  await sql.end({ timeout: 1 })
  return { batches_per_s: Math.round(count / s), batches: count }
}

async function main() {
  mkdirSync(resultsDir, { recursive: true })
  const logFile = join(resultsDir, 'ingest-control-plane.log')
  writeFileSync(logFile, '')
  let temp: TempPostgres | undefined
  let adminUrl = process.env.DATABASE_URL
  if (!adminUrl) {
    temp = await startTempPostgres()
    adminUrl = temp.url
  }
  try {
    const { url, agents, drop } = await seedFleet(adminUrl, AGENTS)
    try {
      const sql = postgres(url, { max: 1, onnotice: () => {} })
      const hostIds = (await sql<{ id: string }[]>`select id from hosts order by hostname`).map((r) => r.id)
      const byName = new Map((await sql<{ id: string; hostname: string }[]>`select id, hostname from hosts`).map((r) => [r.hostname, r.id]))
      await sql.end({ timeout: 1 })
      const ordered = agents.map((a) => byName.get(a.hostname) ?? hostIds[a.index]!)
      const reference = await rawUnnest(url, agents, ordered)
      const port = await freePort()
      const cp = await startControlPlane({ databaseUrl: url, port, adminToken: `scops_adm_${'i'.repeat(40)}`, logFile })
      let scops
      try {
        scops = await gateway(`ws://127.0.0.1:${port}/api/v1/agent/ws`, agents)
      } finally {
        await stopChild(cp)
      }
      const ratio = Number((scops.batches_per_s / reference.batches_per_s).toFixed(2))
      console.log(`\nIngest: metrics batches of ${SAMPLES} samples from ${AGENTS} agents (${WINDOW} in flight each), ${SECONDS} s, PostgreSQL\n`)
      console.log('| path | batches/s | ratio to unnest | goal |')
      console.log('|---|---:|---:|---|')
      console.log(`| control plane: WebSocket → stored once → ack | ${scops.batches_per_s} | ${ratio} | ≥ 0.5 |`)
      console.log(`| reference: one INSERT … SELECT unnest(…) per batch, 50 writers, pool 10 | ${reference.batches_per_s} | 1 | |`)
      console.log(`(server errors answered: ${scops.errors})`)
      writeFileSync(join(resultsDir, 'ingest.json'), JSON.stringify({ node: process.version, agents: AGENTS, seconds: SECONDS, window: WINDOW, samples: SAMPLES, scops, reference, ratio }, null, 2))
    } finally {
      await drop()
    }
  } finally {
    await temp?.stop()
  }
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
