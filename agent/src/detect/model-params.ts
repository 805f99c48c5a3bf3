import { defaultCalibrationSpec } from '@smartcloudops/shared/features/calibration'
import { defaultFeatureSpec, featureNames } from '@smartcloudops/shared/features/spec'
import type { GraphParams } from './build-graph'
import type { ModelMeta } from './model-meta'

/** Version of the committed default model; bump on any change to these parameters. */
export const MODEL_VERSION = 'scops-anomaly-1.0.0'

/**
 * Parameters of the default model. Weights and dead zones put the four features on one scale:
 * level and shift in robust-scale units, jumps against the usual step, spread as a log ratio.
 * They were tuned on NAB's 51 development series (see the README's detector section for the
 * figures and what was tried); the graph itself has no fitted state, every host gets its own
 * running baseline and calibration.
 */
export const defaultGraphParams: GraphParams = {
  weights: [1, 1.5, 0.5, 1],
  deadzones: [0, 0, 0, 0],
  spread: 0.5,
}

export function modelMeta(thresholds: ModelMeta['thresholds'], provenance: ModelMeta['provenance'] = {}): ModelMeta {
  return {
    schema: 'scops.anomaly-model/1',
    version: MODEL_VERSION,
    features: defaultFeatureSpec,
    featureNames: [...featureNames],
    calibration: defaultCalibrationSpec,
    io: { input: 'features', raw: 'raw_score', perMetric: 'metric_scores' },
    thresholds,
    provenance,
  }
}
