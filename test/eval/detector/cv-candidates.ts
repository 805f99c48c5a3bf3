import type { Candidate } from './tune'
import { defaultGraphParams, modelCalibrationSpec, modelFeatureSpec } from '@smartcloudops/shared/model/model-params'
import type { NoveltySpec } from '@smartcloudops/shared/features/novelty'
import type { DiscordSpec } from '@smartcloudops/shared/features/discord'
import type { DiscordUse, ForecastUse } from './tune'
import type { ForecastSpec } from '@smartcloudops/shared/features/forecast'
import type { BurstinessSpec } from '@smartcloudops/shared/features/burstiness'
import type { SequenceUse } from './tune'
import type { SequenceMemorySpec } from './sequence-memory'

/**
 * Candidates of the cross-validated selection (cv.ts), first run 2026-12-01 (N1–N6), second
 * selection 2026-12-02 (D1–D5, L1–L3: the discord family, three runs; F1–F3, B1–B3: the analogue
 * forecaster and the burst/level choice, two runs; none adopted). The base is the
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

  // Selection of 2026-12-02: a different family — the streaming discord distance of the latest
  // z-normalized subsequence (shared/src/features/discord.ts, DAMP-style, bounded memory), used as
  // a gate on each metric's score (or, for comparison, as one more max term). Fixed: subsequences
  // of 16, 64 kept one every 8 samples (512 samples covered), 512 past distances, dead zone 4.
  withDiscord('D1 discord gate w 1', { combine: 'gate', weight: 1 }),
  withDiscord('D2 discord gate w 3', { combine: 'gate', weight: 3 }),
  withDiscord('D3 discord max w 3', { combine: 'max', weight: 3 }),
  // Second run: the gate cost the hosts, the max term is neutral. HTM's anomaly likelihood of the
  // discord surprise per metric (window 16 or 48, long-run α 0.0005, clamp 5), raising the shaped
  // output surprise to weight × (the largest metric's − ln metrics); the graph is untouched.
  withDiscord('L1 discord likelihood win 16 w 1', { combine: 'likelihood', weight: 1 }, { likelihood: { window: 16, longAlpha: 0.0005, clamp: 5 } }),
  withDiscord('L2 discord likelihood win 48 w 1', { combine: 'likelihood', weight: 1 }, { likelihood: { window: 48, longAlpha: 0.0005, clamp: 5 } }),
  withDiscord('L3 discord likelihood win 16 w 0.6', { combine: 'likelihood', weight: 0.6 }, { likelihood: { window: 16, longAlpha: 0.0005, clamp: 5 } }),
  // Third run: the likelihood cost both columns (hosts most: 19–38 per-metric likelihoods raise the
  // train tail); the max term alone (D3) was neutral. A stronger max term for single series
  // (weight 10; hosts keep D3's 3), with subsequences of 16 and of 32.
  withDiscord('D4 discord max w 3 single series 10', { combine: 'max', weight: 3, univariateWeight: 10 }),
  withDiscord('D5 discord max w 3 single series 10 length 32', { combine: 'max', weight: 3, univariateWeight: 10 }, { length: 32 }),

  // Selection of 2026-12-02, second round: a sequence model that PREDICTS the next value — the
  // analogue forecaster (shared/src/features/forecast.ts: the successor steps of the 3 nearest of
  // 128 kept 8-step contexts, one kept every 4 samples) — scored by its residual: the residual's
  // surprise as a max term or a gate (as D3, D1), or explaining the level feature away where the
  // forecast saw the value coming.
  withForecast('F1 forecast max w 3', { combine: 'max', weight: 3 }),
  withForecast('F2 forecast gate w 1', { combine: 'gate', weight: 1 }),
  withForecast('F3 forecast explains level w 1', { combine: 'explain', weight: 1 }),
  // Per-series choice between bursty and level behaviour (shared/src/features/burstiness.ts):
  // after 500 samples a metric with more than `cut` of its samples beyond 4 scales (EW, α 0.002)
  // is bursty; its ordinary bursts count at half the level weight, its record gate ×1 or ×2.
  withBurst('B1 bursty cut 1% level 0.5', { cut: 0.01 }, 0.5, 1),
  withBurst('B2 bursty cut 1% level 0.5 record gate x2', { cut: 0.01 }, 0.5, 2),
  withBurst('B3 bursty cut 3% level 0.5 record gate x2', { cut: 0.03 }, 0.5, 2),

  // Selection of 2026-12-02, third round: a LEARNED sequence memory (sequence-memory.ts, the idea of
  // HTM/ARTime: a variable-order Markov model of each metric's encoded level feature, orders 1–3,
  // learning each sample 64 samples after seeing it) as a gate: a deviation the metric's own
  // history foretold counts `floor` of itself. Fixed: resolution 2 symbols per asinh unit, 1024
  // slots per order, 2 counts to predict, tolerance 1 symbol, lag 64.
  withSequence('Q1 sequence gate floor 0.5 single series', { floor: 0.5, univariateOnly: true }),
  withSequence('Q2 sequence gate floor 0.25 single series', { floor: 0.25, univariateOnly: true }),
  withSequence('Q3 sequence gate floor 0.5 hosts too', { floor: 0.5, univariateOnly: false }),
]

function withSequence(name: string, use: SequenceUse, spec: Partial<SequenceMemorySpec> = {}): Candidate {
  return { ...base, name, sequence: { ...use, spec: { order: 3, resolution: 2, slots: 1024, minCount: 2, tolerance: 1, lag: 64, ...spec } } }
}

function withBurst(name: string, spec: Partial<BurstinessSpec>, levelWeight: number, recordGate: number): Candidate {
  return { ...base, name, burst: { spec: { threshold: 4, alpha: 0.002, decideAfter: 500, cut: 0.01, ...spec }, levelWeight, recordGate } }
}

function withForecast(name: string, use: Partial<ForecastUse> & Pick<ForecastUse, 'combine' | 'weight'>, spec: Partial<ForecastSpec> = {}): Candidate {
  return { ...base, name, forecast: { deadzone: 4, ...use, spec: { lags: 8, memory: 128, stride: 4, k: 3, history: 512, ...spec } } }
}

function withDiscord(name: string, use: Partial<DiscordUse> & Pick<DiscordUse, 'combine' | 'weight'>, spec: Partial<DiscordSpec> = {}): Candidate {
  return { ...base, name, discord: { deadzone: 4, ...use, spec: { length: 16, memory: 64, stride: 8, history: 512, ...spec } } }
}
