import type { ActionSpec, Rule } from '@smartcloudops/shared'
import type { Database } from '../../db/client'
import { listHosts } from '../../db/queries/hosts'
import { countSamplesByHost, listOverridesDuring, listRanActions } from '../../db/queries/replay'
import { badRequest } from '../../http/errors'
import { requirementsMatch } from '../selector'
import { compareHost, type Ran, type WouldAct } from './compare'
import { OverrideTimeline } from './override-timeline'
import { freshCounts, metricsRead, replayHost, type EngineRun, type RuleCounts } from './replay-host'
import type { ReplayPlan } from './replay-request'
import { simulateBudgets, type SimRequest } from './budget-simulation'
import { isDisruptive } from '@smartcloudops/shared/actions/disruptive'
import { listBudgets } from '../../db/queries/budgets'
import { selectorMatchesLabels } from '@smartcloudops/shared/label-selector'
import { requirementsOf } from '../permits/decide'

/** Past this many samples a replay is refused up front (about 7 days of 30 s samples on 100 hosts). */
export const MAX_REPLAY_SAMPLES = 2_000_000
/** Stored actions read for the comparison; beyond it the comparison says it is incomplete. */
const MAX_RAN_ACTIONS = 200_000
const CHUNK = 2000

/**
 * What the control plane cannot know about the past, and so does not replay: said in every
 * answer, so nobody mistakes the replay for a recording.
 */
export const replayAssumptions = [
  'engine state starts fresh at `from`: cooldowns, `for` streaks and max_actions counts from before the range are not carried in',
  'overrides are those in force at each sample (created, cleared and expiry times are stored); host labels are today\'s (label history is not stored)',
  'remediation is taken as enabled throughout: the history of the fleet-wide enable/disable switch is not stored',
  'hosts\' local policies live on the hosts and are not applied: a firing the policy gate would refuse is counted as acting',
  'budgets are simulated across the fleet in time order (the ones that exist now, or body.budgets): each replayed firing with a disruptive action asks a permit; a grant holds its lease for `budgets.hold_s` (default 30 s, the default action timeout: agents release when the actions return); a request a full budget refuses waits first come first served up to `budgets.wait_s` (default 30 s, the agent\'s) and counts as delayed when a lease ends within it, refused otherwise. Group sizes for max_percent are today\'s; min_healthy_percent is not simulated (host health history is not stored); a refused firing is not re-fired on the next samples (its cooldown would not start, so in reality the rule asks again); would_act counts firings before budgets, would_act_after_budgets after',
] as const

export interface ReplayInput {
  plan: ReplayPlan
  rules: Rule[]
  current: { version: number; rules: readonly Rule[] }
}

interface Bounded<T> {
  items: T[]
  total: number
}

const push = <T>(b: Bounded<T>, limit: number, item: T) => {
  b.total++
  if (b.items.length < limit) b.items.push(item)
}

const iso = (ms: number) => new Date(ms).toISOString()

function addCounts(into: RuleCounts, c: RuleCounts): void {
  into.fired += c.fired
  into.would_act += c.would_act
  into.would_actions += c.would_actions
  into.dry_run += c.dry_run
  into.alerts += c.alerts
  for (const [k, v] of Object.entries(c.suppressed)) into.suppressed[k] = (into.suppressed[k] ?? 0) + v
}

/**
 * Replays a ruleset over the stored samples of the matching hosts and compares it with what ran.
 * Hosts go one at a time, each host's samples stream in chunks (see db/queries/replay.ts), so
 * memory holds one host's firings at most; lists in the answer are cut at `limit`, totals never.
 */
export async function runReplay(database: Database, input: ReplayInput) {
  const t0 = performance.now()
  const { plan, rules, current } = input
  const db = database.db
  const { from, to } = plan.range
  const all = await listHosts(db, { includeDecommissioned: true })
  const hosts = plan.selector ? all.filter((h) => requirementsMatch(plan.selector!.requirements, h.labels)) : all
  const ids = hosts.map((h) => h.id)
  const sampleCounts = await countSamplesByHost(db, ids, from, to)
  const total = [...sampleCounts.values()].reduce((a, b) => a + b, 0)
  if (total > MAX_REPLAY_SAMPLES) {
    throw badRequest(
      'replay_too_large',
      `${total} samples in range on ${sampleCounts.size} hosts; a replay reads at most ${MAX_REPLAY_SAMPLES}: narrow the range or the selector`,
    )
  }
  const withSamples = hosts.filter((h) => (sampleCounts.get(h.id) ?? 0) > 0)
  const [overrides, ranRows] = await Promise.all([listOverridesDuring(db, from, to), listRanActions(db, ids, from, to, plan.matchWindowMs, MAX_RAN_ACTIONS)])
  const ranByHost = new Map<string, Ran[]>()
  for (const a of ranRows) {
    const ts = (a.sampleTs ?? a.startedAt).getTime()
    if (ts < from.getTime() || ts >= to.getTime()) continue
    const list = ranByHost.get(a.hostId) ?? []
    list.push({ id: a.id, rule: a.rule, action: a.type, status: a.status, ts })
    ranByHost.set(a.hostId, list)
  }
  for (const list of ranByHost.values()) list.sort((a, b) => a.ts - b.ts)

  const counts = [new Map<string, RuleCounts>(), new Map<string, RuleCounts>()]
  const compared = new Map<string, { ran: number; both: number; would_only: number; ran_only: number }>()
  const cmp = (rule: string) => {
    let c = compared.get(rule)
    if (!c) compared.set(rule, (c = { ran: 0, both: 0, would_only: 0, ran_only: 0 }))
    return c
  }
  const limit = plan.limit
  const firings: Bounded<{ host_id: string; hostname: string; rule: string; ts: string; outcome: 'execute' | 'dry_run'; actions: ActionSpec[] }> = { items: [], total: 0 }
  const both: Bounded<{ host_id: string; hostname: string; rule: string; action: string; replay_ts: string; ran_ts: string; action_id: string; status: string }> = { items: [], total: 0 }
  const wouldOnly: Bounded<{ host_id: string; hostname: string; rule: string; action: string; ts: string }> = { items: [], total: 0 }
  const ranOnly: Bounded<{ host_id: string; hostname: string; rule: string; action: string; ts: string; action_id: string; status: string }> = { items: [], total: 0 }
  const perHost: Array<{ host_id: string; hostname: string; samples: number; would_act: number; ran: number; both: number; would_only: number; ran_only: number }> = []

  const permitAsks: SimRequest[] = []
  let samples = 0
  const keys = metricsRead(plan.baseline ? [rules, current.rules] : [rules])
  // Hosts with actions but no samples in range still belong in the comparison ("ran, would not").
  const replayed = hosts.filter((h) => (sampleCounts.get(h.id) ?? 0) > 0 || ranByHost.has(h.id))
  for (const h of replayed) {
    const runs: EngineRun[] = [{ rules, state: {}, firings: [] }]
    if (plan.baseline) runs.push({ rules: current.rules, state: {}, firings: [] })
    const hostCounts = runs.map(() => new Map<string, RuleCounts>())
    const n = (sampleCounts.get(h.id) ?? 0) > 0
      ? await replayHost(db, h, { from, to }, runs, hostCounts, new OverrideTimeline(overrides, h), { chunk: CHUNK, keys, remediationEnabled: true })
      : 0
    samples += n
    hostCounts.forEach((m, i) => {
      for (const [rule, c] of m) {
        let into = counts[i]!.get(rule)
        if (!into) counts[i]!.set(rule, (into = freshCounts()))
        addCounts(into, c)
      }
    })
    const run = runs[0]!
    const would: WouldAct[] = []
    for (const f of run.firings) {
      if (f.outcome === 'execute' && f.actions.some((a) => isDisruptive(a.type))) permitAsks.push({ hostId: h.id, labels: h.labels, ts: f.ts, rule: f.rule })
      push(firings, limit, { host_id: h.id, hostname: h.hostname, rule: f.rule, ts: iso(f.ts), outcome: f.outcome, actions: f.actions })
      if (f.outcome === 'execute') for (const a of f.actions) would.push({ ts: f.ts, rule: f.rule, action: a.type })
    }
    const ran = ranByHost.get(h.id) ?? []
    const c = compareHost(would, ran, plan.matchWindowMs)
    for (const r of ran) cmp(r.rule).ran++
    for (const p of c.both) {
      cmp(p.would.rule).both++
      push(both, limit, { host_id: h.id, hostname: h.hostname, rule: p.would.rule, action: p.would.action, replay_ts: iso(p.would.ts), ran_ts: iso(p.ran.ts), action_id: p.ran.id, status: p.ran.status })
    }
    for (const w of c.wouldOnly) {
      cmp(w.rule).would_only++
      push(wouldOnly, limit, { host_id: h.id, hostname: h.hostname, rule: w.rule, action: w.action, ts: iso(w.ts) })
    }
    for (const r of c.ranOnly) {
      cmp(r.rule).ran_only++
      push(ranOnly, limit, { host_id: h.id, hostname: h.hostname, rule: r.rule, action: r.action, ts: iso(r.ts), action_id: r.id, status: r.status })
    }
    const wouldActs = run.firings.filter((f) => f.outcome === 'execute').length
    perHost.push({ host_id: h.id, hostname: h.hostname, samples: n, would_act: wouldActs, ran: ran.length, both: c.both.length, would_only: c.wouldOnly.length, ran_only: c.ranOnly.length })
  }

  const budgetSim = await replayBudgets(database, plan, all, permitAsks)

  // Every rule that is in either ruleset or that really ran, candidate's order first.
  const names = [...new Set([...rules.map((r) => r.name), ...(plan.baseline ? current.rules.map((r) => r.name) : []), ...compared.keys()])]
  const ruleRows = names.map((name) => {
    const c = counts[0]!.get(name) ?? freshCounts()
    const k = compared.get(name) ?? { ran: 0, both: 0, would_only: 0, ran_only: 0 }
    return {
      rule: name,
      in_ruleset: rules.some((r) => r.name === name),
      ...c,
      budget_delayed: budgetSim.byRule.get(name)?.delayed ?? 0,
      budget_refused: budgetSim.byRule.get(name)?.refused ?? 0,
      ...k,
      ...(plan.baseline ? { current: { in_ruleset: current.rules.some((r) => r.name === name), ...(counts[1]!.get(name) ?? freshCounts()) } } : {}),
    }
  })
  perHost.sort((a, b) => b.would_act + b.ran - (a.would_act + a.ran) || (a.hostname < b.hostname ? -1 : 1))
  const ms = performance.now() - t0
  return {
    ruleset: { source: plan.source, rules: rules.length, current_version: current.version },
    range: { from: from.toISOString(), to: to.toISOString() },
    selector: plan.selectorText,
    hosts_matched: hosts.length,
    hosts_with_samples: withSamples.length,
    samples,
    duration_ms: Math.round(ms),
    samples_per_second: ms > 0 ? Math.round((samples / ms) * 1000) : 0,
    limit,
    totals: {
      fired: ruleRows.reduce((n, r) => n + r.fired, 0),
      would_act: ruleRows.reduce((n, r) => n + r.would_act, 0),
      dry_run: ruleRows.reduce((n, r) => n + r.dry_run, 0),
      budget_delayed: budgetSim.delayed,
      budget_refused: budgetSim.refused,
      would_act_after_budgets: ruleRows.reduce((n, r) => n + r.would_act, 0) - budgetSim.refused,
      ran: ranRows.length >= MAX_RAN_ACTIONS ? null : [...ranByHost.values()].reduce((n, l) => n + l.length, 0),
      ...(plan.baseline ? { current_would_act: [...counts[1]!.values()].reduce((n, c) => n + c.would_act, 0) } : {}),
    },
    rules: ruleRows,
    budgets: budgetSim.view,
    hosts: { items: perHost.slice(0, limit), total: perHost.length },
    firings,
    comparison: {
      match_window_s: plan.matchWindowMs / 1000,
      complete: ranRows.length < MAX_RAN_ACTIONS,
      both,
      would_fire_not_run: wouldOnly,
      ran_not_would_fire: ranOnly,
    },
    assumptions: [...replayAssumptions],
  }
}
export type ReplayResult = Awaited<ReturnType<typeof runReplay>>

/** Budgets over the replayed firings (./budget-simulation.ts): per budget and per rule, refused and delayed. */
async function replayBudgets(database: Database, plan: ReplayPlan, all: Array<{ labels: Record<string, string>; decommissionedAt?: Date | null }>, asks: SimRequest[]) {
  const budgets = plan.budgets ?? (await listBudgets(database.db)).map((b) => ({ name: b.name, selector: b.selector, maxHosts: b.maxHosts, maxPercent: b.maxPercent }))
  const live = all.filter((h) => !h.decommissionedAt)
  const groupSize = (selector: string | null) => live.filter((h) => selectorMatchesLabels(requirementsOf(selector), h.labels)).length
  const outcomes = budgets.length === 0 ? [] : simulateBudgets(asks, budgets, groupSize, plan.budgetHoldMs, plan.budgetWaitMs)
  const byRule = new Map<string, { delayed: number; refused: number }>()
  const byBudget = new Map(budgets.map((b) => [b.name, { delayed: 0, refused: 0, maxDelayMs: 0 }]))
  for (const o of outcomes) {
    if (o.outcome === 'granted') continue
    const r = byRule.get(o.request.rule) ?? { delayed: 0, refused: 0 }
    byRule.set(o.request.rule, r)
    const b = byBudget.get(o.budget!)!
    if (o.outcome === 'delayed') {
      r.delayed++
      b.delayed++
      b.maxDelayMs = Math.max(b.maxDelayMs, o.delayMs)
    } else {
      r.refused++
      b.refused++
    }
  }
  const delayed = outcomes.filter((o) => o.outcome === 'delayed').length
  const refused = outcomes.filter((o) => o.outcome === 'refused').length
  return {
    byRule,
    delayed,
    refused,
    view: {
      source: plan.budgets ? ('request' as const) : ('current' as const),
      hold_s: plan.budgetHoldMs / 1000,
      wait_s: plan.budgetWaitMs / 1000,
      permit_requests: budgets.length === 0 ? 0 : asks.length,
      items: budgets.map((b) => {
        const f = byBudget.get(b.name)!
        return { name: b.name, selector: b.selector, max_hosts: b.maxHosts, max_percent: b.maxPercent, delayed: f.delayed, refused: f.refused, max_delay_s: f.maxDelayMs / 1000 }
      }),
    },
  }
}
