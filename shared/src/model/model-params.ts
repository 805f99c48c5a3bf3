import { defaultCalibrationSpec, type CalibrationSpec } from '../features/calibration'
import { defaultFeatureSpec, featureNames, type FeatureSpec } from '../features/spec'
import type { GraphParams } from './build-graph'
import type { ModelMeta } from './model-meta'

/** Version of the committed default model; bump on any change to these parameters. */
export const MODEL_VERSION = 'scops-anomaly-1.4.0'

/**
 * Parameters of the default model: per metric, the largest feature (level, shift and jump,
 * equally weighted, in robust-scale units, each capped at 50); for the host, the most surprising
 * metric plus twice the mean over metrics (many metrics moving together is what host incidents
 * look like). The spread feature is weighted 0 for hosts: it cost points on SMD/ASD.
 * A single-metric input (read by the graph from its own shape) uses its own parameters, from
 * 1.3.0: level and shift, spread at 0.5, jump off, and a cap of 1000 instead of 50 — with one
 * metric there is no other metric for a saturated one to drown, and the cap at 50 made every
 * burst of a bursty series (bytes, request counts) look alike, however large.
 * From 1.4.0 the record gate: a metric whose value goes a scale or more past its recent extremes
 * (record_z ≥ 1) counts 1.2 times as much on a host and 11 times as much as a single series — a
 * spike higher than the usual spikes outranks them, where before the calibration had learned that
 * spikes are common for this metric. Gains on the tuning part: NAB 60.3 → 65.8, SMD event F1
 * 0.545 → 0.659, ASD omi-1..3 0.648 → 0.665.
 * Chosen with tune.ts on the TUNING part of the fixed split (test/eval/detector/split.ts: NAB without
 * realAWSCloudwatch, SMD machine-2-1, ASD omi-1..3); realAWSCloudwatch and ASD omi-4..6 are
 * reported as held out (agent/src/detect/README.md). The graph has no fitted state — every host
 * gets its own running baseline and calibration.
 */
export const defaultGraphParams: GraphParams = {
  weights: [1, 1, 1, 0, 0],
  deadzones: [0, 0, 0, 0, 0],
  spread: 2,
  cap: 50,
  univariateWeights: [1, 1, 0, 0.5, 0],
  univariateCap: 1000,
  recordGate: 0.2,
  univariateRecordGate: 10,
}

/**
 * Baselines: slow α 0.0015 (~11 h of 1-minute samples, ~3.5 days of 5-minute ones), fast α 0.1
 * (the "lately" level averages ~10 samples, so one noisy sample does not look like a shift).
 * Features clamped at ±1000 (the graph caps them further, per input shape). The record envelope
 * sinks back by 0.0003 scales per sample (a level 3 scales above the old extremes stops being a
 * record after ~10,000 samples) and speaks from the 200th sample of a metric.
 */
export const modelFeatureSpec: FeatureSpec = { ...defaultFeatureSpec, slowAlpha: 0.0015, fastAlpha: 0.1, featureLimit: 1000, recordDecay: 0.0003, recordWarmup: 200 }

/**
 * Calibration as before, then alarm shaping (shared/src/features/alarm.ts): anomaly likelihood
 * over 20 samples at weight 0.6 in surprise units (a run of unusual samples scores up to ~0.9999 even
 * when no single one is extreme), and a hold-off of 200 samples capped at 0.999 after a score of
 * 0.9997 (one alarm per new deviation; while it goes on it can still score up to 0.999). Chosen
 * (up to 1.2.1) with tune.ts on all 51 NAB series, SMD machine-2-1 and ASD omi-1..6 together, i.e.
 * in-sample for the held-out part of today's split; unchanged since.
 */
export const modelCalibrationSpec: CalibrationSpec = {
  ...defaultCalibrationSpec,
  alarm: { shortWindow: 20, shortClamp: 5, longAlpha: 0.0005, likelihoodWeight: 0.6, holdoffLevel: 0.9997, holdoffSamples: 200, holdoffCap: 0.999 },
}

export function modelMeta(thresholds: ModelMeta['thresholds'], provenance: ModelMeta['provenance'] = {}): ModelMeta {
  return {
    schema: 'scops.anomaly-model/1',
    version: MODEL_VERSION,
    features: modelFeatureSpec,
    featureNames: [...featureNames],
    calibration: modelCalibrationSpec,
    io: { input: 'features', raw: 'raw_score', perMetric: 'metric_scores' },
    thresholds,
    provenance,
  }
}
