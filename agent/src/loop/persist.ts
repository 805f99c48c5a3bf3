import type { EngineState } from '@smartcloudops/shared/rules/engine'
import { metricsBatchEvents } from '../events'
import type { LoopDeps, LoopState } from './cycle'

/**
 * What the loop keeps on disk, through the StateStore: the engine state (cooldowns, counters —
 * a restart must not reset them) and the detector's baselines. The engine state is written only
 * when it changed: most cycles fire nothing and change nothing, and a write is an fsync.
 */
const DETECTOR_SAVE_MS = 60_000

export function loadEngineState(deps: LoopDeps): EngineState {
  try {
    const v = deps.store.read('engine-state')
    // The engine validates each rule's state itself and starts that rule fresh when it is bad.
    if (v && typeof v === 'object' && !Array.isArray(v)) return v as EngineState
  } catch (err) {
    deps.log.warn({ err }, 'engine state unreadable; cooldowns start fresh')
  }
  return {}
}

export function saveEngineState(loop: LoopState, deps: LoopDeps): void {
  const text = JSON.stringify(loop.engine)
  if (text === loop.engineWritten) return
  try {
    deps.store.write('engine-state', loop.engine)
    loop.engineWritten = text
  } catch (err) {
    deps.log.error({ err }, 'could not persist engine state')
  }
}

export function loadDetectorState(deps: LoopDeps): void {
  const d = deps.parts.detector
  if (!d) return
  let v: unknown
  try {
    v = deps.store.read('detector-state')
  } catch (err) {
    deps.log.warn({ err }, 'detector state unreadable; baselines start fresh')
    return
  }
  if (v !== undefined) d.importState(v)
}

export function saveDetectorState(loop: LoopState, deps: LoopDeps, force: boolean): void {
  const d = deps.parts.detector
  if (!d) return
  const now = deps.now()
  if (!force && now - loop.lastDetectorSave < DETECTOR_SAVE_MS) return
  loop.lastDetectorSave = now
  try {
    deps.store.write('detector-state', d.exportState())
  } catch (err) {
    deps.log.error({ err }, 'could not persist detector state')
  }
}

export function flushBuffer(loop: LoopState, deps: LoopDeps): void {
  if (loop.buffer.length === 0) return
  const samples = loop.buffer
  loop.buffer = []
  for (const batch of metricsBatchEvents(samples)) deps.recorder.record('metrics.batch', batch)
}
