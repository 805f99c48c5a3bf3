import type { Candidate } from './tune'
import { defaultGraphParams, modelCalibrationSpec, modelFeatureSpec } from '@smartcloudops/shared/model/model-params'
import type { NoveltySpec } from '@smartcloudops/shared/features/novelty'

/**
 * Candidates of the cross-validated selection (cv.ts), first run 2026-12-01. The base is the
 * shipped model (scops-anomaly-1.4.0); each variant adds the sequence-novelty feature
 * (shared/src/features/novelty.ts) as one more per-metric feature at a weight. Few knobs: the
 * context length, how far back the memory reaches (stride), and the weight; k = 3 nearest, 128
 * kept contexts and 256 past non-conformities are fixed. The README reports every row run here.
 */
export const base: Candidate = { name: '1.4.0', features: modelFeatureSpec, calibration: modelCalibrationSpec, graph: defaultGraphParams }

const nov = (o: Partial<NoveltySpec>, weight: number): Candidate['novelty'] => ({ spec: { lags: 8, memory: 128, stride: 1, k: 3, history: 256, ...o }, weight })
const withNovelty = (name: string, o: Partial<NoveltySpec>, weight: number): Candidate => ({ ...base, name, novelty: nov(o, weight) })

export const candidates: Candidate[] = [
  withNovelty('N1 lags 8 stride 1 w 1', {}, 1),
  withNovelty('N2 lags 8 stride 4 w 1', { stride: 4 }, 1),
  withNovelty('N3 lags 8 stride 4 w 3', { stride: 4 }, 3),
  withNovelty('N4 lags 16 stride 4 w 1', { lags: 16, stride: 4 }, 1),
]
