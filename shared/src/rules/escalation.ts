import type { VerificationOutcome } from '../protocol/agent-messages'
import type { CompiledRule } from './compile'
import { formatDuration } from './explain'
import type { Ladder, RuleState } from './state'

/**
 * Escalation ladders (semantics: ./README.md, "Escalation ladders"). A rule's `actions` are step
 * 0 (shown to people as step 1); `escalation.steps` follow. The position lives in the rule's
 * state (`escalation`), so it survives an agent restart. Pure functions of (compiled rule, state,
 * now): the engine asks which step a firing runs, the agent tells it how the step went.
 */

/** Which step a firing of a ladder rule runs, and why. */
export interface StepChoice {
  /** 0-based index into the compiled ladder. */
  index: number
  of: number
  /** The previous step's fix is still inside its timeout: the firing waits (the escalation gate). */
  pending: boolean
  /** Moving up to a later step: the rule's cooldown and hysteresis do not hold it back. */
  escalating: boolean
  /** For the decision's reason: "escalation step 2 of 3 (restart_service): step 1 … did not verify healthy". */
  why: string
}

const kinds = (c: CompiledRule, i: number): string => c.ladder![i]!.actions.map((a) => a.type).join(', ')
const stepName = (c: CompiledRule, i: number): string => `step ${i + 1} (${kinds(c, i)})`

export function chooseStep(c: CompiledRule, ladder: Ladder | null | undefined, now: number): StepChoice | undefined {
  const steps = c.ladder
  if (!steps) return undefined
  const of = steps.length
  if (!ladder) return { index: 0, of, pending: false, escalating: false, why: `escalation step 1 of ${of} (${kinds(c, 0)})` }
  // A ruleset change may have removed steps: the position is clamped to the ladder's last step.
  const ran = Math.min(ladder.step, of - 1)
  if (now < ladder.until) {
    return {
      index: ran,
      of,
      pending: true,
      escalating: false,
      why: `${stepName(c, ran)} of ${of} is being verified: ${formatDuration(ladder.until - now)} of its ${formatDuration(steps[ran]!.timeoutMs)} timeout left`,
    }
  }
  if (ran === of - 1) {
    return { index: ran, of, pending: false, escalating: false, why: `escalation step ${of} of ${of} (${kinds(c, ran)}) again: the last step did not verify healthy either` }
  }
  const next = ran + 1
  return {
    index: next,
    of,
    pending: false,
    escalating: true,
    why: `escalation step ${next + 1} of ${of} (${kinds(c, next)}): ${stepName(c, ran)} did not verify healthy within ${formatDuration(steps[ran]!.timeoutMs)}`,
  }
}

/** A committed firing of step `index`: its fix has the step's timeout from `now` to verify healthy. */
export function stepCommitted(c: CompiledRule, index: number, now: number): Ladder {
  return { step: index, until: now + c.ladder![index]!.timeoutMs }
}

/**
 * The step's actions finished at `at` (the agent calls this; the engine assumed they took no
 * time). The timeout runs from then, like the verification window. A failed action is a failed
 * step: the next step is due at once.
 */
export function stepFinished(c: CompiledRule, state: RuleState, index: number, at: number, ok: boolean): RuleState {
  if (!c.ladder || state.escalation?.step !== index) return state
  return { ...state, escalation: { step: index, until: ok ? at + c.ladder[index]!.timeoutMs : at } }
}

/**
 * How the step's verification came out. `cleared`: the fix worked, the ladder starts over at step
 * 1. `holding` / `unknown`: nobody knows that it worked, so the next step is due from `at` on.
 * A verification of a step the ladder has since left (reset, or moved on) changes nothing.
 */
export function stepVerified(state: RuleState, index: number, outcome: VerificationOutcome, at: number): RuleState {
  const l = state.escalation
  if (!l || l.step !== index) return state
  if (outcome === 'cleared') return { ...state, escalation: null }
  return l.until <= at ? state : { ...state, escalation: { step: index, until: at } }
}
