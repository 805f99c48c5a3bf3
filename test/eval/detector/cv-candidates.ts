import type { Candidate } from './tune'
import { defaultGraphParams, modelCalibrationSpec, modelFeatureSpec } from '@smartcloudops/shared/model/model-params'
import type { NoveltySpec } from './research/novelty'
import type { DiscordSpec } from './research/discord'
import type { DiscordUse, ForecastUse } from './tune'
import type { ForecastSpec } from './research/forecast'
import type { BurstinessSpec } from './research/burstiness'
import type { SequenceUse } from './tune'
import type { SeasonalSpec } from '@smartcloudops/shared/features/spec'
import type { SequenceMemorySpec } from './research/sequence-memory'
import type { HostStructureSpec } from './research/host-structure'
import type { AlarmSpec } from '@smartcloudops/shared/features/alarm'

/**
 * Candidates of the cross-validated selection (cv.ts), first run 2026-12-01 (N1–N6), second
 * selection 2026-12-02 (D1–D5, L1–L3: the discord family, three runs; F1–F3, B1–B3: the analogue
 * forecaster and the burst/level choice, two runs; Q, S, P, H, A, C: the third round, nine runs;
 * R, K: the fourth round, 2026-12-03, three runs; W, J, T, E: the fifth round; X, Y: the sixth round, 2026-12-03; none adopted). The base is the
 * shipped model (scops-anomaly-1.4.0); each variant adds the sequence-novelty feature
 * (research/novelty.ts) as one more per-metric feature at a weight. Few knobs: the
 * context length, how far back the memory reaches (stride), and the weight; k = 3 nearest, 128
 * kept contexts and 256 past non-conformities are fixed. The README reports every row run here.
 */
export const base: Candidate = { name: '1.4.0', features: modelFeatureSpec, calibration: modelCalibrationSpec, graph: defaultGraphParams }

const nov = (o: Partial<NoveltySpec>, weight: number, deadzone = 0): Candidate['novelty'] => ({ spec: { lags: 8, memory: 128, stride: 1, k: 3, history: 256, ...o }, weight, deadzone })
const withNovelty = (name: string, o: Partial<NoveltySpec>, weight: number, deadzone = 0): Candidate => ({ ...base, name, novelty: nov(o, weight, deadzone) })

const seasonS6: SeasonalSpec = { bucketSeconds: 3600, buckets: 24, alpha: 0.02, minSamples: 24, weight: 1, deseasonalizeFast: true, gate: 0.7 }

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
  // z-normalized subsequence (research/discord.ts, DAMP-style, bounded memory), used as
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
  // analogue forecaster (research/forecast.ts: the successor steps of the 3 nearest of
  // 128 kept 8-step contexts, one kept every 4 samples) — scored by its residual: the residual's
  // surprise as a max term or a gate (as D3, D1), or explaining the level feature away where the
  // forecast saw the value coming.
  withForecast('F1 forecast max w 3', { combine: 'max', weight: 3 }),
  withForecast('F2 forecast gate w 1', { combine: 'gate', weight: 1 }),
  withForecast('F3 forecast explains level w 1', { combine: 'explain', weight: 1 }),
  // Per-series choice between bursty and level behaviour (research/burstiness.ts):
  // after 500 samples a metric with more than `cut` of its samples beyond 4 scales (EW, α 0.002)
  // is bursty; its ordinary bursts count at half the level weight, its record gate ×1 or ×2.
  withBurst('B1 bursty cut 1% level 0.5', { cut: 0.01 }, 0.5, 1),
  withBurst('B2 bursty cut 1% level 0.5 record gate x2', { cut: 0.01 }, 0.5, 2),
  withBurst('B3 bursty cut 3% level 0.5 record gate x2', { cut: 0.03 }, 0.5, 2),

  // Selection of 2026-12-02, third round: a LEARNED sequence memory (research/sequence-memory.ts, the idea of
  // HTM/ARTime: a variable-order Markov model of each metric's encoded level feature, orders 1–3,
  // learning each sample 64 samples after seeing it) as a gate: a deviation the metric's own
  // history foretold counts `floor` of itself. Fixed: resolution 2 symbols per asinh unit, 1024
  // slots per order, 2 counts to predict, tolerance 1 symbol, lag 64.
  withSequence('Q1 sequence gate floor 0.5 single series', { floor: 0.5, univariateOnly: true }),
  withSequence('Q2 sequence gate floor 0.25 single series', { floor: 0.25, univariateOnly: true }),
  withSequence('Q3 sequence gate floor 0.5 hosts too', { floor: 0.5, univariateOnly: false }),
  // Fourth round: the pattern breaks of a periodic signal through the pipeline's own seasonal
  // baseline (spec.ts SeasonalSpec, Holt–Winters' additive season per hour-of-day or hour-of-week
  // bucket; supported by the agent since 1.3.0, never shipped), at the three settings the 1.3.0
  // sweep had tried (its split figures chose none), now judged by cross-validation.
  withSeason('S1 seasonal day a 0.02', { bucketSeconds: 3600, buckets: 24, alpha: 0.02, minSamples: 24, weight: 1 }),
  withSeason('S2 seasonal week a 0.02', { bucketSeconds: 3600, buckets: 168, alpha: 0.02, minSamples: 12, weight: 1 }),
  withSeason('S3 seasonal day a 0.02 weight 0.5', { bucketSeconds: 3600, buckets: 24, alpha: 0.02, minSamples: 24, weight: 0.5 }),
  // Fifth round: S1/S2 gained NAB inside a wide spread and lost a little on the hosts. Two fixes
  // of the seasonal baseline itself: the fast mean and spread deseasonalized too (the 1.3.0
  // option compared a lagging raw average with the bucket's expectation, so a wave's slope read
  // as a shift), and a gate that applies the offsets only while they explain the metric (seasonal
  // residual below 0.7 × the level's own), so a metric without a period scores as the base.
  withSeason('S4 seasonal week deseasonalized fast', { bucketSeconds: 3600, buckets: 168, alpha: 0.02, minSamples: 12, weight: 1, deseasonalizeFast: true }),
  withSeason('S5 seasonal week deseasonalized fast gate 0.7', { bucketSeconds: 3600, buckets: 168, alpha: 0.02, minSamples: 12, weight: 1, deseasonalizeFast: true, gate: 0.7 }),
  withSeason('S6 seasonal day deseasonalized fast gate 0.7', { bucketSeconds: 3600, buckets: 24, alpha: 0.02, minSamples: 24, weight: 1, deseasonalizeFast: true, gate: 0.7 }),
  // Sixth round (per-fold gains printed since the repeat of S5/S6 with `--folds`): S6's gain is all in the
  // artificial fold (daily patterns that break), which a rule over five categories cannot adopt
  // alone. The hosts' misses are the other half: the PCA baseline ranks SMD/ASD rows far better
  // (PR-AUC) because an incident moves metrics that usually move together apart. The host's
  // joint structure (research/host-structure.ts: online PCA of the clipped level features, EW covariance
  // α 0.001, subspace explaining 80% refreshed every 200 samples after 500) joins the per-metric
  // maximum as one more row at weight 1, alone (P1) and with S6's seasonal baseline (P2); P3 at
  // weight 2 with S6.
  withStructure('P1 host structure w 1', 1),
  withStructure('P2 host structure w 1 with S6', 1, seasonS6),
  withStructure('P3 host structure w 2 with S6', 2, seasonS6),
  // Seventh round: as a row the structure never outranks the per-metric maximum (on ordinary
  // rows some metric of a host already sits at the cap: raw p50 7–41, its own p99 3–4, printed
  // once as a diagnostic on omi-1 and machine-2-1 train rows). Calibrated on its own and combined
  // as a second detector's surprise (max, less ln 2), alone and with S6.
  withStructure('P4 host structure calibrated', 1, undefined, {}, 'calibrated'),
  withStructure('P5 host structure calibrated with S6', 1, seasonS6, {}, 'calibrated'),
  // Eighth round: that diagnostic also shows why the hosts rank poorly — on ordinary rows some
  // metric sits at the cap (near-constant, quantized metrics whose scale is the floor), so the
  // maximum is saturated and only the mean orders rows. Each metric's score calibrated against
  // its own history first (Candidate.perMetricCalibration), alone (H1) and with S6 (H2).
  { ...base, name: 'H1 per-metric calibration', perMetricCalibration: true },
  { ...withSeason('H2 per-metric calibration with S6', seasonS6), perMetricCalibration: true },
  // Ninth round, from an error analysis of the base on the NAB folds (diag-nab-errors.ts: each
  // missed window's best score): several windows in four of the five categories are missed at
  // exactly 0.999 — the hold-off cap, set off by an alarm up to 200 samples earlier, sits below the
  // threshold the other categories choose (0.9997), so nothing can be detected during it. Two ways
  // out: a hold-off that a stronger deviation breaks (re-arm when the surprise passes everything
  // since the hold-off began by 1), or a shorter one (50 samples); and the re-arm with S6.
  withAlarm('A1 hold-off re-arm margin 1', { rearmMargin: 1 }),
  withAlarm('A2 hold-off 50 samples', { holdoffSamples: 50 }),
  withAlarm('A3 hold-off re-arm margin 1 with S6', { rearmMargin: 1 }, seasonS6),
  // Tenth round: the same cap also TIES every row of an incident after its first alarm at 0.999,
  // which throws away their order (PR-AUC ranks rows). Compressed under the cap from 1 surprise
  // unit below it instead of clipped (monotone; nothing below the knee changes; alarms as before).
  withAlarm('C1 ordered hold-off knee 1', { holdoffKnee: 1 }),
  // Fourth round (2026-12-03), from the same error analysis read for false positives: in bursty
  // series (an AWS disk-write series: 16 false alarms, most 200–201 samples apart) the fixed
  // hold-off ends while the deviation that set it off goes on, and its next sample is a new alarm;
  // NAB charges each. A2 shortened the hold-off and lost to exactly those re-alarms. A
  // retriggerable hold-off (AlarmSpec.retrigger: it ends holdoffSamples after the LAST alarm-level
  // output) keeps a deviation that goes on at one alarm, which is what lets the hold-off after an
  // isolated alarm be shorter, so fewer windows fall under it: at 200, 100 and 50 samples.
  withAlarm('R1 retriggered hold-off 200', { retrigger: true }),
  withAlarm('R2 retriggered hold-off 100', { retrigger: true, holdoffSamples: 100 }),
  withAlarm('R3 retriggered hold-off 50', { retrigger: true, holdoffSamples: 50 }),
  // Second run of the round: the gain rose as the hold-off shortened (R1 −4.5, R2 +0.7, R3 +2.7
  // NAB, hosts unchanged); the last two settings of the handful the protocol allows, 25 and 10.
  withAlarm('R4 retriggered hold-off 25', { retrigger: true, holdoffSamples: 25 }),
  withAlarm('R5 retriggered hold-off 10', { retrigger: true, holdoffSamples: 10 }),
  // Third run: none passed. The per-fold gains split by series kind — short hold-offs win windows
  // on ad exchange and traffic and lose on artificial and AWS, where a spiky or bursty series
  // alarms again after each short hold-off. One hold-off length cannot serve both; an alerting
  // backoff can: a metric that alarms again within one hold-off length after its hold-off ended is
  // flapping and is held off twice as long next time (AlarmSpec.holdoffBackoffMax, 800 here), a
  // quiet one re-arms after the short base. Retriggered at bases 50 and 25, and fixed at 50.
  withAlarm('K1 backoff retriggered hold-off 50', { retrigger: true, holdoffSamples: 50, holdoffBackoffMax: 800 }),
  withAlarm('K2 backoff retriggered hold-off 25', { retrigger: true, holdoffSamples: 25, holdoffBackoffMax: 800 }),
  withAlarm('K3 backoff fixed hold-off 50', { holdoffSamples: 50, holdoffBackoffMax: 800 }),
  // Fifth round (2026-12-03): a defect, found by reading the base's false alarms on the NAB folds
  // with their scores' parts. The calibration's histogram covers log(1 + raw) up to maxLogRaw 6
  // (raw ≈ 402), chosen when every raw stayed under the host cap (≤ 180); since 1.3.0 a single
  // series reaches 3 × 1000 × 11 = 33,000 (log 10.4). Every raw above 402 falls into the top bin,
  // and once that bin holds more than the tail's 2% the tail degenerates (its start at 6, its
  // scale at the 0.05 floor): every burst as large as the usual ones is an extreme surprise, and a
  // bursty series alarms again after each hold-off. The fix covers the whole range at the same
  // resolution (maxLogRaw 12, 512 bins: the edges below 6 are the same, so no host row can move).
  // One setting, fixed before the run.
  { ...base, name: 'W1 calibration range to log 12 with 512 bins', calibration: { ...modelCalibrationSpec, bins: 512, maxLogRaw: 12 } },
  // Second run: W1 removed the false alarms of the spiky series (artificial +10.5, AWS +8.0 per
  // fold; tweets −4.9, two windows now just under the threshold). Those re-alarms after each
  // hold-off are also what the shorter hold-offs lost to (A2, R3: artificial and AWS). With the range
  // fixed, the shorter hold-offs again: retriggered 50 (R3's), fixed 50 (A2's), retriggered 100 (R2's).
  withRange(withAlarm('W2 range fix with retriggered hold-off 50', { retrigger: true, holdoffSamples: 50 })),
  withRange(withAlarm('W3 range fix with hold-off 50', { holdoffSamples: 50 })),
  withRange(withAlarm('W4 range fix with retriggered hold-off 100', { retrigger: true, holdoffSamples: 100 })),
  // Third run, the hosts (a label-free diagnostic of the base on the seven SMD/ASD train halves: the
  // feature that sets a host row's maximum is the jump on 63–74% of ASD rows and 30% of SMD rows;
  // ASD's metrics are quantized, 70–100 distinct values, a third to a half of their steps zero):
  // ordinary rows are ranked by the largest step among 19–38 quantized metrics. Host rows without
  // the jump feature, and with it at half weight (single series score as the base: their jump
  // weight is 0 already).
  { ...base, name: 'J1 hosts without the jump feature', graph: { ...defaultGraphParams, weights: [1, 1, 0, 0, 0] } },
  { ...base, name: 'J2 hosts with the jump feature at half weight', graph: { ...defaultGraphParams, weights: [1, 1, 0.5, 0, 0] } },
  // Fourth run: W4's remaining false alarms, listed with diag-nab-errors.ts --false-alarms: the first
  // false alarm of 7 of the 10 tweets series comes 300–910 rows after the probation (history of
  // 1,050–1,660 samples), and 5 AWS series' first within 400 rows of it. A young history
  // extrapolates its tail from a few points (m ≈ 2% of it), and the mean excess of m points is
  // uncertain by 1/√m of itself: the tail's scale at its upper confidence bound
  // (CalibrationSpec.tailScaleConfidence), z = 1 and 2, on W4.
  withTailConfidence(withRange(withAlarm('T1 W4 with the tail scale at one standard error up', { retrigger: true, holdoffSamples: 100 })), 1),
  withTailConfidence(withRange(withAlarm('T2 W4 with the tail scale at two standard errors up', { retrigger: true, holdoffSamples: 100 })), 2),
  // Fifth run: back to the hosts, from a label-free count of which metrics sit at the cap on
  // machine-2-1's train half: four metrics that are 0 for long stretches (m10, m11, m13, m33:
  // mean absolute deviation 5e-8 to 1.5e-6 at the end of train, range 0–0.5 to 0–1) put some metric
  // at the cap on 46% of the rows — each blip reads as 1000 scales, and the shift stays at the
  // cap for ~100 rows after it. Floor the scale at a share of the range the metric's record
  // envelope spans (FeatureSpec.rangeFloor): 1% on the base, 1% and 3% on W4.
  { ...base, name: 'E1 scale floor at 1% of the range', features: { ...modelFeatureSpec, rangeFloor: 0.01 } },
  withRangeFloor(withRange(withAlarm('E2 W4 with the scale floor at 1% of the range', { retrigger: true, holdoffSamples: 100 })), 0.01),
  withRangeFloor(withRange(withAlarm('E3 W4 with the scale floor at 3% of the range', { retrigger: true, holdoffSamples: 100 })), 0.03),
  // Sixth round (2026-12-03, written before its one run): the two nearest misses gain in different
  // folds for different reasons. W4 (the calibration range with a retriggered hold-off of 100) gains
  // artificial, AWS, ad exchange and traffic and loses tweets; S6 (the gated, deseasonalized daily
  // baseline) gains artificial (daily patterns that break) and tweets and loses ad exchange. Their
  // combination was never scored: W4 with S6, and the range fix alone (W1) with S6.
  withRange(withAlarm('X1 W4 with the S6 seasonal baseline', { retrigger: true, holdoffSamples: 100 }, seasonS6)),
  withRange(withSeason('X2 W1 with the S6 seasonal baseline', seasonS6)),
  // Second run, from diag-nab-errors.ts on X1: its tweets fold lost through its threshold (the other
  // four categories chose 0.99919, under the alarm level 0.9997, and tweets flagged 183 false-positive
  // rows between the two: outputs there start no hold-off, so a run of them counts row by row). An
  // alarm level under the band where the categories' thresholds fall makes any threshold there
  // followed by a hold-off: level 0.999 with the cap at 0.99 (rules gating on > 0.9 keep holding),
  // on the base, on W4 and on X1. Settings fixed before the run.
  withAlarm('Y1 alarm level 0.999 cap 0.99', { holdoffLevel: 0.999, holdoffCap: 0.99 }),
  withRange(withAlarm('Y2 W4 with alarm level 0.999 cap 0.99', { retrigger: true, holdoffSamples: 100, holdoffLevel: 0.999, holdoffCap: 0.99 })),
  withRange(withAlarm('Y3 X1 with alarm level 0.999 cap 0.99', { retrigger: true, holdoffSamples: 100, holdoffLevel: 0.999, holdoffCap: 0.99 }, seasonS6)),
]

function withRangeFloor(c: Candidate, share: number): Candidate {
  return { ...c, features: { ...modelFeatureSpec, ...c.features, rangeFloor: share } }
}

function withTailConfidence(c: Candidate, z: number): Candidate {
  return { ...c, calibration: { ...modelCalibrationSpec, ...c.calibration, tailScaleConfidence: z } }
}

/** The fifth round's calibration range (W1): log(1 + raw) up to 12 in 512 bins, the same edges below 6. */
function withRange(c: Candidate): Candidate {
  return { ...c, calibration: { ...modelCalibrationSpec, ...c.calibration, bins: 512, maxLogRaw: 12 } }
}

function withAlarm(name: string, alarm: Partial<AlarmSpec>, seasonal?: SeasonalSpec): Candidate {
  const c: Candidate = seasonal ? withSeason(name, seasonal) : { ...base, name }
  return { ...c, calibration: { ...modelCalibrationSpec, alarm: { ...modelCalibrationSpec.alarm!, ...alarm } } }
}

function withStructure(name: string, weight: number, seasonal?: SeasonalSpec, spec: Partial<HostStructureSpec> = {}, combine: 'row' | 'calibrated' = 'row'): Candidate {
  const c: Candidate = seasonal ? withSeason(name, seasonal) : { ...base, name }
  return { ...c, structure: { weight, combine, spec: { clip: 10, alpha: 0.001, refresh: 200, explained: 0.8, warmup: 500, ...spec } } }
}

function withSeason(name: string, seasonal: SeasonalSpec): Candidate {
  return { ...base, name, features: { ...modelFeatureSpec, seasonal } }
}

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
