import { durationProblem, toSeconds, type Rule } from '@smartcloudops/shared'
import type { Schemas } from '../../../api-client/client'
import { call, type Api } from '../api'
import { CliError, exitCodes } from '../exit-codes'
import { table } from '../output'

type Replay = Schemas['RulesetReplay']

/** The longest `--since` the control plane replays (POST /rulesets/replay takes at most 7 days). */
const MAX_SINCE_S = 7 * 86_400

/** `--since 24h` → seconds; 0 means "no replay" where the replay is optional (diff, apply). */
export function sinceSeconds(v: string | undefined, fallback = '24h'): number {
  const text = v ?? fallback
  const d = /^[0-9]+(\.[0-9]+)?$/.test(text) ? Number(text) : text
  const problem = durationProblem(d, MAX_SINCE_S)
  if (problem) throw new CliError(exitCodes.usage, `--since ${problem}, e.g. --since 24h`)
  return toSeconds(d)
}

/** Replays `rules` over the last `seconds` beside the current ruleset (baseline). */
export function replayCall(api: Api, rules: Rule[], seconds: number, selector?: string): Promise<Replay> {
  const from = new Date(Date.now() - seconds * 1000).toISOString()
  return call(api, 'replay', api.client.POST('/api/v1/rulesets/replay', { body: { rules, from, baseline: true, limit: 20, ...(selector ? { selector } : {}) } }))
}

const suppressed = (s: Record<string, number>) =>
  Object.entries(s)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${k} ${n}`)
    .join(', ') || '-'

/** The what-if table: per rule, what the file and the current ruleset would have done, and what ran. */
export function replaySummary(r: Replay, label: string): string {
  const secs = (r.duration_ms / 1000).toFixed(1)
  const head = `${label} ${r.range.from} … ${r.range.to}: ${r.hosts_with_samples} of ${r.hosts_matched} hosts had samples, ${r.samples} samples replayed in ${secs} s\n`
  const rows = r.rules
    .filter((x) => x.fired + x.ran + (x.current?.fired ?? 0) > 0 || x.in_ruleset)
    .map((x) => [x.rule + (x.in_ruleset ? '' : ' (not in file)'), x.would_act, x.current?.would_act, x.would_actions, x.ran, x.both, x.would_only, x.ran_only, suppressed(x.suppressed)])
  // Firings (a rule acting once) and actions (each of its actions) are counted apart: the comparison is per action.
  const body = table(rows, ['RULE', 'FILE FIRES', 'CURRENT FIRES', 'FILE ACTIONS', 'RAN', 'BOTH', 'FILE ONLY', 'RAN ONLY', 'FILE SUPPRESSED BY'])
  const totals = `totals: the file would act ${r.totals.would_act} times, the current ruleset ${r.totals.current_would_act ?? '-'}; ${r.totals.ran ?? 'too many to count'} actions ran\n`
  const first = r.comparison.would_fire_not_run.items.slice(0, 5).map((w) => `  ${w.ts}  ${w.hostname}  ${w.rule}  ${w.action}`)
  const more = first.length ? `first actions the file would take that did not run (${r.comparison.would_fire_not_run.total}):\n${first.join('\n')}\n` : ''
  return head + body + totals + more + `not replayed: ${r.assumptions.join('; ')}\n`
}

/**
 * The replay beside a plan (`rules diff`, `rules apply`): informational, so a control plane that
 * cannot answer it (an older version, a range too large) gets a line saying why, not a failed plan.
 */
export async function replayForPlan(api: Api, rules: Rule[], seconds: number): Promise<{ text: string; data: Replay | null; error?: string }> {
  if (seconds === 0) return { text: '', data: null }
  try {
    const data = await replayCall(api, rules, seconds)
    return { text: replaySummary(data, 'what-if over'), data }
  } catch (err) {
    if (!(err instanceof CliError) || err.exitCode === exitCodes.usage) throw err
    return { text: `what-if replay not available: ${err.message}\n`, data: null, error: err.message }
  }
}
