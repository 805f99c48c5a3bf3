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

const nov = (o: Partial<NoveltySpec>, weight: number, deadzone = 0): Candidate['novelty'] => ({ spec: { lags: 8, memory: 128, stride: 1, k: 3, history: 256, ...o }, weight, deadzone })
const withNovelty = (name: string, o: Partial<NoveltySpec>, weight: number, deadzone = 0): Candidate => ({ ...base, name, novelty: nov(o, weight, deadzone) })

export const candidates: Candidate[] = [
  withNovelty('N1 lags 8 stride 1 w 1', {}, 1),
  withNovelty('N2 lags 8 stride 4 w 1', { stride: 4 }, 1),
  withNovelty('N3 lags 8 stride 4 w 3', { stride: 4 }, 3),
  withNovelty('N4 lags 16 stride 4 w 1', { lags: 16, stride: 4 }, 1),
  // Second run: under no novelty p is uniform, so −ln p > 4.6 on 1% of rows — too common to add as is.
  // Only the far tail counts: a longer p-value history (1024) and a dead zone of 4 (p < 1.8%).
  withNovelty('N5 stride 4 hist 1024 dz 4 w 3', { stride: 4, history: 1024 }, 3, 4),
  withNovelty('N6 stride 4 hist 1024 dz 4 w 10', { stride: 4, history: 1024 }, 10, 4),
]
