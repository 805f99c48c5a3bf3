import { readDefaultModel } from '@smartcloudops/agent/detect/default-model'
import { createDetector } from '@smartcloudops/agent/detect/detector'
import { readModelMeta } from '@smartcloudops/shared/model/model-artifact'
import { columnNames } from '../detector/score-series'

/** How far the built-in evaluator's scores are from ONNX Runtime's on one series. */
export interface RuntimeDiff {
  name: string
  /** Samples both scored (after warm-up). */
  scored: number
  /** Of them, scored bit-for-bit the same. */
  identical: number
  maxAbsDiff: number
  /** Samples that one runtime scored and the other did not (warm-up must end at the same row). */
  presenceMismatches: number
  /** Samples whose alert decision (score ≥ the model's standard threshold) differs. */
  alertFlips: number
}

/**
 * Scores the rows through exactly the agent's path (createDetector → score) twice in lockstep, once
 * on each runtime, and compares the anomaly scores a user sees. Multivariate rows get ts = i × 60 s
 * like the evaluation (score-series.ts); univariate series bring their own timestamps.
 */
export async function compareRuntimes(name: string, rows: readonly Float64Array[], timestamps?: readonly number[]): Promise<RuntimeDiff> {
  const dims = rows[0]?.length ?? 0
  const metrics = dims === 1 && timestamps ? ['value'] : columnNames(dims)
  const [builtin, ort] = await Promise.all([createDetector({ metrics, modelRuntime: 'builtin' }), createDetector({ metrics, modelRuntime: 'onnxruntime' })])
  const threshold = readModelMeta(await readDefaultModel()).thresholds.standard
  const diff: RuntimeDiff = { name, scored: 0, identical: 0, maxAbsDiff: 0, presenceMismatches: 0, alertFlips: 0 }
  const sample: Record<string, number> = {}
  try {
    for (let i = 0; i < rows.length; i++) {
      for (let d = 0; d < dims; d++) sample[metrics[d]!] = rows[i]![d]!
      const ts = timestamps?.[i] ?? i * 60_000
      const a = (await builtin.score(sample, ts))?.ml_anomaly_score
      const b = (await ort.score(sample, ts))?.ml_anomaly_score
      if ((a === undefined) !== (b === undefined)) diff.presenceMismatches++
      if (a === undefined || b === undefined) continue
      diff.scored++
      if (a === b) diff.identical++
      diff.maxAbsDiff = Math.max(diff.maxAbsDiff, Math.abs(a - b))
      if (a >= threshold !== b >= threshold) diff.alertFlips++
    }
  } finally {
    await Promise.all([builtin.close(), ort.close()])
  }
  return diff
}
