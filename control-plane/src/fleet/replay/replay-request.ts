import Type, { type Static } from 'typebox'
import { DurationWithin, toSeconds, type Rule } from '@smartcloudops/shared'
import { MAX_SELECTOR_CHARS } from '@smartcloudops/shared/label-selector'
import { MAX_RULES_FILE_CHARS } from '@smartcloudops/shared/rules/yaml'
import { ApiError, badRequest } from '../../http/errors'
import { checkRule, checkRules, parseRulesFile } from '../rules-service'
import { parseSelector, SelectorError, type ParsedSelector } from '../selector'
import { budgetInput } from '../permits/views'
import type { SimBudget } from './budget-simulation'

/** The longest range one replay covers: a week of 30 s samples is ~20k per host. */
export const MAX_REPLAY_RANGE_MS = 7 * 86_400_000
export const MAX_REPLAY_LIMIT = 2000

/** A budget to simulate: POST /budgets' fields without min_healthy_percent (health history is not stored). */
const ReplayBudget = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
    selector: Type.Optional(Type.String({ minLength: 1, maxLength: MAX_SELECTOR_CHARS })),
    max_hosts: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })),
    max_percent: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 100 })),
  },
  { additionalProperties: false },
)

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
    budgets: Type.Optional(
      Type.Array(ReplayBudget, {
        maxItems: 100,
        description: 'budgets to simulate instead of the ones that exist now (as POST /budgets takes them; min_healthy_percent is not simulated). [] = none',
      }),
    ),
    budget_hold: Type.Optional(DurationWithin(3600)),
    budget_wait: Type.Optional(DurationWithin(60)),
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
  /** Budgets given in the request (checked like POST /budgets); null = the ones that exist now. */
  budgets: SimBudget[] | null
  /** How long a replayed disruptive action holds its lease (default: the action timeout's default, 30 s). */
  budgetHoldMs: number
  /** How long a replayed request waits in a full budget's queue (default: the agent's, 30 s). */
  budgetWaitMs: number
}

/** Defaults of the replayed budgets (said in the answer). */
export const DEFAULT_BUDGET_HOLD_MS = 30_000
export const DEFAULT_BUDGET_WAIT_MS = 30_000

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
    budgets: body.budgets === undefined ? null : replayBudgets(body.budgets),
    budgetHoldMs: body.budget_hold === undefined ? DEFAULT_BUDGET_HOLD_MS : toSeconds(body.budget_hold) * 1000,
    budgetWaitMs: body.budget_wait === undefined ? DEFAULT_BUDGET_WAIT_MS : toSeconds(body.budget_wait) * 1000,
  }
}

function replayBudgets(list: NonNullable<ReplayRequest['budgets']>): SimBudget[] {
  const names = new Set<string>()
  return list.map((b, i) => {
    if (names.has(b.name)) throw badRequest('invalid_budget', `body.budgets[${i}].name: ${JSON.stringify(b.name)} is given twice`)
    names.add(b.name)
    try {
      const input = budgetInput(b)
      return { name: input.name, selector: input.selector, maxHosts: input.maxHosts, maxPercent: input.maxPercent }
    } catch (err) {
      if (err instanceof ApiError) throw badRequest(err.code, `body.budgets[${i}].${err.message}`)
      throw err
    }
  })
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
