import Type, { type Static } from 'typebox'
import { Compile } from 'typebox/compile'
import { CalibrationSpec } from '../features/calibration'
import { FeatureSpec } from '../features/spec'

/** ONNX metadata_props key under which the model carries its own description. */
export const META_KEY = 'scops.model'

const Threshold = Type.Number({ minimum: 0, maximum: 1 })

/**
 * Everything an agent needs besides the graph, embedded in the ONNX file itself so that the
 * shipped artifact is one blob (bytes + sha256 + version): the feature spec the graph expects,
 * how raw scores are calibrated, and the alert thresholds chosen on the development data.
 */
export const ModelMeta = Type.Object(
  {
    schema: Type.Literal('scops.anomaly-model/1'),
    version: Type.String({ minLength: 1, maxLength: 128 }),
    features: FeatureSpec,
    featureNames: Type.Array(Type.String()),
    calibration: CalibrationSpec,
    /** Graph input and outputs, checked against the session when the model is loaded. */
    io: Type.Object({ input: Type.String(), raw: Type.String(), perMetric: Type.String() }),
    /** Calibrated-score thresholds per NAB cost profile, chosen corpus-wide on the dev data. */
    thresholds: Type.Object({ standard: Threshold, reward_low_FP_rate: Threshold, reward_low_FN_rate: Threshold }),
    /** Free-form provenance: data, seed, parameters. */
    provenance: Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()])),
  },
  { additionalProperties: false },
)
export type ModelMeta = Static<typeof ModelMeta>
export const checkModelMeta = Compile(ModelMeta)
