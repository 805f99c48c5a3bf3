import type { Cycle, LoopDeps, LoopState, Stage } from './cycle'
import { collectStage } from './stages/collect'
import { evaluateStage } from './stages/evaluate'
import { externalInputsStage } from './stages/external-inputs'
import { executeStage } from './stages/execute'
import { gateStage } from './stages/gate'
import { recordStage } from './stages/record'
import { scoreStage } from './stages/score'
import { verifyStage } from './stages/verify'

/**
 * The monitoring loop as an ordered list of stages, one job each (Alertmanager's MultiStage):
 *
 *   collect → score → external inputs → verify → evaluate → gate → execute → record
 *
 * verify sits before evaluate: the new sample checks actions of earlier cycles, never the ones
 * it is about to trigger. record is last: the sample, the engine state and the detector state
 * are written once per cycle, whatever the stages before decided.
 */
export const stages: readonly Stage[] = Object.freeze([collectStage, scoreStage, externalInputsStage, verifyStage, evaluateStage, gateStage, executeStage, recordStage])

/**
 * Runs one cycle. Stages handle their own expected failures (a collector down, a model that
 * fails); a stage that throws anyway is logged with its name and the cycle carries on, so the
 * sample is still recorded and the loop keeps running. Nothing throws out of here.
 */
export async function runPipeline(cycle: Cycle, loop: LoopState, deps: LoopDeps, list: readonly Stage[] = stages): Promise<void> {
  for (const stage of list) {
    cycle.stage = stage.name
    try {
      await stage.run(cycle, loop, deps)
    } catch (err) {
      deps.log.error({ err, stage: stage.name }, 'stage failed; cycle continues')
    }
  }
}
