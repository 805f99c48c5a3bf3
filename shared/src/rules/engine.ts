import type { ActionSpec } from '../actions/catalog'
import type { MetricValues } from '../metrics'
import type { ConditionResult, Suppression } from '../protocol/agent-messages'
import { type CompiledRule, compileRule, severityFor } from './compile'
import { evaluateCondition } from './conditions'
import { explainAll, explainFailing, formatDuration } from './explain'
import type { OverrideMode, Rule } from './schema'
import { matchScope } from './scope'
import { type EngineState, type RuleState, type Track, freshRuleState, readRuleState } from './state'

export type { EngineState, RuleState, Track } from './state'

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

export function evaluate(
  rules: readonly Rule[],
  state: EngineState,
  sample: Sample,
  now: number,
  ctx: EngineContext,
): EvaluationResult {
  if (typeof now !== 'number' || !Number.isFinite(now)) throw new RuleEngineError(`now must be a finite number of ms, got ${now}`)
  if (typeof sample !== 'object' || sample === null || typeof sample.metrics !== 'object' || sample.metrics === null) {
    throw new RuleEngineError('sample must be { ts, metrics }')
  }
  const ordered = [...rules].sort(byPriority)
  const next: EngineState = {}
  const evaluations: RuleEvaluation[] = []
  for (const rule of ordered) {
    // State is keyed by name; two rules with one name would share cooldowns. Validation forbids it.
    if (Object.hasOwn(next, rule.name)) throw new RuleEngineError(`duplicate rule name ${JSON.stringify(rule.name)}`)
    const prev = state !== null && typeof state === 'object' && Object.hasOwn(state, rule.name) ? readRuleState(state[rule.name]) : freshRuleState()
    const r = evaluateRule(compileRule(rule), prev, sample.metrics, now, ctx)
    next[rule.name] = r.state
    evaluations.push(r.evaluation)
  }
  return { evaluations, state: next }
}

const copyTrack = (t: Track): Track => ({ ...t, firings: [...t.firings] })

/** Start of a continuing period; if the clock went backwards, the period restarts now (never longer than observed). */
const since = (prev: number | null, now: number): number => (prev !== null && prev <= now ? prev : now)

interface RuleResult {
  evaluation: RuleEvaluation
  state: RuleState
}

function evaluateRule(c: CompiledRule, prev: RuleState, metrics: MetricValues, now: number, ctx: EngineContext): RuleResult {
  const rule = c.rule
  const actions = c.actions.map((a) => ({ type: a.type, params: { ...a.params } }))
  const base = { rule: rule.name, priority: rule.priority, actions }

  const scope = matchScope(rule, ctx.host)
  if (!scope.inScope) {
    // Not evaluated at all: the rule does not concern this host. Its state is kept as it was.
    const evaluation: RuleEvaluation = {
      ...base,
      fired: false,
      outcome: 'not_fired',
      suppressed_by: 'none',
      reason: scope.reason,
      conditions: [],
      missing: [],
    }
    return { evaluation, state: prev }
  }

  const conditions = rule.conditions.map((cond) => evaluateCondition(cond, metrics))
  const missing = [...new Set(conditions.filter((r) => r.observed === null).map((r) => r.metric))]
  const allHold = conditions.every((r) => r.held)

  const s: RuleState = {
    streak: allHold ? Math.min(prev.streak + 1, c.forSamples) : 0,
    holding_since: allHold ? since(prev.holding_since, now) : null,
    // Missing data is not health: a host whose probe is down must not earn a counter reset.
    healthy_since: !allHold && missing.length === 0 ? since(prev.healthy_since, now) : null,
    live: copyTrack(prev.live),
    shadow: copyTrack(prev.shadow),
  }

  let clear: ConditionResult[] | undefined
  let clearedNote = ''
  if (!rule.clear) {
    s.live.active = false
    s.shadow.active = false
  } else if (s.live.active || s.shadow.active) {
    clear = rule.clear.map((cond) => evaluateCondition(cond, metrics))
    if (clear.every((r) => r.held)) {
      s.live.active = false
      s.shadow.active = false
      clearedNote = `; cleared (${explainAll(clear)}), re-armed`
    }
  }

  maintainCounter(s.live, c, s.healthy_since, now)
  maintainCounter(s.shadow, c, s.healthy_since, now)

  const done = (e: Omit<RuleEvaluation, 'rule' | 'priority' | 'actions' | 'conditions' | 'missing'>): RuleResult => ({
    evaluation: { ...base, conditions, missing, ...(clear ? { clear } : {}), ...e },
    state: s,
  })

  const heldFor = s.holding_since === null ? 0 : now - s.holding_since
  const forOk = allHold && s.streak >= c.forSamples && heldFor >= c.forMs

  if (!c.enabled) {
    return done({ fired: false, outcome: 'not_fired', suppressed_by: 'none', reason: `rule disabled${clearedNote}` })
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
    return done({ fired: false, outcome: 'not_fired', suppressed_by: 'none', reason: reason + clearedNote })
  }

  let held = `conditions held: ${explainAll(conditions)}`
  if (c.forSamples > 1 || c.forMs > 0) held += ` (for ${s.streak} samples, ${formatDuration(heldFor)})`
  held += clearedNote
  fillAlertMessages(actions, `${rule.name}: ${explainAll(conditions)}`)

  if (!ctx.remediationEnabled) {
    return done({
      fired: true,
      outcome: 'suppressed',
      suppressed_by: 'engine_disabled',
      reason: `${held}; remediation engine disabled (manual override): decided, not acted`,
    })
  }
  if (ctx.mode !== 'enabled' && ctx.mode !== 'dry_run') {
    return done({ fired: true, outcome: 'suppressed', suppressed_by: 'override_paused', reason: `${held}; remediation paused by override: observe only` })
  }

  const dry = ctx.mode === 'dry_run'
  const t = dry ? s.shadow : s.live
  const would = dry ? 'dry run, ' : ''

  if (t.active) {
    const waiting = clear ? explainFailing(clear) : ''
    return done({
      fired: true,
      outcome: 'suppressed',
      suppressed_by: 'active',
      reason: `${held}; ${would}active: already fired ${formatDuration(now - (t.last_fired ?? now))} ago and waits for clear (${waiting})`,
    })
  }
  if (t.last_fired !== null && now - t.last_fired < c.cooldownMs) {
    return done({
      fired: true,
      outcome: 'suppressed',
      suppressed_by: 'cooldown',
      reason: `${held}; ${would}cooldown: fired ${formatDuration(now - t.last_fired)} ago, cooldown ${formatDuration(c.cooldownMs)}`,
    })
  }
  if (c.maxActions && (t.exhausted || t.firings.length >= c.maxActions.count)) {
    const { count, windowMs } = c.maxActions
    const firstStop = !t.alerted
    t.exhausted = true
    t.alerted = true
    const until =
      c.resetAfterMs === null
        ? 'until the window allows again'
        : `until its conditions have not held for ${formatDuration(c.resetAfterMs)}` +
          (s.healthy_since === null ? '' : ` (${formatDuration(now - s.healthy_since)} so far)`)
    const limit = `max_actions: limit of ${count} per ${formatDuration(windowMs)} reached (${t.firings.length} in the window)`
    const e: Omit<RuleEvaluation, 'rule' | 'priority' | 'actions' | 'conditions' | 'missing'> = {
      fired: true,
      outcome: 'suppressed',
      suppressed_by: 'max_actions',
      reason: `${held}; ${would}${limit}; stopped acting ${until}` + (firstStop ? (dry ? '; would alert' : '; alerting') : '; already alerted'),
    }
    // A dry run reports the alert it would raise in the reason; it does not page anyone.
    if (firstStop && !dry) {
      e.alert = {
        severity: severityFor(rule.priority),
        summary: `Rule "${rule.name}" stopped acting on host ${ctx.host.id}: ${count} actions within ${formatDuration(windowMs)} did not fix it (${explainAll(conditions)})`,
      }
    }
    return done(e)
  }

  record(t, now, c)
  // A real action also happened in the what-if world of the shadow track.
  if (!dry) record(s.shadow, now, c)
  return done(
    dry
      ? { fired: true, outcome: 'dry_run', suppressed_by: 'override_dry_run', reason: `${held}; dry run: would have acted` }
      : { fired: true, outcome: 'execute', suppressed_by: 'none', reason: `${held}; acting` },
  )
}

/** Drop firings outside the window; lift a stop that is over (see README: max_actions, reset_after). */
function maintainCounter(t: Track, c: CompiledRule, healthySince: number | null, now: number): void {
  if (!c.maxActions) {
    t.firings = []
    t.exhausted = false
    t.alerted = false
    return
  }
  if (c.resetAfterMs !== null && healthySince !== null && now - healthySince >= c.resetAfterMs) {
    t.firings = []
    t.exhausted = false
    t.alerted = false
    return
  }
  const { count, windowMs } = c.maxActions
  // A firing "in the future" (the clock went backwards) stays counted: err towards not acting.
  t.firings = t.firings.filter((f) => now - f < windowMs).slice(-count)
  if (c.resetAfterMs === null && t.firings.length < count) {
    t.exhausted = false
    t.alerted = false
  }
}

function record(t: Track, now: number, c: CompiledRule): void {
  t.last_fired = now
  if (c.maxActions) t.firings = [...t.firings, now].slice(-c.maxActions.count)
  t.active = c.rule.clear !== undefined
}

function fillAlertMessages(actions: ActionSpec[], message: string): void {
  for (const a of actions) {
    if (a.type === 'send_alert' && a.params && a.params.message === undefined) a.params.message = message
  }
}
