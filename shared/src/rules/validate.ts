import { Value } from 'typebox/value'
import { formatDuration } from './explain'
import { type Condition, Rule } from './schema'
import { checkAction } from './validate-actions'
import { checkEscalation } from './validate-escalation'
import { checkClearMakesSense, checkCondition, checkSatisfiable } from './validate-conditions'
import {
  type PathedError,
  type Segment,
  checkDuration,
  checkKnownKeys,
  formatPath,
  isInteger,
  isPlainObject,
  show,
} from './validate-util'

/**
 * Validation on save, with messages that name the problem and the field: the time to learn that a
 * rule says `cpu_pct` is when it is written, not at 3 a.m. when it should have fired. Accepts what
 * people write in YAML (an action as a bare name, `for: 5m`) and returns the rule normalized.
 */

export interface RuleError {
  path: string
  message: string
}
export type ValidateRuleResult = { ok: true; rule: Rule } | { ok: false; errors: RuleError[] }
export type ValidateRulesetResult = { ok: true; rules: Rule[] } | { ok: false; errors: RuleError[] }

const RULE_FIELDS = [
  'name',
  'description',
  'priority',
  'conditions',
  'actions',
  'cooldown',
  'enabled',
  'for',
  'clear',
  'max_actions',
  'reset_after',
  'scope',
  'escalation',
] as const

const NAME_RE = /^[A-Za-z0-9][A-Za-z0-9 _.()-]*$/
const LABEL_KEY_RE = /^[A-Za-z0-9][A-Za-z0-9_./-]*$/
const MAX_RULES = 1000

function checkConditionList(input: unknown, at: Segment[], what: string, errs: PathedError[]): Condition[] | null {
  if (!Array.isArray(input)) {
    errs.push({ at, message: `${what} must be a list of conditions, got ${show(input)}` })
    return null
  }
  if (input.length === 0) {
    errs.push({ at, message: `${what} must have at least one condition` })
    return null
  }
  if (input.length > 32) {
    errs.push({ at, message: `${what} may have at most 32 conditions, got ${input.length}` })
    return null
  }
  const out = input.map((c, i) => checkCondition(c, [...at, i], errs))
  return out.every((c): c is Condition => c !== null) ? out : null
}

/** Internal: segments instead of formatted paths, for the YAML reader's line numbers. */
export function checkRule(input: unknown, at: Segment[], errs: PathedError[]): Rule | null {
  if (!isPlainObject(input)) {
    errs.push({ at, message: `a rule must be an object with name, conditions, actions, priority and cooldown, got ${show(input)}` })
    return null
  }
  const before = errs.length
  checkKnownKeys(input, RULE_FIELDS, at, 'a rule', errs)
  const p = (k: string): Segment[] => [...at, k]

  const name = input.name
  if (name === undefined) errs.push({ at: p('name'), message: 'a rule needs a name' })
  else if (typeof name !== 'string') errs.push({ at: p('name'), message: `name must be a string, got ${show(name)}` })
  else if (name.length === 0 || name.length > 100) errs.push({ at: p('name'), message: `name must be 1-100 characters, got ${name.length}` })
  else if (!NAME_RE.test(name)) {
    errs.push({ at: p('name'), message: `name ${show(name)} must start with a letter or digit and use only letters, digits, spaces and _ . ( ) -` })
  }

  const description = input.description
  if (description !== undefined && (typeof description !== 'string' || description.length > 2000)) {
    errs.push({ at: p('description'), message: `description must be a string of up to 2000 characters, got ${show(description)}` })
  }

  const priority = input.priority
  if (priority === undefined) errs.push({ at: p('priority'), message: 'a rule needs a priority (0 = most urgent, up to 1000)' })
  else if (!isInteger(priority, 0, 1000)) {
    errs.push({ at: p('priority'), message: `priority must be an integer from 0 (most urgent) to 1000, got ${show(priority)}` })
  }

  const conditions = input.conditions === undefined
    ? (errs.push({ at: p('conditions'), message: 'a rule needs conditions (all must hold)' }), null)
    : checkConditionList(input.conditions, p('conditions'), 'conditions', errs)
  if (conditions) checkSatisfiable(conditions, p('conditions'), 'conditions', errs)

  let actions: ReturnType<typeof checkAction>[] | null = null
  if (input.actions === undefined) errs.push({ at: p('actions'), message: 'a rule needs actions (run in order)' })
  else if (!Array.isArray(input.actions)) errs.push({ at: p('actions'), message: `actions must be a list, got ${show(input.actions)}` })
  else if (input.actions.length === 0) errs.push({ at: p('actions'), message: 'actions must have at least one action' })
  else if (input.actions.length > 16) errs.push({ at: p('actions'), message: `a rule may have at most 16 actions, got ${input.actions.length}` })
  else actions = input.actions.map((a, i) => checkAction(a, [...p('actions'), i], errs))

  const cooldown = input.cooldown === undefined
    ? (errs.push({ at: p('cooldown'), message: 'a rule needs a cooldown (e.g. "5m"; 0 acts on every sample)' }), null)
    : checkDuration(input.cooldown, p('cooldown'), 'cooldown', errs, { positive: false })

  if (input.enabled !== undefined && typeof input.enabled !== 'boolean') {
    errs.push({ at: p('enabled'), message: `enabled must be true or false, got ${show(input.enabled)}` })
  }

  const forSpec = checkFor(input.for, p('for'), errs)

  let clear: Condition[] | null | undefined
  if (input.clear !== undefined) {
    clear = checkConditionList(input.clear, p('clear'), 'clear', errs)
    if (clear && checkSatisfiable(clear, p('clear'), 'clear (the rule would stay active forever)', errs) && conditions) {
      checkClearMakesSense(conditions, clear, p('clear'), errs)
    }
  }

  let maxActions: Rule['max_actions']
  if (input.max_actions !== undefined) {
    const m = input.max_actions
    if (!isPlainObject(m)) {
      errs.push({ at: p('max_actions'), message: `max_actions must be {count, window}, e.g. {count: 3, window: "15m"}, got ${show(m)}` })
    } else {
      checkKnownKeys(m, ['count', 'window'], p('max_actions'), 'max_actions', errs)
      const countOk = isInteger(m.count, 1, 10_000)
      if (!countOk) errs.push({ at: [...p('max_actions'), 'count'], message: `max_actions.count must be an integer from 1 to 10000, got ${show(m.count)}` })
      const window = m.window === undefined
        ? (errs.push({ at: [...p('max_actions'), 'window'], message: 'max_actions needs a window (e.g. "15m")' }), null)
        : checkDuration(m.window, [...p('max_actions'), 'window'], 'max_actions.window', errs, { positive: true })
      if (countOk && window !== null) {
        maxActions = { count: m.count as number, window: m.window as string | number }
        // With a cooldown C at most ceil(W/C) firings fit in a window W: a limit at or above that never bites.
        if (cooldown !== null && cooldown > 0) {
          const fit = Math.ceil(window / cooldown)
          if (fit <= (m.count as number)) {
            errs.push({
              at: [...p('max_actions'), 'count'],
              message: `max_actions has no effect: with a cooldown of ${formatDuration(cooldown * 1000)} at most ${fit} firings fit in a ${formatDuration(window * 1000)} window, and the limit is ${show(m.count)}`,
            })
          }
        }
      }
    }
  }

  if (input.reset_after !== undefined) {
    checkDuration(input.reset_after, p('reset_after'), 'reset_after', errs, { positive: true })
    if (input.max_actions === undefined) {
      errs.push({ at: p('reset_after'), message: 'reset_after resets the max_actions counter: add max_actions or remove reset_after' })
    }
  }

  const scope = checkScope(input.scope, p('scope'), errs)
  const escalation = checkEscalation(input.escalation, p('escalation'), maxActions?.count, errs)

  if (errs.length > before) return null
  const rule: Rule = {
    name: name as string,
    ...(description !== undefined ? { description: description as string } : {}),
    priority: priority as number,
    conditions: conditions!,
    actions: actions!.map((a) => a!),
    cooldown: input.cooldown as string | number,
    enabled: (input.enabled as boolean | undefined) ?? true,
    ...(forSpec ? { for: forSpec } : {}),
    ...(clear ? { clear } : {}),
    ...(maxActions ? { max_actions: maxActions } : {}),
    ...(input.reset_after !== undefined ? { reset_after: input.reset_after as string | number } : {}),
    ...(scope ? { scope } : {}),
    ...(escalation ? { escalation } : {}),
  }
  // Belt and braces: the hand-written checks above must never accept what the schema rejects.
  if (!Value.Check(Rule, rule)) {
    for (const e of Value.Errors(Rule, rule)) {
      const segs = e.instancePath.split('/').slice(1).map((s) => (/^\d+$/.test(s) ? Number(s) : s))
      errs.push({ at: [...at, ...segs], message: e.message })
    }
    return null
  }
  return rule
}

function checkFor(v: unknown, at: Segment[], errs: PathedError[]): Rule['for'] | undefined {
  if (v === undefined) return undefined
  // `for: 5m` as Prometheus writes it. A bare number is ambiguous (samples or seconds?): refused.
  if (typeof v === 'string') {
    return checkDuration(v, [...at], 'for', errs, { positive: true }) === null ? undefined : { duration: v }
  }
  if (!isPlainObject(v)) {
    errs.push({ at, message: `for must be {samples: N} and/or {duration: "5m"} (or a duration string), got ${show(v)}` })
    return undefined
  }
  const before = errs.length
  checkKnownKeys(v, ['samples', 'duration'], at, 'for', errs)
  if (v.samples === undefined && v.duration === undefined) {
    errs.push({ at, message: 'for needs samples (consecutive samples) and/or duration (continuous holding)' })
  }
  if (v.samples !== undefined && !isInteger(v.samples, 1, 10_000)) {
    errs.push({ at: [...at, 'samples'], message: `for.samples must be an integer from 1 to 10000, got ${show(v.samples)}` })
  }
  if (v.duration !== undefined) checkDuration(v.duration, [...at, 'duration'], 'for.duration', errs, { positive: true })
  if (errs.length > before) return undefined
  return {
    ...(v.samples !== undefined ? { samples: v.samples as number } : {}),
    ...(v.duration !== undefined ? { duration: v.duration as string | number } : {}),
  }
}

function checkScope(v: unknown, at: Segment[], errs: PathedError[]): Rule['scope'] | undefined {
  if (v === undefined) return undefined
  if (!isPlainObject(v)) {
    errs.push({ at, message: `scope must be {hosts: [...]} and/or {labels: {key: value}}, got ${show(v)}` })
    return undefined
  }
  const before = errs.length
  checkKnownKeys(v, ['hosts', 'labels'], at, 'scope', errs)
  if (v.hosts === undefined && v.labels === undefined) {
    errs.push({ at, message: 'scope is empty: give hosts and/or labels, or omit scope to apply the rule to every host' })
  }
  if (v.hosts !== undefined) {
    if (!Array.isArray(v.hosts)) errs.push({ at: [...at, 'hosts'], message: `scope.hosts must be a list of host ids, got ${show(v.hosts)}` })
    else if (v.hosts.length === 0) errs.push({ at: [...at, 'hosts'], message: 'scope.hosts is empty: the rule would apply to no host' })
    else if (v.hosts.length > 10_000) errs.push({ at: [...at, 'hosts'], message: `scope.hosts may list at most 10000 hosts, got ${v.hosts.length}` })
    else {
      v.hosts.forEach((h, i) => {
        if (typeof h !== 'string' || h.length === 0 || h.length > 256) {
          errs.push({ at: [...at, 'hosts', i], message: `a host id must be a string of 1-256 characters, got ${show(h)}` })
        }
      })
    }
  }
  if (v.labels !== undefined) {
    if (!isPlainObject(v.labels)) errs.push({ at: [...at, 'labels'], message: `scope.labels must be a map of label to value, got ${show(v.labels)}` })
    else if (Object.keys(v.labels).length === 0) {
      errs.push({ at: [...at, 'labels'], message: 'scope.labels is empty: give at least one label or omit it' })
    } else {
      for (const [key, val] of Object.entries(v.labels)) {
        if (key.length > 128 || !LABEL_KEY_RE.test(key)) {
          errs.push({ at: [...at, 'labels', key], message: `label name ${show(key)} must start with a letter or digit and use letters, digits and _ . / - (up to 128)` })
        }
        if (typeof val !== 'string') {
          errs.push({ at: [...at, 'labels', key], message: `label ${key} must have a string value, got ${show(val)} (quote it: "${String(val)}")` })
        } else if (val.length > 256) {
          errs.push({ at: [...at, 'labels', key], message: `label ${key} value must be at most 256 characters` })
        }
      }
    }
  }
  if (errs.length > before) return undefined
  return {
    ...(v.hosts !== undefined ? { hosts: [...(v.hosts as string[])] } : {}),
    ...(v.labels !== undefined ? { labels: { ...(v.labels as Record<string, string>) } } : {}),
  }
}

/** Internal: ruleset check with segment paths (`rules`, i, …). */
export function checkRuleset(input: unknown, errs: PathedError[]): Rule[] | null {
  const at: Segment[] = ['rules']
  if (!Array.isArray(input)) {
    errs.push({ at, message: `a ruleset must be a list of rules, got ${show(input)}` })
    return null
  }
  if (input.length > MAX_RULES) {
    errs.push({ at, message: `a ruleset may hold at most ${MAX_RULES} rules, got ${input.length}` })
    return null
  }
  const rules = input.map((r, i) => checkRule(r, [...at, i], errs))
  // Names key per-host state and the API's DELETE /rules/<name>: they must be unique, ignoring case.
  const seen = new Map<string, number>()
  input.forEach((r, i) => {
    if (!isPlainObject(r) || typeof r.name !== 'string') return
    const key = r.name.toLowerCase()
    const first = seen.get(key)
    if (first === undefined) seen.set(key, i)
    else errs.push({ at: [...at, i, 'name'], message: `duplicate rule name ${show(r.name)}: rules[${first}] has the same name` })
  })
  if (errs.length > 0) return null
  return rules as Rule[]
}

const formatted = (errs: PathedError[]): RuleError[] => errs.map((e) => ({ path: formatPath(e.at), message: e.message }))

export function validateRule(input: unknown): ValidateRuleResult {
  const errs: PathedError[] = []
  const rule = checkRule(input, [], errs)
  return rule && errs.length === 0 ? { ok: true, rule } : { ok: false, errors: formatted(errs) }
}

export function validateRuleset(rules: unknown): ValidateRulesetResult {
  const errs: PathedError[] = []
  const out = checkRuleset(rules, errs)
  return out ? { ok: true, rules: out } : { ok: false, errors: formatted(errs) }
}
