import type { Candidate } from './tune'
import { defaultAlarmSpec } from '@smartcloudops/shared/features/alarm'

const alarm = (o: Partial<typeof defaultAlarmSpec>) => ({ alarm: { ...defaultAlarmSpec, ...o } })
const lik = (o: Partial<typeof defaultAlarmSpec> = {}) => alarm({ shortWindow: 20, likelihoodWeight: 0.6, longAlpha: 0.0005, holdoffLevel: 0.9999, holdoffSamples: 200, holdoffCap: 0.999, ...o })
const f = { fastAlpha: 0.1, slowAlpha: 0.0015 }
const v1 = { cap: 50, univariateCap: 1000, univariateWeights: [1, 1, 0, 0.5] }

/**
 * Settings compared by tune.ts. The README's tried-table comes from runs of these and earlier
 * lists (git history of this file). `K` was 1.2.0; `O` was 1.2.1; `V1` was 1.3.0; `J w200 uni10
 * host0.2` is the shipped 1.4.0.
 * Selection rule since 1.3.0: the best TUNE columns (NAB 34 tuning series, SMD, ASD omi-1..3);
 * a change is adopted only if it gains ≥ 2 NAB points there without lowering SMD/ASD tuning F1.
 * The held-out columns are reported, never chosen by. Measured and dropped: an asinh value
 * transform and a slow/medium baseline mixture (README tried-table; their spec options were
 * removed again).
 */
export const candidates: Candidate[] = [
  { name: 'O K clamp5', calibration: lik({ holdoffLevel: 0.9997, shortClamp: 5 }), features: f },
  { name: 'S1 O day a.02', calibration: lik({ holdoffLevel: 0.9997, shortClamp: 5 }), features: { ...f, seasonal: { bucketSeconds: 3600, buckets: 24, alpha: 0.02, minSamples: 24, weight: 1 } } },
  { name: 'S2 O day a.005', calibration: lik({ holdoffLevel: 0.9997, shortClamp: 5 }), features: { ...f, seasonal: { bucketSeconds: 3600, buckets: 24, alpha: 0.005, minSamples: 24, weight: 1 } } },
  { name: 'S3 O week a.02', calibration: lik({ holdoffLevel: 0.9997, shortClamp: 5 }), features: { ...f, seasonal: { bucketSeconds: 3600, buckets: 168, alpha: 0.02, minSamples: 12, weight: 1 } } },
  { name: 'S4 O day a.02 w.5', calibration: lik({ holdoffLevel: 0.9997, shortClamp: 5 }), features: { ...f, seasonal: { bucketSeconds: 3600, buckets: 24, alpha: 0.02, minSamples: 24, weight: 0.5 } } },
  { name: 'P O uni-level', calibration: lik({ holdoffLevel: 0.9997, shortClamp: 5 }), features: f, graph: { univariateWeights: [1, 0, 0, 0] } },
  { name: 'Q O uni-level+shift', calibration: lik({ holdoffLevel: 0.9997, shortClamp: 5 }), features: f, graph: { univariateWeights: [1, 1, 0, 0] } },
  { name: 'Q2 uni 1 1 .5', calibration: lik({ holdoffLevel: 0.9997, shortClamp: 5 }), features: f, graph: { univariateWeights: [1, 1, 0.5, 0] } },
  { name: 'Q3 uni 1 .5 0', calibration: lik({ holdoffLevel: 0.9997, shortClamp: 5 }), features: f, graph: { univariateWeights: [1, 0.5, 0, 0] } },
  { name: 'Q4 uni 1 1 .25', calibration: lik({ holdoffLevel: 0.9997, shortClamp: 5 }), features: f, graph: { univariateWeights: [1, 1, 0.25, 0] } },
  { name: 'Q5 uni 1 1 0 .5', calibration: lik({ holdoffLevel: 0.9997, shortClamp: 5 }), features: f, graph: { univariateWeights: [1, 1, 0, 0.5] } },
  { name: 'R1 O cal-hist 2000', calibration: { alpha: 1 / 2000, ...lik({ holdoffLevel: 0.9997, shortClamp: 5 }) }, features: f },
  { name: 'R2 O tail q.95', calibration: { tailQuantile: 0.95, ...lik({ holdoffLevel: 0.9997, shortClamp: 5 }) }, features: f },
  { name: 'R3 O lik window 10', calibration: lik({ holdoffLevel: 0.9997, shortClamp: 5, shortWindow: 10 }), features: f },
  { name: 'R4 O clip 3', calibration: lik({ holdoffLevel: 0.9997, shortClamp: 5 }), features: { ...f, clip: 3 } },
  { name: 'T2 O limit500', calibration: lik({ holdoffLevel: 0.9997, shortClamp: 5 }), features: { ...f, featureLimit: 500 } },
  { name: 'U0 O cap50 lim1000', calibration: lik({ holdoffLevel: 0.9997, shortClamp: 5 }), features: { ...f, featureLimit: 1000 }, graph: { cap: 50 } },
  { name: 'U1 uni cap100', calibration: lik({ holdoffLevel: 0.9997, shortClamp: 5 }), features: { ...f, featureLimit: 1000 }, graph: { cap: 50, univariateCap: 100 } },
  { name: 'U2 uni cap200', calibration: lik({ holdoffLevel: 0.9997, shortClamp: 5 }), features: { ...f, featureLimit: 1000 }, graph: { cap: 50, univariateCap: 200 } },
  { name: 'U3 uni cap500', calibration: lik({ holdoffLevel: 0.9997, shortClamp: 5 }), features: { ...f, featureLimit: 1000 }, graph: { cap: 50, univariateCap: 500 } },
  { name: 'U4 uni cap1000', calibration: lik({ holdoffLevel: 0.9997, shortClamp: 5 }), features: { ...f, featureLimit: 1000 }, graph: { cap: 50, univariateCap: 1000 } },
  { name: 'V1 cap1000 uni 1 1 0 .5', calibration: lik({ holdoffLevel: 0.9997, shortClamp: 5 }), features: { ...f, featureLimit: 1000 }, graph: { cap: 50, univariateCap: 1000, univariateWeights: [1, 1, 0, 0.5] } },
  { name: 'V2 cap1000 uni 1 1 0 0', calibration: lik({ holdoffLevel: 0.9997, shortClamp: 5 }), features: { ...f, featureLimit: 1000 }, graph: { cap: 50, univariateCap: 1000, univariateWeights: [1, 1, 0, 0] } },
  { name: 'V3 cap1000 uni 1 1 .5 0', calibration: lik({ holdoffLevel: 0.9997, shortClamp: 5 }), features: { ...f, featureLimit: 1000 }, graph: { cap: 50, univariateCap: 1000, univariateWeights: [1, 1, 0.5, 0] } },
  { name: 'V4 cap200 uni 1 1 0 .5', calibration: lik({ holdoffLevel: 0.9997, shortClamp: 5 }), features: { ...f, featureLimit: 1000 }, graph: { cap: 50, univariateCap: 200, univariateWeights: [1, 1, 0, 0.5] } },
  { name: 'W1 V1 spread .25', calibration: lik({ holdoffLevel: 0.9997, shortClamp: 5 }), features: { ...f, featureLimit: 1000 }, graph: { cap: 50, univariateCap: 1000, univariateWeights: [1, 1, 0, 0.25] } },
  { name: 'W2 V1 spread 1', calibration: lik({ holdoffLevel: 0.9997, shortClamp: 5 }), features: { ...f, featureLimit: 1000 }, graph: { cap: 50, univariateCap: 1000, univariateWeights: [1, 1, 0, 1] } },
  { name: 'W3 V1 cap5000', calibration: lik({ holdoffLevel: 0.9997, shortClamp: 5 }), features: { ...f, featureLimit: 5000 }, graph: { cap: 50, univariateCap: 5000, univariateWeights: [1, 1, 0, 0.5] } },
  { name: 'W4 V1 shift .5', calibration: lik({ holdoffLevel: 0.9997, shortClamp: 5 }), features: { ...f, featureLimit: 1000 }, graph: { cap: 50, univariateCap: 1000, univariateWeights: [1, 0.5, 0, 0.5] } },
  { name: 'X1 V1 mv cap20', calibration: lik({ holdoffLevel: 0.9997, shortClamp: 5 }), features: { ...f, featureLimit: 1000 }, graph: { cap: 20, univariateCap: 1000, univariateWeights: [1, 1, 0, 0.5] } },
  { name: 'X2 V1 mv cap100', calibration: lik({ holdoffLevel: 0.9997, shortClamp: 5 }), features: { ...f, featureLimit: 1000 }, graph: { cap: 100, univariateCap: 1000, univariateWeights: [1, 1, 0, 0.5] } },
  { name: 'X3 V1 mv cap30', calibration: lik({ holdoffLevel: 0.9997, shortClamp: 5 }), features: { ...f, featureLimit: 1000 }, graph: { cap: 30, univariateCap: 1000, univariateWeights: [1, 1, 0, 0.5] } },
  { name: 'X4 V1 mv cap10', calibration: lik({ holdoffLevel: 0.9997, shortClamp: 5 }), features: { ...f, featureLimit: 1000 }, graph: { cap: 10, univariateCap: 1000, univariateWeights: [1, 1, 0, 0.5] } },
  { name: 'Y1 V1 relfloor .01', calibration: lik({ holdoffLevel: 0.9997, shortClamp: 5 }), features: { ...f, featureLimit: 1000, relativeFloor: 0.01 }, graph: { cap: 50, univariateCap: 1000, univariateWeights: [1, 1, 0, 0.5] } },
  { name: 'Y2 V1 relfloor .0005', calibration: lik({ holdoffLevel: 0.9997, shortClamp: 5 }), features: { ...f, featureLimit: 1000, relativeFloor: 0.0005 }, graph: { cap: 50, univariateCap: 1000, univariateWeights: [1, 1, 0, 0.5] } },
  { name: 'Y3 V1 clip 6', calibration: lik({ holdoffLevel: 0.9997, shortClamp: 5 }), features: { ...f, featureLimit: 1000, clip: 6 }, graph: { cap: 50, univariateCap: 1000, univariateWeights: [1, 1, 0, 0.5] } },
  { name: 'Y4 V1 slow .003', calibration: lik({ holdoffLevel: 0.9997, shortClamp: 5 }), features: { ...f, featureLimit: 1000, slowAlpha: 0.003 }, graph: { cap: 50, univariateCap: 1000, univariateWeights: [1, 1, 0, 0.5] } },
  { name: 'Z1 V1 day a.02', calibration: lik({ holdoffLevel: 0.9997, shortClamp: 5 }), features: { ...f, featureLimit: 1000, seasonal: { bucketSeconds: 3600, buckets: 24, alpha: 0.02, minSamples: 24, weight: 1 } }, graph: { cap: 50, univariateCap: 1000, univariateWeights: [1, 1, 0, 0.5] } },
  { name: 'Z2 V1 week a.05', calibration: lik({ holdoffLevel: 0.9997, shortClamp: 5 }), features: { ...f, featureLimit: 1000, seasonal: { bucketSeconds: 3600, buckets: 168, alpha: 0.05, minSamples: 12, weight: 1 } }, graph: { cap: 50, univariateCap: 1000, univariateWeights: [1, 1, 0, 0.5] } },
  { name: 'A1 V1 hold100', calibration: lik({ holdoffLevel: 0.9997, shortClamp: 5, holdoffSamples: 100 }), features: { ...f, featureLimit: 1000 }, graph: v1 },
  { name: 'A2 V1 hold400', calibration: lik({ holdoffLevel: 0.9997, shortClamp: 5, holdoffSamples: 400 }), features: { ...f, featureLimit: 1000 }, graph: v1 },
  { name: 'A3 V1 lik.8', calibration: lik({ holdoffLevel: 0.9997, shortClamp: 5, likelihoodWeight: 0.8 }), features: { ...f, featureLimit: 1000 }, graph: v1 },
  { name: 'A4 V1 lik.4', calibration: lik({ holdoffLevel: 0.9997, shortClamp: 5, likelihoodWeight: 0.4 }), features: { ...f, featureLimit: 1000 }, graph: v1 },
  { name: 'B4 V1 clip 2', calibration: lik({ holdoffLevel: 0.9997, shortClamp: 5 }), features: { ...f, featureLimit: 1000, clip: 2 }, graph: v1 },
  { name: 'C1 V1 host spreadfeat .25', calibration: lik({ holdoffLevel: 0.9997, shortClamp: 5 }), features: { ...f, featureLimit: 1000 }, graph: { ...v1, weights: [1, 1, 1, 0.25] } },
  { name: 'C2 V1 host mean x1', calibration: lik({ holdoffLevel: 0.9997, shortClamp: 5 }), features: { ...f, featureLimit: 1000 }, graph: { ...v1, spread: 1 } },
  { name: 'C3 V1 host mean x4', calibration: lik({ holdoffLevel: 0.9997, shortClamp: 5 }), features: { ...f, featureLimit: 1000 }, graph: { ...v1, spread: 4 } },
]
/** 2026-11-27: single knobs of the shipped 1.3.0 (V1) moved once more; none gained (README tried-table). */
const v1f = { ...f, featureLimit: 1000 }
const v1c = (o: Partial<typeof defaultAlarmSpec> = {}) => lik({ holdoffLevel: 0.9997, shortClamp: 5, ...o })
candidates.push(
  { name: 'D1 fast .05', calibration: v1c(), features: { ...v1f, fastAlpha: 0.05 }, graph: v1 },
  { name: 'D2 fast .2', calibration: v1c(), features: { ...v1f, fastAlpha: 0.2 }, graph: v1 },
  { name: 'D3 uni shift 2', calibration: v1c(), features: v1f, graph: { ...v1, univariateWeights: [1, 2, 0, 0.5] } },
  { name: 'D4 uni shift 3', calibration: v1c(), features: v1f, graph: { ...v1, univariateWeights: [1, 3, 0, 0.5] } },
  { name: 'D5 holdcap .995', calibration: v1c({ holdoffCap: 0.995 }), features: v1f, graph: v1 },
  { name: 'D6 long .001', calibration: v1c({ longAlpha: 0.001 }), features: v1f, graph: v1 },
  { name: 'D7 long .0002', calibration: v1c({ longAlpha: 0.0002 }), features: v1f, graph: v1 },
  { name: 'D8 clamp 3', calibration: v1c({ shortClamp: 3 }), features: v1f, graph: v1 },
  { name: 'D9 clamp 8', calibration: v1c({ shortClamp: 8 }), features: v1f, graph: v1 },
  { name: 'E1 maxLogRaw 9', calibration: { maxLogRaw: 9, ...v1c() }, features: v1f, graph: v1 },
  { name: 'E2 minTail .2', calibration: { minTailScale: 0.2, ...v1c() }, features: v1f, graph: v1 },
  { name: 'E3 tail q.99', calibration: { tailQuantile: 0.99, ...v1c() }, features: v1f, graph: v1 },
  { name: 'E4 cal 8000', calibration: { alpha: 1 / 8000, ...v1c() }, features: v1f, graph: v1 },
  { name: 'E5 lik win 30', calibration: v1c({ shortWindow: 30 }), features: v1f, graph: v1 },
  { name: 'E6 uni spread-only extra', calibration: v1c(), features: v1f, graph: { ...v1, univariateWeights: [1, 1, 0.25, 0.5] } },
)

/** 2026-11-27: the record feature (feature version 2) and its gate; V1 = 1.3.0 without it. */
const g1 = { ...v1, weights: [1, 1, 1, 0, 0], univariateWeights: [1, 1, 0, 0.5, 0] }
candidates.push(
  ...[0.0003, 0.001, 0.0001, 0].flatMap((d) =>
    [3, 10, 30].map((u) => ({ name: `G d${d} uni${u}`, calibration: v1c(), features: { ...v1f, recordDecay: d }, graph: { ...g1, univariateRecordGate: u, recordGate: 0 } })),
  ),
  ...[0.3, 1, 3, 10].map((h) => ({ name: `H d0.0003 uni10 host${h}`, calibration: v1c(), features: { ...v1f, recordDecay: 0.0003 }, graph: { ...g1, univariateRecordGate: 10, recordGate: h } })),
)
candidates.push(
  ...[20, 32, 50, 100, 200].flatMap((w) =>
    [10, 30].map((u) => ({ name: `I w${w} uni${u}`, calibration: v1c(), features: { ...v1f, recordDecay: 0.0003, recordWarmup: w }, graph: { ...g1, univariateRecordGate: u, recordGate: 0 } })),
  ),
)
candidates.push(
  ...[300, 500].map((w) => ({ name: `I w${w} uni10`, calibration: v1c(), features: { ...v1f, recordDecay: 0.0003, recordWarmup: w }, graph: { ...g1, univariateRecordGate: 10, recordGate: 0 } })),
  ...[5, 15, 20].map((u) => ({ name: `I w200 uni${u}`, calibration: v1c(), features: { ...v1f, recordDecay: 0.0003, recordWarmup: 200 }, graph: { ...g1, univariateRecordGate: u, recordGate: 0 } })),
  ...[0.001, 0].map((d) => ({ name: `I w200 uni10 d${d}`, calibration: v1c(), features: { ...v1f, recordDecay: d, recordWarmup: 200 }, graph: { ...g1, univariateRecordGate: 10, recordGate: 0 } })),
  ...[0.1, 0.2, 0.3, 0.5, 1, 3].map((h) => ({ name: `J w200 uni10 host${h}`, calibration: v1c(), features: { ...v1f, recordDecay: 0.0003, recordWarmup: 200 }, graph: { ...g1, univariateRecordGate: 10, recordGate: h } })),
)
/** 2026-11-27: knobs of 1.4.0 moved once more (K-series). */
const r14f = { ...v1f, recordDecay: 0.0003, recordWarmup: 200 }
const r14g = { ...g1, univariateRecordGate: 10, recordGate: 0.2 }
candidates.push(
  { name: 'K0 1.4.0', calibration: v1c(), features: r14f, graph: r14g },
  { name: 'K1 lik .4', calibration: v1c({ likelihoodWeight: 0.4 }), features: r14f, graph: r14g },
  { name: 'K2 lik .8', calibration: v1c({ likelihoodWeight: 0.8 }), features: r14f, graph: r14g },
  { name: 'K3 hold 100', calibration: v1c({ holdoffSamples: 100 }), features: r14f, graph: r14g },
  { name: 'K4 hold 300', calibration: v1c({ holdoffSamples: 300 }), features: r14f, graph: r14g },
  { name: 'K5 host cap 30', calibration: v1c(), features: r14f, graph: { ...r14g, cap: 30 } },
  { name: 'K6 host cap 100', calibration: v1c(), features: r14f, graph: { ...r14g, cap: 100 } },
  { name: 'K7 uni spread 0', calibration: v1c(), features: r14f, graph: { ...r14g, univariateWeights: [1, 1, 0, 0, 0] } },
  { name: 'K8 uni jump .5', calibration: v1c(), features: r14f, graph: { ...r14g, univariateWeights: [1, 1, 0.5, 0.5, 0] } },
  { name: 'K9 slow .003', calibration: v1c(), features: { ...r14f, slowAlpha: 0.003 }, graph: r14g },
  { name: 'K10 fast .2', calibration: v1c(), features: { ...r14f, fastAlpha: 0.2 }, graph: r14g },
)
