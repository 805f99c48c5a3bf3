/**
 * Per-rule, per-host engine state. Plain JSON so the agent can persist it across restarts (a
 * restart must not reset cooldowns or max_actions counters), and small: a few numbers plus at most
 * `max_actions.count` timestamps per track. A value: the engine never writes to a state it was
 * given and may share unchanged parts of it with the state it returns, so callers must not mutate
 * either (persist it, pass it back, or replace it).
 */

/** What has been done (or, for the shadow track, would have been done) and when. */
export interface Track {
  /** `now` of the last firing that passed every gate; null = never. Drives the cooldown. */
  last_fired: number | null
  /** `now` of firings inside the max_actions window, oldest first, at most `count` of them. */
  firings: number[]
  /** Hysteresis: fired and waiting for the rule's `clear` conditions. */
  active: boolean
  /** max_actions reached: the rule stopped acting. */
  exhausted: boolean
  /** The one alert for the current exhaustion has been raised. */
  alerted: boolean
}

/**
 * Where a rule's escalation ladder stands on this host (./escalation.ts): `step` (0 = the rule's
 * own actions) ran, and its fix has until `until` to verify healthy; past that (or once its
 * verification failed, which moves `until` to then) the next firing runs the next step.
 */
export interface Ladder {
  step: number
  until: number
}

export interface RuleState {
  /** Consecutive samples in which all conditions held (capped at what `for.samples` needs). */
  streak: number
  /** `now` of the first sample of the current holding streak; null when not holding. */
  holding_since: number | null
  /** `now` since which the rule's metrics were all present and its conditions did not hold. */
  healthy_since: number | null
  /** Real actions. Gates decisions when remediation is enabled. */
  live: Track
  /**
   * Real actions plus dry-run "would have acted" firings. Gates decisions in dry_run mode so a dry
   * run shows the cadence the rule would really have (cooldown, max_actions, hysteresis), while
   * switching back to `enabled` is not delayed by actions that never ran.
   */
  shadow: Track
  /**
   * The escalation ladder's position (rules with `escalation` only); absent or null = at its
   * start. Moved by real actions only; reset when the conditions clear or a step verifies healthy.
   */
  escalation?: Ladder | null
}

export type EngineState = Record<string, RuleState>

export function freshTrack(): Track {
  return { last_fired: null, firings: [], active: false, exhausted: false, alerted: false }
}

export function freshRuleState(): RuleState {
  return { streak: 0, holding_since: null, healthy_since: null, live: freshTrack(), shadow: freshTrack() }
}

const isTime = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v)
const isTimeOrNull = (v: unknown): v is number | null => v === null || isTime(v)

function readTrack(v: unknown): Track | null {
  if (typeof v !== 'object' || v === null) return null
  const t = v as Record<string, unknown>
  if (!isTimeOrNull(t.last_fired)) return null
  if (!Array.isArray(t.firings) || !t.firings.every(isTime)) return null
  if (typeof t.active !== 'boolean' || typeof t.exhausted !== 'boolean' || typeof t.alerted !== 'boolean') return null
  // A well-formed track is used as it is (the engine never writes to it); anything with extra
  // fields is rebuilt so stray data does not ride along in the state forever.
  if (Object.keys(t).length === 5) return t as unknown as Track
  return { last_fired: t.last_fired, firings: [...t.firings], active: t.active, exhausted: t.exhausted, alerted: t.alerted }
}

/**
 * Read persisted state defensively: the agent's state file may predate this version or be damaged.
 * Anything unreadable becomes fresh state rather than an exception in the remediation loop; the
 * shape is checked, never trusted.
 */
export function readRuleState(v: unknown): RuleState {
  if (typeof v !== 'object' || v === null) return freshRuleState()
  const s = v as Record<string, unknown>
  const live = readTrack(s.live)
  const shadow = readTrack(s.shadow)
  if (!live || !shadow) return freshRuleState()
  if (typeof s.streak !== 'number' || !Number.isInteger(s.streak) || s.streak < 0) return freshRuleState()
  if (!isTimeOrNull(s.holding_since) || !isTimeOrNull(s.healthy_since)) return freshRuleState()
  const ladder = readLadder(s.escalation)
  const keys = Object.keys(s).length
  if (live === s.live && shadow === s.shadow && (keys === 5 || (keys === 6 && ladder !== undefined && ladder === s.escalation))) return s as unknown as RuleState
  const out: RuleState = { streak: s.streak, holding_since: s.holding_since, healthy_since: s.healthy_since, live, shadow }
  if (ladder) out.escalation = ladder
  return out
}

/** A damaged ladder position restarts the ladder at step 1 (the rest of the state is kept). */
function readLadder(v: unknown): Ladder | null | undefined {
  if (v === undefined) return undefined
  if (v === null) return null
  if (typeof v !== 'object') return undefined
  const l = v as Record<string, unknown>
  if (typeof l.step !== 'number' || !Number.isInteger(l.step) || l.step < 0 || !isTime(l.until)) return undefined
  return Object.keys(l).length === 2 ? (l as unknown as Ladder) : { step: l.step, until: l.until }
}
