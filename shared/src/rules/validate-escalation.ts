import type { ActionSpec } from '../actions/catalog'
import { durationLimits, listLimits } from '../protocol/limits'
import { formatDuration } from './explain'
import type { Escalation, EscalationStep } from './schema'
import { checkAction } from './validate-actions'
import { type PathedError, type Segment, checkDuration, checkKnownKeys, isPlainObject, show } from './validate-util'

/**
 * A step's timeout is a verification window: shorter than a few samples proves nothing, longer
 * than a day is not a verification any more.
 */
export const STEP_TIMEOUT_MIN_S = 5
const STEP_TIMEOUT_MAX_S = durationLimits.verifyWindow
const MAX_STEPS = listLimits.escalationSteps

function checkTimeout(v: unknown, at: Segment[], what: string, errs: PathedError[]): number | null {
  const s = checkDuration(v, at, what, errs, { positive: true })
  if (s === null) return null
  if (s < STEP_TIMEOUT_MIN_S || s > STEP_TIMEOUT_MAX_S) {
    errs.push({ at, message: `${what} must be from ${STEP_TIMEOUT_MIN_S}s to ${formatDuration(STEP_TIMEOUT_MAX_S * 1000)} (the time a step's fix has to verify healthy), got ${show(v)}` })
    return null
  }
  return s
}

/** Each step's actions are checked exactly as a rule's are (known actions, parameters, selectors). */
function checkActions(v: unknown, at: Segment[], errs: PathedError[]): ActionSpec[] | null {
  if (v === undefined) {
    errs.push({ at, message: 'an escalation step needs actions (run in order, like a rule\'s)' })
    return null
  }
  if (!Array.isArray(v)) {
    errs.push({ at, message: `actions must be a list, got ${show(v)}` })
    return null
  }
  if (v.length === 0 || v.length > listLimits.actions) {
    errs.push({ at, message: `an escalation step must have 1 to ${listLimits.actions} actions, got ${v.length}` })
    return null
  }
  const out = v.map((a, i) => checkAction(a, [...at, i], errs))
  return out.every((a): a is ActionSpec => a !== null) ? out : null
}

/**
 * `escalation: {timeout, steps: [{actions, timeout?}, …]}`. `maxActionsCount` (when the rule has
 * max_actions): a limit below the ladder's length stops the rule before it reaches its last step.
 */
export function checkEscalation(v: unknown, at: Segment[], maxActionsCount: number | undefined, errs: PathedError[]): Escalation | undefined {
  if (v === undefined) return undefined
  if (!isPlainObject(v)) {
    errs.push({
      at,
      message: `escalation must be {timeout, steps: [{actions, timeout}]} (the rule's actions are step 1), got ${show(v)}`,
    })
    return undefined
  }
  const before = errs.length
  checkKnownKeys(v, ['timeout', 'steps'], at, 'escalation', errs)
  if (v.timeout === undefined) errs.push({ at: [...at, 'timeout'], message: 'escalation needs a timeout: how long step 1 (the rule\'s actions) has to verify healthy, e.g. "2m"' })
  else checkTimeout(v.timeout, [...at, 'timeout'], 'escalation.timeout', errs)

  const steps: EscalationStep[] = []
  const sAt = [...at, 'steps']
  if (v.steps === undefined) errs.push({ at: sAt, message: 'escalation needs steps: what to do when step 1 does not verify healthy' })
  else if (!Array.isArray(v.steps)) errs.push({ at: sAt, message: `escalation.steps must be a list of {actions, timeout}, got ${show(v.steps)}` })
  else if (v.steps.length === 0 || v.steps.length > MAX_STEPS) {
    errs.push({ at: sAt, message: `escalation.steps must have 1 to ${MAX_STEPS} steps after the rule's own actions, got ${v.steps.length}` })
  } else {
    v.steps.forEach((step, i) => {
      const p = [...sAt, i]
      if (!isPlainObject(step)) {
        errs.push({ at: p, message: `an escalation step must be {actions, timeout}, got ${show(step)}` })
        return
      }
      checkKnownKeys(step, ['actions', 'timeout'], p, `escalation step ${i + 2}`, errs)
      const actions = checkActions(step.actions, [...p, 'actions'], errs)
      if (step.timeout !== undefined) checkTimeout(step.timeout, [...p, 'timeout'], `the timeout of escalation step ${i + 2}`, errs)
      if (actions) steps.push({ actions, ...(step.timeout !== undefined ? { timeout: step.timeout as string | number } : {}) })
    })
    const length = v.steps.length + 1
    if (maxActionsCount !== undefined && maxActionsCount < length) {
      errs.push({
        at: sAt,
        message: `the ladder has ${length} steps but max_actions.count is ${maxActionsCount}: every step counts as an action, so the rule would stop before step ${length}; raise max_actions.count to at least ${length}`,
      })
    }
  }
  if (errs.length > before) return undefined
  return { timeout: v.timeout as string | number, steps }
}
