import { createHash } from 'node:crypto'
import onnxProto from 'onnx-proto'
import type { onnx as ox } from 'onnx-proto'
import { defaultFeatureSpec, FEATURE_COUNT, featureNames } from '../features/spec'
import { META_KEY, checkModelMeta, type ModelMeta } from './model-meta'

// onnx-proto is CommonJS: its namespace hangs off the default export.
const { onnx } = onnxProto

export type ModelErrorCode =
  | 'MODEL_SHA256_MISMATCH'
  | 'MODEL_NOT_ONNX'
  | 'MODEL_META_MISSING'
  | 'MODEL_META_INVALID'
  | 'MODEL_VERSION_MISMATCH'
  | 'MODEL_LOAD_FAILED'
  | 'MODEL_SHAPE_MISMATCH'
  | 'MODEL_TEST_SCORE_FAILED'
  /** The built-in evaluator does not run this graph (session.ts then loads it in ONNX Runtime). */
  | 'MODEL_OPS_UNSUPPORTED'

export class ModelError extends Error {
  constructor(
    readonly code: ModelErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options)
    this.name = 'ModelError'
  }
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex')
}

/** Reads and validates the metadata a model carries; throws ModelError naming the problem. */
export function readModelMeta(bytes: Uint8Array): ModelMeta {
  let model: ox.ModelProto
  try {
    model = onnx.ModelProto.decode(bytes)
  } catch (cause) {
    throw new ModelError('MODEL_NOT_ONNX', `model bytes are not an ONNX ModelProto (${bytes.length} bytes)`, { cause })
  }
  const entry = model.metadataProps.find((p) => p.key === META_KEY)
  if (!entry?.value) throw new ModelError('MODEL_META_MISSING', `model has no "${META_KEY}" metadata: not a SmartCloudOps anomaly model`)
  let meta: unknown
  try {
    meta = JSON.parse(entry.value)
  } catch (cause) {
    throw new ModelError('MODEL_META_INVALID', `model metadata "${META_KEY}" is not JSON`, { cause })
  }
  // Before the schema: a model for another feature version fails it anyway, and this says why.
  const built = (meta as { features?: { version?: unknown }; featureNames?: unknown } | null)?.features?.version
  if (typeof built === 'number' && built !== defaultFeatureSpec.version) {
    const names = (meta as { featureNames?: unknown }).featureNames
    throw new ModelError(
      'MODEL_SHAPE_MISMATCH',
      `model was built for feature version ${built}${Array.isArray(names) ? ` [${names.join(', ')}]` : ''}, this agent computes version ${defaultFeatureSpec.version} [${featureNames.join(', ')}]`,
    )
  }
  if (!checkModelMeta.Check(meta)) {
    const first = [...checkModelMeta.Errors(meta)][0]
    throw new ModelError('MODEL_META_INVALID', `model metadata is invalid: ${first ? `${first.instancePath || '/'} ${first.message}` : 'unknown'}`)
  }
  if (meta.featureNames.length !== FEATURE_COUNT || meta.featureNames.some((n, i) => n !== featureNames[i])) {
    throw new ModelError(
      'MODEL_SHAPE_MISMATCH',
      `model expects features [${meta.featureNames.join(', ')}], this agent computes [${featureNames.join(', ')}]`,
    )
  }
  return meta
}
