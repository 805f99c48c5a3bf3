import { readFileSync } from 'node:fs'
import type { Rule } from '@smartcloudops/shared'
import { parseRules } from '@smartcloudops/shared/rules/yaml'
import { diffRulesets, type RulesetDiff } from '../../../fleet/ruleset-diff'
import { call, type Api } from '../api'
import { CliError, exitCodes } from '../exit-codes'
import type { Out } from '../output'
import { replayCall, replayForPlan, replaySummary, sinceSeconds } from './replay'

export async function exportRules(api: Api, out: Out, o: { version?: number }): Promise<void> {
  const query = { ...(o.version ? { version: o.version } : {}), format: out.json ? ('json' as const) : ('yaml' as const) }
  const text = await call(api, 'rules export', api.client.GET('/api/v1/rulesets/export', { params: { query }, parseAs: 'text' }).then((r) => ({ ...r, data: r.data === undefined ? undefined : { data: r.data as string } })))
  out.write(text.endsWith('\n') ? text : text + '\n')
}

function readRulesFile(path: string | undefined): Rule[] {
  if (!path) throw new CliError(exitCodes.usage, 'name a rules file, e.g. scops rules diff rules.yaml')
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (err) {
    throw new CliError(exitCodes.usage, `cannot read ${path}: ${(err as Error).message}`)
  }
  const parsed = parseRules(text, { format: /\.json$/i.test(path) ? 'json' : 'yaml' })
  if (!parsed.ok) {
    throw new CliError(exitCodes.usage, `${path} is not a valid rules file:\n${parsed.errors.slice(0, 10).map((e) => `  ${path}${e.line ? `:${e.line}` : ''} ${e.path}: ${e.message}`).join('\n')}`)
  }
  return parsed.rules
}

async function current(api: Api) {
  const list = await call(api, 'rulesets', api.client.GET('/api/v1/rulesets', { params: { query: { limit: 1 } } }))
  return call(api, 'current ruleset', api.client.GET('/api/v1/rulesets/{version}', { params: { path: { version: list.current_version } } }))
}

function plan(d: RulesetDiff): string {
  const lines = [
    ...d.added.map((r) => `+ ${r.name}  (new rule)`),
    ...d.removed.map((r) => `- ${r.name}  (removed)`),
    ...d.changed.map((c) => `~ ${c.name}  (${c.fields.join(', ')})`),
  ]
  return lines.join('\n') + '\n'
}

const changes = (d: RulesetDiff) => d.added.length + d.removed.length + d.changed.length

/**
 * What `rules apply` would change, and what the file would have done over the last `since`
 * (default 24h, `--since 0` skips it) beside the current ruleset. Exit 0 when the file equals the
 * current ruleset, 10 when not.
 */
export async function diffRules(api: Api, out: Out, path: string | undefined, o: { since?: string } = {}): Promise<number> {
  const rules = readRulesFile(path)
  const seconds = sinceSeconds(o.since)
  const cur = await current(api)
  const d = diffRulesets(cur.rules as Rule[], rules)
  const whatIf = changes(d) === 0 ? { text: '', data: null } : await replayForPlan(api, rules, seconds)
  if (out.json) out.write(JSON.stringify({ current_version: cur.version, ...d, replay: whatIf.data }, null, 2) + '\n')
  else if (changes(d) === 0) out.write(`no changes: ${path} matches ruleset version ${cur.version}\n`)
  else out.write(`against ruleset version ${cur.version}:\n${plan(d)}${d.unchanged.length} rule(s) unchanged\n${whatIf.text}`)
  return changes(d) === 0 ? exitCodes.ok : exitCodes.differs
}

/**
 * Prints the plan (the diff and the what-if replay), then makes a new ruleset version from the
 * file, only if the current version is still the one the plan was made against. A file that
 * changes nothing makes no version.
 */
export async function applyRules(api: Api, out: Out, path: string | undefined, o: { message?: string; since?: string }): Promise<void> {
  const rules = readRulesFile(path)
  const seconds = sinceSeconds(o.since)
  const cur = await current(api)
  const d = diffRulesets(cur.rules as Rule[], rules)
  if (changes(d) === 0) {
    if (out.json) return out.write(JSON.stringify({ version: cur.version, changed: false }, null, 2) + '\n')
    out.write(`no changes: ${path} matches ruleset version ${cur.version}; no new version made\n`)
    return
  }
  const whatIf = await replayForPlan(api, rules, seconds)
  if (!out.json) out.write(`plan against ruleset version ${cur.version}:\n${plan(d)}${whatIf.text}`)
  const res = await call(
    api,
    'rules apply',
    api.client.PUT('/api/v1/rulesets', { body: { rules, message: o.message ?? `applied ${path} with scops`, expected_version: cur.version } }),
  )
  if (out.json) return out.write(JSON.stringify({ ...res, replay: whatIf.data }, null, 2) + '\n')
  out.write(`applied: ruleset version ${res.version} (was ${cur.version}); agents receive it now\n`)
}

/** `scops rules replay rules.yaml --since 24h`: what the file would have done, beside the current ruleset and what ran. */
export async function replayRulesFile(api: Api, out: Out, path: string | undefined, o: { since?: string; selector?: string }): Promise<void> {
  const rules = readRulesFile(path)
  const seconds = sinceSeconds(o.since)
  if (seconds === 0) throw new CliError(exitCodes.usage, '--since must be longer than 0 for a replay, e.g. --since 24h')
  const r = await replayCall(api, rules, seconds, o.selector)
  out.write(out.json ? JSON.stringify(r, null, 2) + '\n' : replaySummary(r, `replay of ${path} over`))
}
