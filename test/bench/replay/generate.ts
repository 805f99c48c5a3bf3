import type { Database } from '@smartcloudops/control-plane/db/client'
import { enrollHost } from '@smartcloudops/control-plane/db/queries/hosts'
import { ingestEvent } from '@smartcloudops/control-plane/db/queries/ingest'
import { mulberry32, type Rng } from '../rules/random'

/**
 * A fleet's stored history for the replay: `hosts` hosts, `hours` of samples every `stepMs`,
 * ending at `end`, stored through the real ingest path (metrics.batch events). Deterministic for
 * a seed. CPU idles at 20–60 % and now and then spends a few minutes above 90 (an "episode", with a high
 * anomaly score), so a rule with `for`, cooldown and max_actions has something to decide; memory
 * and disk wander.
 */
export interface FleetSpec {
  hosts: number
  hours: number
  stepMs: number
  seed: number
  end: number
}

export interface GeneratedHost {
  id: string
  hostname: string
  /** Sample times (ms) and CPU values, oldest first: what an independent computation needs. */
  ts: number[]
  cpu: number[]
}

export function cpuSeries(rng: Rng, n: number): number[] {
  const out: number[] = new Array(n)
  let base = 20 + rng() * 40
  let episode = 0
  for (let i = 0; i < n; i++) {
    if (episode === 0 && rng() < 0.01) episode = 1 + Math.floor(rng() * 40)
    base = Math.min(70, Math.max(5, base + (rng() - 0.5) * 4))
    out[i] = episode > 0 ? 90.5 + rng() * 9 : base
    if (episode > 0) episode--
  }
  return out
}

const BATCH = 1000 // the protocol's samples per metrics.batch

export async function generateFleet(database: Database, spec: FleetSpec, prefix = 'replay'): Promise<GeneratedHost[]> {
  const rng = mulberry32(spec.seed)
  const n = Math.floor((spec.hours * 3_600_000) / spec.stepMs)
  const start = spec.end - n * spec.stepMs
  const out: GeneratedHost[] = []
  for (let h = 0; h < spec.hosts; h++) {
    const host = await enrollHost(database.db, { hostname: `${prefix}-${h}`, labels: { env: h % 2 ? 'prod' : 'staging', role: 'web' } })
    const ts = Array.from({ length: n }, (_, i) => start + i * spec.stepMs)
    const cpu = cpuSeries(rng, n)
    for (let b = 0; b < n; b += BATCH) {
      const samples = []
      for (let i = b; i < Math.min(n, b + BATCH); i++) {
        const hot = cpu[i]! > 90
        samples.push({ ts: ts[i]!, metrics: { cpu_percent: cpu[i]!, memory_percent: 40 + rng() * 30, disk_percent: 50 + rng() * 10, ml_anomaly_score: hot ? 0.85 + rng() * 0.15 : rng() * 0.6, ml_confidence: 0.9 } })
      }
      await ingestEvent(database.db, host.id, `${prefix}-m-${h}-${b}`, { type: 'metrics.batch', payload: { samples } })
    }
    out.push({ id: host.id, hostname: host.hostname, ts, cpu })
  }
  return out
}
