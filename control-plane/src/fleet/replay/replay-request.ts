import Type, { type Static } from 'typebox'
import { DurationWithin, toSeconds, type Rule } from '@smartcloudops/shared'
import { MAX_SELECTOR_CHARS } from '@smartcloudops/shared/label-selector'
import { MAX_RULES_FILE_CHARS } from '@smartcloudops/shared/rules/yaml'
import { badRequest } from '../../http/errors'
import { checkRule, checkRules, parseRulesFile } from '../rules-service'
import { parseSelector, SelectorError, type ParsedSelector } from '../selector'

/** The longest range one replay covers: a week of 30 s samples is ~20k per host. */
export const MAX_REPLAY_RANGE_MS = 7 * 86_400_000
export const MAX_REPLAY_LIMIT = 2000

export const ReplayRequest = Type.Object(
  {
    rules: Type.Optional(Type.Array(Type.Unknown(), { maxItems: 1000, description: 'a whole ruleset, as PUT /rulesets takes it' })),
    yaml: Type.Optional(Type.String({ maxLength: MAX_RULES_FILE_CHARS, description: 'a YAML rules file, as kept in git (the parser of PUT /rulesets)' })),
    change: Type.Optional(
      Type.Object(
        {
          upsert: Type.Optional(Type.Array(Type.Unknown(), { maxItems: 100, description: 'rules added to, or replacing by name, the current ruleset' })),
          remove: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { maxItems: 100, description: 'names of current rules to drop' })),
        },
        { additionalProperties: false, description: 'a change to the current ruleset' },
      ),
    ),
    from: Type.String({ format: 'date-time', description: 'start of the range (inclusive)' }),
    to: Type.Optional(Type.String({ format: 'date-time', description: 'end of the range (exclusive); default now. At most 7 days after from' })),
    selector: Type.Optional(Type.String({ maxLength: MAX_SELECTOR_CHARS, description: 'hosts to replay, Kubernetes label-selector grammar (env=prod,role in (web,api)); default every host' })),
    baseline: Type.Optional(Type.Boolean({ description: 'also replay the current ruleset over the same samples, for a per-rule comparison' })),
    match_window: Type.Optional(DurationWithin(3600)),
    limit: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_REPLAY_LIMIT, default: 200, description: 'items per list in the answer (totals are always complete)' })),
  },
  { additionalProperties: false },
)
export type ReplayRequest = Static<typeof ReplayRequest>

export interface ReplayPlan {
  source: 'rules' | 'yaml' | 'change'
  range: { from: Date; to: Date }
  selector: ParsedSelector | null
  selectorText: string | null
  baseline: boolean
  matchWindowMs: number
  limit: number
}

/** Range, selector and options, checked; every problem is a 400 that names the field. */
export function planReplay(body: ReplayRequest, now: number): ReplayPlan {
  const given = (['rules', 'yaml', 'change'] as const).filter((k) => body[k] !== undefined)
  if (given.length !== 1) {
    throw badRequest('replay_ruleset', `give exactly one of body.rules (a ruleset), body.yaml (a rules file) or body.change (a change to the current ruleset); got ${given.length ? given.join(', ') : 'none'}`)
  }
  const from = new Date(body.from)
  const to = body.to === undefined ? new Date(now) : new Date(body.to)
  if (Number.isNaN(from.getTime())) throw badRequest('invalid_range', `body.from ${JSON.stringify(body.from)} is not a date-time`)
  if (Number.isNaN(to.getTime())) throw badRequest('invalid_range', `body.to ${JSON.stringify(body.to)} is not a date-time`)
  if (to.getTime() <= from.getTime()) throw badRequest('invalid_range', `body.to (${to.toISOString()}) must be after body.from (${from.toISOString()})`)
  if (to.getTime() - from.getTime() > MAX_REPLAY_RANGE_MS) {
    throw badRequest('range_too_long', `the range ${from.toISOString()} … ${to.toISOString()} is longer than 7 days; replay it in parts`)
  }
  let selector: ParsedSelector | null = null
  if (body.selector !== undefined && body.selector.trim() !== '') {
    try {
      selector = parseSelector(body.selector)
    } catch (err) {
      if (err instanceof SelectorError) throw badRequest('invalid_selector', `body.selector: ${err.message}`)
      throw err
    }
  }
  return {
    source: given[0]!,
    range: { from, to },
    selector,
    selectorText: selector ? body.selector! : null,
    baseline: body.baseline ?? false,
    matchWindowMs: body.match_window === undefined ? 60_000 : toSeconds(body.match_window) * 1000,
    limit: body.limit ?? 200,
  }
}

/** The ruleset to replay: validated exactly as saving it would be (same messages, same 400s). */
export function replayRules(body: ReplayRequest, current: readonly Rule[]): Rule[] {
  if (body.rules !== undefined) return checkRules(body.rules, 'body')
  if (body.yaml !== undefined) return parseRulesFile(body.yaml)
  const change = body.change!
  const rules = current.map((r) => ({ ...r }))
  for (const name of change.remove ?? []) {
    const i = rules.findIndex((r) => r.name === name)
    if (i === -1) throw badRequest('unknown_rule', `body.change.remove: the current ruleset has no rule named ${JSON.stringify(name)}`)
    rules.splice(i, 1)
  }
  for (const [k, input] of (change.upsert ?? []).entries()) {
    const rule = checkRule(input, `body.change.upsert[${k}]`)
    const i = rules.findIndex((r) => r.name === rule.name)
    if (i === -1) rules.push(rule)
    else rules[i] = rule
  }
  return checkRules(rules, 'ruleset after body.change')
}
