import { setImmediate as nextTurn } from 'node:timers/promises'
import { evaluate, type ActionSpec, type EngineState, type MetricValues, type Rule } from '@smartcloudops/shared'
import type { Db } from '../../db/client'
import { streamHostSamples } from '../../db/queries/replay'
import type { OverrideTimeline } from './override-timeline'

/** What one rule did over the replay, all hosts together (the totals are exact, never truncated). */
export interface RuleCounts {
  /** Conditions held long enough (`for`), in scope and enabled: the rule fired, gates aside. */
  fired: number
  /** Passed every engine gate with the override in force `enabled`: the actions would have run. */
  would_act: number
  /** The actions those `would_act` firings would have run (a rule may have several). */
  would_actions: number
  /** Passed every gate under a dry_run override: "would have acted", nothing runs. */
  dry_run: number
  /** Refused by a gate, by the gate's name (cooldown, max_actions, override_paused, active, …). */
  suppressed: Record<string, number>
  /** max_actions stops that would have raised an alert. */
  alerts: number
}

export interface ReplayedFiring {
  ts: number
  rule: string
  outcome: 'execute' | 'dry_run'
  actions: ActionSpec[]
}

/** One ruleset being replayed on one host: its rules, the engine state carried sample to sample, what it did. */
export interface EngineRun {
  rules: readonly Rule[]
  state: EngineState
  firings: ReplayedFiring[]
}

export const freshCounts = (): RuleCounts => ({ fired: 0, would_act: 0, would_actions: 0, dry_run: 0, suppressed: {}, alerts: 0 })

/**
 * Stored metrics are schema-checked at ingest, but the replay reads whatever the table holds (an old
 * row, a hand-made import). The engine already treats a value that is not a finite number as
 * missing; a whole `metrics` that is not an object counts as a sample with nothing in it.
 */
function metricsOf(raw: unknown): MetricValues {
  return typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? (raw as MetricValues) : {}
}

/** Every metric a ruleset reads (conditions and clear): all a replay needs from a stored sample. */
export function metricsRead(rulesets: ReadonlyArray<readonly Rule[]>): string[] {
  const keys = new Set<string>()
  for (const rules of rulesets) for (const r of rules) for (const c of [...r.conditions, ...(r.clear ?? [])]) keys.add(c.metric)
  return [...keys].sort()
}

/**
 * Replays one host's stored samples in time order through the agents' engine (`evaluate`: fire,
 * the engine gates, commit), once per ruleset in `runs`, starting from a fresh engine state at the
 * start of the range. Counts go into `counts` (per run, per rule); firings that pass the gates are
 * kept on the run. Returns the number of samples read.
 */
export async function replayHost(
  db: Db,
  host: { id: string; labels: Record<string, string> },
  range: { from: Date; to: Date },
  runs: readonly EngineRun[],
  counts: ReadonlyArray<Map<string, RuleCounts>>,
  overrides: OverrideTimeline,
  opts: { chunk: number; keys: readonly string[]; remediationEnabled: boolean },
): Promise<number> {
  let n = 0
  const ctx = { host: { id: host.id, labels: host.labels }, mode: 'enabled' as const as 'enabled' | 'dry_run' | 'paused', remediationEnabled: opts.remediationEnabled }
  for await (const rows of streamHostSamples(db, host.id, range.from, range.to, opts.chunk, opts.keys)) {
    for (const row of rows) {
      const ts = row.ts.getTime()
      ctx.mode = overrides.modeAt(ts)
      const sample = { ts, metrics: metricsOf(row.metrics) }
      for (let r = 0; r < runs.length; r++) {
        const run = runs[r]!
        const res = evaluate(run.rules, run.state, sample, ts, ctx)
        run.state = res.state
        const c = counts[r]!
        for (const e of res.evaluations) {
          if (!e.fired) continue
          let rc = c.get(e.rule)
          if (!rc) c.set(e.rule, (rc = freshCounts()))
          rc.fired++
          if (e.alert) rc.alerts++
          if (e.outcome === 'execute' || e.outcome === 'dry_run') {
            if (e.outcome === 'execute') {
              rc.would_act++
              rc.would_actions += e.actions.length
            } else rc.dry_run++
            run.firings.push({ ts, rule: e.rule, outcome: e.outcome, actions: e.actions })
          } else {
            rc.suppressed[e.suppressed_by] = (rc.suppressed[e.suppressed_by] ?? 0) + 1
          }
        }
      }
    }
    n += rows.length
    // A chunk may arrive already resolved (PGlite runs in this thread): give agents' sockets,
    // heartbeats and other requests their turn between chunks, so a long replay never stalls them.
    await nextTurn()
  }
  return n
}
