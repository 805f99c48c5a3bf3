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
  { name: 'base-1.1.0' },
  { name: 'H', calibration: lik(), features: f },
  { name: 'K H+lv.9997', calibration: lik({ holdoffLevel: 0.9997 }), features: f },
  { name: 'L H+hold150', calibration: lik({ holdoffSamples: 150 }), features: f },
  { name: 'M K jump.5', calibration: lik({ holdoffLevel: 0.9997 }), features: f, graph: { weights: [1, 1, 0.5, 0] } },
  { name: 'N K shift.5', calibration: lik({ holdoffLevel: 0.9997 }), features: f, graph: { weights: [1, 0.5, 1, 0] } },
  { name: 'O K clamp5', calibration: lik({ holdoffLevel: 0.9997, shortClamp: 5 }), features: f },
]
