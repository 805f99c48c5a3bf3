import type { ActionSpec } from '../actions/catalog'
import { toSeconds } from '../duration'
import type { Rule } from './schema'

/**
 * A rule with its durations in milliseconds and its actions' parameters filled with defaults: what
 * the engine needs on every sample, computed once per rule object.
 */
export interface CompiledRule {
  rule: Rule
  enabled: boolean
  cooldownMs: number
  forSamples: number
  forMs: number
  maxActions: { count: number; windowMs: number } | null
  resetAfterMs: number | null
  actions: ActionSpec[]
  /** The escalation ladder, step 0 being the rule's own `actions`; null without `escalation`. */
  ladder: CompiledStep[] | null
}

export interface CompiledStep {
  actions: ActionSpec[]
  /** How long this step's fix has to verify healthy before the next step is due. */
  timeoutMs: number
}

/** P0/P1 rules page someone; the rest warn. Used for default alert severities. */
export function severityFor(priority: number): 'warning' | 'critical' {
  return priority <= 1 ? 'critical' : 'warning'
}

/**
 * Fill the parameters an executor would otherwise have to guess, so decisions record exactly what
 * was asked for: scale steps default to 1, alerts default to the rule's severity.
 */
export function normalizeAction(spec: ActionSpec, priority: number): ActionSpec {
  const params: Record<string, unknown> = { ...(spec.params ?? {}) }
  switch (spec.type) {
    case 'scale_up':
    case 'scale_down':
      params.step ??= 1
      break
    case 'send_alert':
      params.severity ??= severityFor(priority)
      break
    default:
      break
  }
  return { type: spec.type, params }
}

// Frozen: evaluations hand these out on every sample without copying them.
function frozenActions(actions: readonly ActionSpec[], priority: number): ActionSpec[] {
  return actions.map((a) => Object.freeze({ type: a.type, params: Object.freeze(normalizeAction(a, priority).params) }) as ActionSpec)
}

// Rules are immutable values once validated; caching by identity keeps the hot path to comparisons
// without making `evaluate` impure (the cache is invisible to callers).
const cache = new WeakMap<Rule, CompiledRule>()

export function compileRule(rule: Rule): CompiledRule {
  const hit = cache.get(rule)
  if (hit) return hit
  const compiled: CompiledRule = {
    rule,
    enabled: rule.enabled !== false,
    cooldownMs: toSeconds(rule.cooldown) * 1000,
    forSamples: rule.for?.samples ?? 1,
    forMs: rule.for?.duration !== undefined ? toSeconds(rule.for.duration) * 1000 : 0,
    maxActions: rule.max_actions
      ? { count: rule.max_actions.count, windowMs: toSeconds(rule.max_actions.window) * 1000 }
      : null,
    resetAfterMs: rule.reset_after !== undefined ? toSeconds(rule.reset_after) * 1000 : null,
    actions: frozenActions(rule.actions, rule.priority),
    ladder: null,
  }
  if (rule.escalation) {
    const e = rule.escalation
    const firstMs = toSeconds(e.timeout) * 1000
    compiled.ladder = [
      { actions: compiled.actions, timeoutMs: firstMs },
      ...e.steps.map((s) => ({ actions: frozenActions(s.actions, rule.priority), timeoutMs: s.timeout !== undefined ? toSeconds(s.timeout) * 1000 : firstMs })),
    ]
  }
  cache.set(rule, compiled)
  return compiled
}
