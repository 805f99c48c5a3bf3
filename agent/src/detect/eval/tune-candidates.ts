import type { Candidate } from './tune'
import { defaultAlarmSpec } from '@smartcloudops/shared/features/alarm'

const alarm = (o: Partial<typeof defaultAlarmSpec>) => ({ alarm: { ...defaultAlarmSpec, ...o } })
const lik = (o: Partial<typeof defaultAlarmSpec> = {}) => alarm({ shortWindow: 20, likelihoodWeight: 0.6, longAlpha: 0.0005, holdoffLevel: 0.9999, holdoffSamples: 200, holdoffCap: 0.999, ...o })
const f = { fastAlpha: 0.1, slowAlpha: 0.0015 }

/**
 * Settings compared by tune.ts. The README's tried-table comes from runs of these and earlier
 * lists (git history of this file). `K` was 1.2.0; `O` is the shipped 1.2.1.
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
]
