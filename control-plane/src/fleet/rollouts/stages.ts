import { formatLabelSelector } from '@smartcloudops/shared/label-selector'
import { durationProblem, toSeconds } from '@smartcloudops/shared'
import type { GateThresholds, RolloutStageSpec } from '../../db/schema'
import { badRequest } from '../../http/errors'
import { defaultGate, gateMetrics } from './gate'
import { parseSelector, SelectorError } from '../selector'

/** Longest soak of one stage: 30 days. */
export const maxSoakSeconds = 30 * 86_400

export interface StageInput {
  selector?: string
  percent?: number
  soak: number | string
}

export function describeStage(s: RolloutStageSpec): string {
  return s.selector !== undefined ? `hosts matching ${s.selector}` : `${s.percent}% of hosts`
}

/**
 * Checks the stages beyond their schema and normalises them (soak in seconds, selector in its
 * canonical form). Errors name the field: `body.stages[2].percent: …`.
 */
export function checkStages(input: readonly StageInput[]): RolloutStageSpec[] {
  let lastPercent = 0
  const out = input.map((s, i) => {
    const at = `body.stages[${i}]`
    if ((s.selector === undefined) === (s.percent === undefined)) throw badRequest('invalid_stage', `${at}: give either selector (a canary label selector) or percent, not ${s.selector === undefined ? 'neither' : 'both'}`)
    const problem = durationProblem(s.soak, maxSoakSeconds)
    if (problem) throw badRequest('invalid_stage', `${at}.soak: ${problem}`)
    const soak_s = toSeconds(s.soak)
    if (s.selector !== undefined) {
      try {
        return { selector: formatLabelSelector(parseSelector(s.selector).requirements), soak_s }
      } catch (err) {
        if (err instanceof SelectorError) throw badRequest('invalid_stage', `${at}.selector: ${err.message}`)
        throw err
      }
    }
    const p = s.percent!
    // 0.07 × 100 is 7.000000000000001 in floating point: compare with a tolerance.
    if (Math.abs(p * 100 - Math.round(p * 100)) > 1e-6) throw badRequest('invalid_stage', `${at}.percent: ${p} has more than two decimals (hosts are placed in 10,000 buckets)`)
    if (p <= lastPercent) throw badRequest('invalid_stage', `${at}.percent: ${p} must be larger than the stage before it (${lastPercent}); stages only grow`)
    lastPercent = p
    return { percent: p, soak_s }
  })
  const last = out[out.length - 1]!
  if (last.percent !== 100) throw badRequest('invalid_stage', `body.stages[${out.length - 1}].percent: the last stage must be percent: 100 (the whole fleet), so that the rollout ends with every host on the new version`)
  return out
}

export interface GateInput {
  [metric: string]: { max_ratio?: number; min_excess?: number } | undefined
}

/** The defaults with what the caller set on top (the schema bounds the numbers and names the metrics). */
export function gateWith(input: GateInput | undefined): GateThresholds {
  const g = structuredClone(defaultGate)
  for (const m of gateMetrics) Object.assign(g[m], input?.[m] ?? {})
  return g
}
