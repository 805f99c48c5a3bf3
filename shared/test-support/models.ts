import { buildGraph } from '@smartcloudops/shared/model/build-graph'
import { defaultGraphParams, modelMeta } from '@smartcloudops/shared/model/model-params'
import { FEATURE_COUNT } from '@smartcloudops/shared/features/spec'

/**
 * A valid anomaly model with its own version, built like the committed default one but weighting
 * features differently (default: level only, twice), so the same samples score differently.
 * Features not given (the later columns) are weighted 0.
 */
export function variantModel(version: string, weights: readonly number[] = [2]): Uint8Array {
  const meta = { ...modelMeta({ standard: 0.9997, reward_low_FP_rate: 0.9997, reward_low_FN_rate: 0.9997 }, { built_by: 'test' }), version }
  const all = Array.from({ length: FEATURE_COUNT }, (_, k) => weights[k] ?? 0)
  return buildGraph({ ...defaultGraphParams, weights: all }, meta)
}

/** The same bytes with some flipped in the middle: no longer a model ONNX can parse or run. */
export function corrupt(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(bytes)
  for (let i = Math.floor(out.length / 3); i < Math.floor(out.length / 3) + 64 && i < out.length; i++) out[i] = out[i]! ^ 0xff
  return out
}

/** Valid ONNX and valid metadata, but the model expects features this agent does not compute. */
export function wrongShapeModel(version: string): Uint8Array {
  const meta = { ...modelMeta({ standard: 0.9997, reward_low_FP_rate: 0.9997, reward_low_FN_rate: 0.9997 }), version, featureNames: ['a', 'b', 'c', 'd'] }
  return buildGraph(defaultGraphParams, meta)
}
