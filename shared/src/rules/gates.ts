import type { ActionSpec } from '../actions/catalog'
import type { ConditionResult, Suppression } from '../protocol/agent-messages'
import { type CompiledRule, severityFor } from './compile'
import { explainAll, explainFailing, formatDuration } from './explain'
import type { StepChoice } from './escalation'
import type { OverrideMode } from './schema'
import type { RuleState, Track } from './state'

/**
 * Gates: what stands between a rule that FIRED and its actions. Every gate — the engine's own
 * (override, active, cooldown, max_actions, below) and the agent's (local policy, and later
 * inhibition, budget, rollout) — answers through this one interface with the same verdict, so the
 * pipeline runs them as one ordered list, stops at the first refusal, and records it the same way.
 * Order and semantics: ./README.md, "Gates".
 */
export interface Gate<Ctx> {
  /** The suppression recorded when this gate refuses. */
  readonly name: Suppression
  check(firing: Firing, ctx: Ctx): Verdict | Promise<Verdict>
}

export type Verdict = Pass | Refusal

export interface Pass {
  pass: true
  /**
   * For a gate that holds something for the actions (a budget lease): called once the actions
   * finished, or at once when a later gate refuses the firing.
   */
  release?: () => void | Promise<void>
}

export interface Refusal {
  pass: false
  suppressed_by: Suppression
  /** For people, appended to the firing's "conditions held: …" in the decision's reason. */
  reason: string
  /** The figures behind the refusal (elapsed vs configured, counts), for logs and explanations. */
  numbers?: Record<string, number | string>
  /** Engine gates only: an alert to raise with this refusal (max_actions' first stop). */
  alert?: { severity: 'warning' | 'critical'; summary: string }
  /** Engine gates only: the rule state to keep when refused (max_actions marks its track stopped). */
  state?: RuleState
}

/** The shared "pass" verdict: gates on the hot path allocate nothing when they let a firing by. */
export const PASS: Pass = Object.freeze({ pass: true }) as Pass

/**
 * A rule that fired on this sample (scope, conditions, `for` all met) and has not been committed:
 * `state` is its next state without this firing. The firing is committed (cooldown, max_actions
 * window, active, live/shadow tracks) only when every gate passed — see `settle` in engine.ts.
 */
export interface Firing {
  readonly compiled: CompiledRule
  readonly rule: string
  readonly priority: number
  readonly now: number
  /** The override mode is dry_run: gated on, and committed to, the shadow track only. */
  readonly dry: boolean
  readonly hostId: string
  /** "conditions held: …" — the start of the decision's reason. */
  readonly held: string
  readonly state: RuleState
  readonly conditions: ConditionResult[]
  readonly missing: string[]
  readonly clear: ConditionResult[] | undefined
  /** The rule's actions, parameters filled, alert messages written from the observed values. */
  readonly actions: ActionSpec[]
  /** A rule with an escalation ladder: the step these actions are, and why (./escalation.ts). */
  readonly step?: StepChoice | undefined
}

/** What the engine gates read from the context: the same fields as EngineContext. */
export interface EngineGateContext {
  mode: OverrideMode
  remediationEnabled: boolean
}

const track = (f: Firing): Track => (f.dry ? f.state.shadow : f.state.live)
const would = (f: Firing): string => (f.dry ? 'dry run, ' : '')

/** The report's disabled engine / manual override: decide, never act. Consumes no cooldown. */
export const engineDisabledGate: Gate<EngineGateContext> = {
  name: 'engine_disabled',
  check(_f, ctx) {
    if (ctx.remediationEnabled) return PASS
    return { pass: false, suppressed_by: 'engine_disabled', reason: 'remediation engine disabled (manual override): decided, not acted' }
  },
}

/** An override in mode `paused`: observe only. (dry_run passes here and is settled as a dry run.) */
export const overridePausedGate: Gate<EngineGateContext> = {
  name: 'override_paused',
  check(_f, ctx) {
    if (ctx.mode === 'enabled' || ctx.mode === 'dry_run') return PASS
    return { pass: false, suppressed_by: 'override_paused', reason: 'remediation paused by override: observe only' }
  },
}

/** Hysteresis: fired before and waits for the rule's `clear` conditions. */
export const activeGate: Gate<EngineGateContext> = {
  name: 'active',
  check(f) {
    const t = track(f)
    // The last step's fix failed to verify: that is not "fired and waiting", the next step is due.
    if (!t.active || f.step?.escalating) return PASS
    const agoMs = f.now - (t.last_fired ?? f.now)
    return {
      pass: false,
      suppressed_by: 'active',
      reason: `${would(f)}active: already fired ${formatDuration(agoMs)} ago and waits for clear (${f.clear ? explainFailing(f.clear) : ''})`,
      numbers: { fired_ago_s: agoMs / 1000 },
    }
  },
}

/**
 * Escalation ladders: the step that ran last is still inside its timeout (its fix may yet verify
 * healthy), so the rule waits rather than running that step again or the next one early.
 */
export const escalationGate: Gate<EngineGateContext> = {
  name: 'escalation',
  check(f) {
    if (!f.step?.pending) return PASS
    return { pass: false, suppressed_by: 'escalation', reason: `${would(f)}escalation: ${f.step.why}`, numbers: { step: f.step.index + 1, of: f.step.of } }
  },
}

/**
 * The minimum time between two firings that passed every gate. Moving up an escalation ladder is
 * not held back: the step before had its own timeout to work, and it did not.
 */
export const cooldownGate: Gate<EngineGateContext> = {
  name: 'cooldown',
  check(f) {
    const t = track(f)
    const cooldownMs = f.compiled.cooldownMs
    if (t.last_fired === null || f.now - t.last_fired >= cooldownMs || f.step?.escalating) return PASS
    const agoMs = f.now - t.last_fired
    return {
      pass: false,
      suppressed_by: 'cooldown',
      reason: `${would(f)}cooldown: fired ${formatDuration(agoMs)} ago, cooldown ${formatDuration(cooldownMs)}`,
      numbers: { fired_ago_s: agoMs / 1000, cooldown_s: cooldownMs / 1000 },
    }
  },
}

/** At most `count` committed firings within `window`; the first stop raises one alert. */
export const maxActionsGate: Gate<EngineGateContext> = {
  name: 'max_actions',
  check(f) {
    const c = f.compiled
    const t = track(f)
    if (!c.maxActions || (!t.exhausted && t.firings.length < c.maxActions.count)) return PASS
    const { count, windowMs } = c.maxActions
    const firstStop = !t.alerted
    const stopped: Track = { ...t, exhausted: true, alerted: true }
    const state: RuleState = f.dry ? { ...f.state, shadow: stopped } : { ...f.state, live: stopped }
    const until =
      c.resetAfterMs === null
        ? 'until the window allows again'
        : `until its conditions have not held for ${formatDuration(c.resetAfterMs)}` +
          (f.state.healthy_since === null ? '' : ` (${formatDuration(f.now - f.state.healthy_since)} so far)`)
    const limit = `max_actions: limit of ${count} per ${formatDuration(windowMs)} reached (${t.firings.length} in the window)`
    const refusal: Refusal = {
      pass: false,
      suppressed_by: 'max_actions',
      reason: `${would(f)}${limit}; stopped acting ${until}` + (firstStop ? (f.dry ? '; would alert' : '; alerting') : '; already alerted'),
      numbers: { count, window_s: windowMs / 1000, in_window: t.firings.length },
      state,
    }
    // A dry run reports the alert it would raise in the reason; it does not page anyone.
    if (firstStop && !f.dry) {
      refusal.alert = {
        severity: severityFor(f.priority),
        summary: `Rule "${f.rule}" stopped acting on host ${f.hostId}: ${count} actions within ${formatDuration(windowMs)} did not fix it (${explainAll(f.conditions)})`,
      }
    }
    return refusal
  },
}

/** The engine's gates, in order. The agent appends its own after these (agent/src/gates). */
export const engineGates: readonly Gate<EngineGateContext>[] = Object.freeze([
  engineDisabledGate,
  overridePausedGate,
  escalationGate,
  activeGate,
  cooldownGate,
  maxActionsGate,
])

/** Runs sync gates in order; the first refusal wins. (`evaluate` uses it with `engineGates`.) */
export function checkGatesSync<Ctx>(gates: readonly Gate<Ctx>[], firing: Firing, ctx: Ctx): Verdict {
  for (let i = 0; i < gates.length; i++) {
    const v = gates[i]!.check(firing, ctx)
    if (v instanceof Promise) throw new TypeError(`gate ${gates[i]!.name} is async; use the agent's gate stage`)
    if (!v.pass) return v
  }
  return PASS
}
