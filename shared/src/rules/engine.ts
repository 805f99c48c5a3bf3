import type { ActionSpec } from '../actions/catalog'
import type { MetricValues } from '../metrics'
import type { ConditionResult, Suppression } from '../protocol/agent-messages'
import { type CompiledRule, compileRule } from './compile'
import { evaluateCondition } from './conditions'
import { explainAll, explainFailing, formatDuration } from './explain'
import type { OverrideMode, Rule } from './schema'
import { matchScope } from './scope'
import { checkGatesSync, engineGates, type Firing, type Verdict } from './gates'
import { chooseStep, stepCommitted } from './escalation'
import { type EngineState, type RuleState, type Track, freshRuleState, readRuleState } from './state'

export type { EngineState, RuleState, Track } from './state'
export type { Firing, Gate, Pass, Refusal, Verdict } from './gates'

/**
 * The rule engine: one sample in, one decision per rule out, plus the next state. Pure — no I/O, no
 * clock reads (`now` is passed in), inputs never mutated — so the agent and the control plane's
 * `POST /remediation/test` run exactly the same code. Semantics are documented in ./README.md.
 */

export interface EngineContext {
  host: { id: string; labels: Record<string, string> }
  /** The effective override for this host (the most restrictive active one). */
  mode: OverrideMode
  /** false = the report's disabled engine / manual override: decide, never act. */
  remediationEnabled: boolean
}

export interface Sample {
  /** ms since epoch when the sample was taken; reported back, not used for timing. */
  ts: number
  metrics: MetricValues
}

export type Outcome = 'execute' | 'dry_run' | 'suppressed' | 'not_fired'

export interface RuleEvaluation {
  rule: string
  priority: number
  /** The conditions held (including `for`), and the rule is enabled and in scope. */
  fired: boolean
  outcome: Outcome
  suppressed_by: Suppression
  /** Which conditions held with their observed values, and which gate stopped the rule and why. */
  reason: string
  conditions: ConditionResult[]
  /** Metrics the rule needed that the sample lacks (or holds as NaN/Infinity). */
  missing: string[]
  /** The rule's actions with parameters filled (see compile.ts). */
  actions: ActionSpec[]
  /** Raised once when max_actions stops a rule that keeps firing. */
  alert?: { severity: 'warning' | 'critical'; summary: string }
  /** The `clear` conditions, when they were checked (the rule was active). */
  clear?: ConditionResult[]
  /** A fired rule with an escalation ladder: the step its `actions` are (1-based) of how many. */
  escalation?: { step: number; of: number }
}

export interface EvaluationResult {
  /** Every rule, priority order (lower first), ties by name. */
  evaluations: RuleEvaluation[]
  /** State for exactly the given rules; state of rules no longer present is dropped. */
  state: EngineState
}

/** A programming error in the caller (not bad data): the engine refuses rather than guessing. */
export class RuleEngineError extends Error {
  readonly code: 'rule_engine_input'
  constructor(message: string) {
    super(message)
    this.name = 'RuleEngineError'
    this.code = 'rule_engine_input'
  }
}

export function byPriority(a: { priority: number; name: string }, b: { priority: number; name: string }): number {
  if (a.priority !== b.priority) return a.priority - b.priority
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0
}

/**
 * One sample through the whole engine: fire, then the engine gates (./gates.ts), then commit. What
 * `POST /remediation/test` and the replay run. The agent runs `fire` and its own, longer gate
 * list (engine gates + local policy, …) and settles each firing itself.
 */
export function evaluate(
  rules: readonly Rule[],
  state: EngineState,
  sample: Sample,
  now: number,
  ctx: EngineContext,
): EvaluationResult {
  const fired = fire(rules, state, sample, now, ctx)
  const next = fired.state
  const evaluations: RuleEvaluation[] = new Array(fired.results.length)
  for (let i = 0; i < fired.results.length; i++) {
    const r = fired.results[i]!
    if (r.firing) {
      const settled = settle(r.firing, checkGatesSync(engineGates, r.firing, ctx))
      next[r.firing.rule] = settled.state
      evaluations[i] = settled.evaluation
    } else {
      evaluations[i] = r.evaluation!
    }
  }
  return { evaluations, state: next }
}

export interface FireResult {
  /** Every rule, priority order: a final evaluation, or a firing still to be gated and settled. */
  results: Array<{ evaluation: RuleEvaluation; firing?: undefined } | { evaluation: null; firing: Firing }>
  /**
   * The next state for exactly the given rules, with fired rules not yet committed: the caller
   * replaces each fired rule's entry with `settle(...).state` (a fresh object, safe to write to).
   */
  state: EngineState
}

/** Whether each rule FIRED on this sample (scope, conditions, `for`, `clear`, counters); commits nothing. */
export function fire(rules: readonly Rule[], state: EngineState, sample: Sample, now: number, ctx: EngineContext): FireResult {
  if (typeof now !== 'number' || !Number.isFinite(now)) throw new RuleEngineError(`now must be a finite number of ms, got ${now}`)
  if (typeof sample !== 'object' || sample === null || typeof sample.metrics !== 'object' || sample.metrics === null) {
    throw new RuleEngineError('sample must be { ts, metrics }')
  }
  const ordered = [...rules].sort(byPriority)
  const next: EngineState = {}
  const results: FireResult['results'] = new Array(ordered.length)
  for (let i = 0; i < ordered.length; i++) {
    const rule = ordered[i]!
    // State is keyed by name; two rules with one name would share cooldowns. Validation forbids it.
    if (Object.hasOwn(next, rule.name)) throw new RuleEngineError(`duplicate rule name ${JSON.stringify(rule.name)}`)
    const prev = state !== null && typeof state === 'object' && Object.hasOwn(state, rule.name) ? readRuleState(state[rule.name]) : freshRuleState()
    const r = evaluateRule(compileRule(rule), prev, sample.metrics, now, ctx)
    next[rule.name] = r.state
    results[i] = r.firing ? { evaluation: null, firing: r.firing } : { evaluation: r.evaluation! }
  }
  return { results, state: next }
}

/** Start of a continuing period; if the clock went backwards, the period restarts now (never longer than observed). */
const since = (prev: number | null, now: number): number => (prev !== null && prev <= now ? prev : now)

interface RuleResult {
  /** null when the rule fired: its evaluation comes from `settle` once the gates answered. */
  evaluation: RuleEvaluation | null
  state: RuleState
  firing?: Firing
}

function evaluateRule(c: CompiledRule, prev: RuleState, metrics: MetricValues, now: number, ctx: EngineContext): RuleResult {
  const rule = c.rule

  const scope = matchScope(rule, ctx.host)
  if (!scope.inScope) {
    // Not evaluated at all: the rule does not concern this host. Its state is kept as it was.
    return finish({ c, s: prev, conditions: [], missing: [], clear: undefined }, { fired: false, outcome: 'not_fired', suppressed_by: 'none', reason: scope.reason })
  }

  // Plain loops: this runs for every rule on every sample (hundreds of rules every few seconds).
  const conditions: ConditionResult[] = new Array(rule.conditions.length)
  const missing: string[] = []
  let allHold = true
  for (let i = 0; i < rule.conditions.length; i++) {
    const r = evaluateCondition(rule.conditions[i]!, metrics)
    conditions[i] = r
    if (!r.held) allHold = false
    if (r.observed === null && !missing.includes(r.metric)) missing.push(r.metric)
  }

  const s: RuleState = {
    streak: allHold ? Math.min(prev.streak + 1, c.forSamples) : 0,
    holding_since: allHold ? since(prev.holding_since, now) : null,
    // Missing data is not health: a host whose probe is down must not earn a counter reset.
    healthy_since: !allHold && missing.length === 0 ? since(prev.healthy_since, now) : null,
    live: prev.live,
    shadow: prev.shadow,
  }
  // The ladder starts over once the conditions clear (a complete sample in which they do not all
  // hold); a rule without a ladder carries no position.
  if (c.ladder) s.escalation = s.healthy_since !== null ? null : (prev.escalation ?? null)

  let clear: ConditionResult[] | undefined
  let clearedNote = ''
  if (!rule.clear) {
    s.live = withActive(s.live, false)
    s.shadow = withActive(s.shadow, false)
  } else if (s.live.active || s.shadow.active) {
    clear = rule.clear.map((cond) => evaluateCondition(cond, metrics))
    if (clear.every((r) => r.held)) {
      s.live = withActive(s.live, false)
      s.shadow = withActive(s.shadow, false)
      clearedNote = `; cleared (${explainAll(clear)}), re-armed`
    }
  }

  s.live = maintainCounter(s.live, c, s.healthy_since, now)
  s.shadow = maintainCounter(s.shadow, c, s.healthy_since, now)

  // No closures on this path: tsx (keepNames) wraps each one in a helper call on every sample.
  const run: RuleRun = { c, s, conditions, missing, clear }

  const heldFor = s.holding_since === null ? 0 : now - s.holding_since
  const forOk = allHold && s.streak >= c.forSamples && heldFor >= c.forMs

  if (!c.enabled) {
    return finish(run, { fired: false, outcome: 'not_fired', suppressed_by: 'none', reason: `rule disabled${clearedNote}` })
  }
  if (!forOk) {
    let reason: string
    if (allHold) {
      const parts: string[] = []
      if (c.forSamples > 1) parts.push(`${s.streak} of ${c.forSamples} samples`)
      if (c.forMs > 0) parts.push(`${formatDuration(heldFor)} of ${formatDuration(c.forMs)}`)
      reason = `pending: conditions hold (${explainAll(conditions)}) but not yet long enough: ${parts.join(', ')}`
    } else {
      reason = `not fired: ${explainFailing(conditions)}`
    }
    const activeTrack = ctx.mode === 'dry_run' ? s.shadow : s.live
    if (activeTrack.active && clear) reason += `; still active until clear holds (${explainFailing(clear)})`
    return finish(run, { fired: false, outcome: 'not_fired', suppressed_by: 'none', reason: reason + clearedNote })
  }

  let held = `conditions held: ${explainAll(conditions)}`
  if (c.forSamples > 1 || c.forMs > 0) held += ` (for ${s.streak} samples, ${formatDuration(heldFor)})`
  held += clearedNote
  const step = chooseStep(c, s.escalation, now)
  const firing: Firing = {
    compiled: c,
    rule: rule.name,
    priority: rule.priority,
    now,
    dry: ctx.mode === 'dry_run',
    hostId: ctx.host.id,
    held,
    state: s,
    conditions,
    missing,
    clear,
    actions: withAlertMessages(step ? c.ladder![step.index]!.actions : c.actions, `${rule.name}: ${explainAll(conditions)}`),
    step,
  }
  return { evaluation: null, state: s, firing }
}

/**
 * A firing and the verdict of the gate list → its evaluation and the rule's next state. Passed:
 * the firing is committed — `last_fired` (the cooldown), the max_actions window and `active`, on
 * the shadow track and, unless a dry run, the live one. Refused: nothing is committed, so a
 * firing that did not act (paused, local policy, a budget) never starts a cooldown.
 */
export function settle(f: Firing, verdict: Verdict): { evaluation: RuleEvaluation; state: RuleState } {
  const run: RuleRun = { c: f.compiled, s: f.state, conditions: f.conditions, missing: f.missing, clear: f.clear }
  if (!verdict.pass) {
    if (verdict.state) run.s = verdict.state
    const e: Decided = { fired: true, outcome: 'suppressed', suppressed_by: verdict.suppressed_by, reason: `${f.held}; ${verdict.reason}` }
    if (verdict.alert) e.alert = verdict.alert
    const r = finish(run, e, f.actions)
    if (f.step) r.evaluation!.escalation = { step: f.step.index + 1, of: f.step.of }
    return { evaluation: r.evaluation!, state: r.state }
  }
  // A real action also happened in the what-if world of the shadow track.
  const s: RuleState = { ...f.state, shadow: recorded(f.state.shadow, f.now, f.compiled) }
  if (!f.dry) s.live = recorded(f.state.live, f.now, f.compiled)
  // Only a real action moves the ladder: a dry run has no fix to verify.
  if (f.step && !f.dry) s.escalation = stepCommitted(f.compiled, f.step.index, f.now)
  run.s = s
  const step = f.step ? `: ${f.step.why}` : ''
  const r = finish(
    run,
    f.dry
      ? { fired: true, outcome: 'dry_run', suppressed_by: 'override_dry_run', reason: `${f.held}; dry run: would have acted${step}` }
      : { fired: true, outcome: 'execute', suppressed_by: 'none', reason: `${f.held}; acting${step}` },
    f.actions,
  )
  if (f.step) r.evaluation!.escalation = { step: f.step.index + 1, of: f.step.of }
  return { evaluation: r.evaluation!, state: r.state }
}

type Decided = Omit<RuleEvaluation, 'rule' | 'priority' | 'actions' | 'conditions' | 'missing' | 'clear'>

/** What one rule saw on this sample; `s` is its next state (the gates below may still replace tracks). */
interface RuleRun {
  c: CompiledRule
  s: RuleState
  conditions: ConditionResult[]
  missing: string[]
  clear: ConditionResult[] | undefined
}

/** One evaluation object of a fixed shape (V8 keeps it monomorphic), and the rule's next state. */
function finish(run: RuleRun, e: Decided, actions: ActionSpec[] = run.c.actions): RuleResult {
  const evaluation: RuleEvaluation = {
    rule: run.c.rule.name,
    priority: run.c.rule.priority,
    fired: e.fired,
    outcome: e.outcome,
    suppressed_by: e.suppressed_by,
    reason: e.reason,
    conditions: run.conditions,
    missing: run.missing,
    actions,
  }
  if (e.alert) evaluation.alert = e.alert
  if (run.clear) evaluation.clear = run.clear
  return { evaluation, state: run.s }
}

// Tracks are copy-on-write: an unchanged track is shared between the input and the output state
// (the engine never writes to either), a changed one is a new object.

function withActive(t: Track, active: boolean): Track {
  return t.active === active ? t : { ...t, active }
}

/** Drop firings outside the window; lift a stop that is over (see README: max_actions, reset_after). */
function maintainCounter(t: Track, c: CompiledRule, healthySince: number | null, now: number): Track {
  const reset = !c.maxActions || (c.resetAfterMs !== null && healthySince !== null && now - healthySince >= c.resetAfterMs)
  if (reset || !c.maxActions) {
    return t.firings.length === 0 && !t.exhausted && !t.alerted ? t : { ...t, firings: [], exhausted: false, alerted: false }
  }
  const { count, windowMs } = c.maxActions
  // A firing "in the future" (the clock went backwards) stays counted: err towards not acting.
  let firings = t.firings
  if (firings.length > count || firings.some((f) => now - f >= windowMs)) {
    firings = firings.filter((f) => now - f < windowMs).slice(-count)
  }
  const lift = c.resetAfterMs === null && firings.length < count && (t.exhausted || t.alerted)
  if (firings === t.firings && !lift) return t
  return lift ? { ...t, firings, exhausted: false, alerted: false } : { ...t, firings }
}

function recorded(t: Track, now: number, c: CompiledRule): Track {
  return {
    last_fired: now,
    firings: c.maxActions ? [...t.firings, now].slice(-c.maxActions.count) : t.firings,
    active: c.rule.clear !== undefined,
    exhausted: t.exhausted,
    alerted: t.alerted,
  }
}

/** The rule's actions with alert messages written from what was observed; the compiled ones stay untouched. */
function withAlertMessages(actions: readonly ActionSpec[], message: string): ActionSpec[] {
  return actions.map((a) =>
    a.type === 'send_alert' && a.params?.message === undefined ? { type: a.type, params: { ...a.params, message } } : a,
  )
}
