import { sampleOf } from '../../events'
import type { Stage } from '../cycle'
import { flushBuffer, saveDetectorState, saveEngineState } from '../persist'

/**
 * The sample joins the metrics buffer (sent as a batch when full); the engine state is written
 * if this cycle changed it, the detector's baseline at most once a minute.
 */
export const recordStage: Stage = {
  name: 'record',
  run(c, loop, deps) {
    loop.buffer.push(sampleOf({ ts: c.ts, metrics: c.metrics, missing: c.missing, modelVersion: c.modelVersion, explanation: c.explanation }))
    if (loop.buffer.length >= c.bufferSize) flushBuffer(loop, deps)
    if (c.desired) saveEngineState(loop, deps)
    saveDetectorState(loop, deps, false)
    if (c.reason === 'trigger') deps.log.info({ decisions: c.report.decisions.length }, 'triggered cycle done')
  },
}
