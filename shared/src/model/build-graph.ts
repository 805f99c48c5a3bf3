import onnxProto from 'onnx-proto'
import type { onnx as ox } from 'onnx-proto'
import { FEATURE_COUNT, featureNames } from '../features/spec'
import { META_KEY, type ModelMeta } from './model-meta'

// onnx-proto is CommonJS: its namespace hangs off the default export.
const { onnx } = onnxProto

/**
 * Parameters of the scoring graph. Per metric row x (FEATURE_COUNT features):
 *   s_m = max_f min(cap, weight_f · max(0, |x_f| − deadzone_f)) · (1 + recordGate · min(1, |record_z|))
 * (the record gate: a metric past its recent extremes by a scale or more counts 1 + recordGate
 * times as much; a spike higher than the usual spikes outranks the usual spikes) and for the host:
 *   raw = max_m s_m + spread · mean_m s_m
 * i.e. the most surprising metric, plus a bonus when many metrics are surprising together.
 * The number of metrics is a dynamic dimension: one graph serves NAB (1), ASD (19), SMD (38), hosts.
 */
export interface GraphParams {
  readonly weights: readonly number[]
  /**
   * Weights used instead when the input has exactly one row (a univariate series); absent = the
   * same weights. The graph picks them from the input's own shape, so one model still serves all.
   */
  readonly univariateWeights?: readonly number[]
  /** Ceiling of each weighted feature, s_m = max_f min(cap, …); absent = none (the feature spec's clamp only). */
  readonly cap?: number
  /** Ceiling used instead when the input has exactly one row; absent = `cap`. */
  readonly univariateCap?: number
  readonly deadzones: readonly number[]
  readonly spread: number
  /** Record gate (see above); absent = none. */
  readonly recordGate?: number
  /** Record gate used instead when the input has exactly one row; absent = `recordGate`. */
  readonly univariateRecordGate?: number
}

const RECORD_COLUMN = featureNames.indexOf('record_z')

export const OPSET = 17
/** Largest float32: "no ceiling" for a cap that is not set. */
const FLOAT_MAX = 3.4028234663852886e38

function floatTensor(name: string, dims: number[], values: readonly number[]): ox.ITensorProto {
  return { name, dims, dataType: onnx.TensorProto.DataType.FLOAT, floatData: [...values] }
}

function int64Tensor(name: string, dims: number[], values: readonly number[]): ox.ITensorProto {
  return { name, dims, dataType: onnx.TensorProto.DataType.INT64, int64Data: [...values] }
}

function node(op: string, inputs: string[], outputs: string[], attrs: ox.IAttributeProto[] = []): ox.INodeProto {
  return { opType: op, input: inputs, output: outputs, name: outputs[0], attribute: attrs }
}

const ints = (name: string, v: number[]): ox.IAttributeProto => ({ name, type: onnx.AttributeProto.AttributeType.INTS, ints: v })
const int = (name: string, v: number): ox.IAttributeProto => ({ name, type: onnx.AttributeProto.AttributeType.INT, i: v })

function tensorInfo(name: string, dims: (number | string)[]): ox.IValueInfoProto {
  return {
    name,
    type: {
      tensorType: {
        elemType: onnx.TensorProto.DataType.FLOAT,
        shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) },
      },
    },
  }
}

/** Serialized ONNX model; deterministic: the same params and meta give the same bytes. */
export function buildGraph(params: GraphParams, meta: ModelMeta): Uint8Array {
  if (params.weights.length !== FEATURE_COUNT || params.deadzones.length !== FEATURE_COUNT) {
    throw new Error(`graph needs ${FEATURE_COUNT} weights and deadzones (${featureNames.join(', ')})`)
  }
  if (params.univariateWeights && params.univariateWeights.length !== FEATURE_COUNT) {
    throw new Error(`graph needs ${FEATURE_COUNT} univariate weights (${featureNames.join(', ')})`)
  }
  const { input, raw, perMetric } = meta.io
  // With univariate parameters the graph reads its own row count: rows == 1 → those parameters.
  const uni = params.univariateWeights !== undefined || params.univariateCap !== undefined || params.univariateRecordGate !== undefined
  const gated = params.recordGate !== undefined || params.univariateRecordGate !== undefined
  const gate = params.recordGate ?? 0
  const capped = params.cap !== undefined || params.univariateCap !== undefined
  const cap = params.cap ?? FLOAT_MAX
  const pick = (name: string): ox.INodeProto => node('Where', ['is_univariate', `${name}_univariate`, name], [`${name}_used`])
  const extraNodes = [
    ...(uni
      ? [node('Shape', [input], ['input_shape']), node('Gather', ['input_shape', 'row_axis'], ['row_count'], [int('axis', 0)]), node('Equal', ['row_count', 'one_row'], ['is_univariate'])]
      : []),
    ...(params.univariateWeights ? [pick('weight')] : []),
    ...(capped && uni ? [pick('cap')] : []),
    ...(gated && uni ? [pick('record_gate')] : []),
  ]
  const extraInit = [
    ...(uni ? [int64Tensor('row_axis', [], [0]), int64Tensor('one_row', [], [1])] : []),
    ...(params.univariateWeights ? [floatTensor('weight_univariate', [FEATURE_COUNT], params.univariateWeights)] : []),
    ...(capped ? [floatTensor('cap', [1], [cap])] : []),
    ...(capped && uni ? [floatTensor('cap_univariate', [1], [params.univariateCap ?? cap])] : []),
    ...(gated ? [int64Tensor('record_column', [], [RECORD_COLUMN]), floatTensor('one', [1], [1]), floatTensor('record_gate', [1], [gate])] : []),
    ...(gated && uni ? [floatTensor('record_gate_univariate', [1], [params.univariateRecordGate ?? gate])] : []),
  ]
  const gateNodes = gated
    ? [
        node('Gather', [input, 'record_column'], ['record'], [int('axis', 1)]),
        node('Abs', ['record'], ['record_abs']),
        node('Min', ['record_abs', 'one'], ['record_reached']),
        node('Mul', ['record_reached', uni ? 'record_gate_used' : 'record_gate'], ['record_boost']),
        node('Add', ['record_boost', 'one'], ['record_factor']),
        node('Mul', ['metric_peak', 'record_factor'], [perMetric]),
      ]
    : []
  const weighted = capped ? 'weighted_uncapped' : 'weighted'
  const graph: ox.IGraphProto = {
    name: 'scops_anomaly',
    input: [tensorInfo(input, ['metrics', FEATURE_COUNT])],
    output: [tensorInfo(raw, [1]), tensorInfo(perMetric, ['metrics'])],
    initializer: [
      floatTensor('deadzone', [FEATURE_COUNT], params.deadzones),
      floatTensor('weight', [FEATURE_COUNT], params.weights),
      floatTensor('spread', [1], [params.spread]),
      ...extraInit,
    ],
    node: [
      ...extraNodes,
      node('Abs', [input], ['abs']),
      node('Sub', ['abs', 'deadzone'], ['excess']),
      node('Relu', ['excess'], ['excess_pos']),
      node('Mul', ['excess_pos', params.univariateWeights ? 'weight_used' : 'weight'], [weighted]),
      ...(capped ? [node('Min', [weighted, uni ? 'cap_used' : 'cap'], ['weighted'])] : []),
      node('ReduceMax', ['weighted'], [gated ? 'metric_peak' : perMetric], [ints('axes', [1]), int('keepdims', 0)]),
      ...gateNodes,
      node('ReduceMax', [perMetric], ['host_max'], [ints('axes', [0]), int('keepdims', 1)]),
      node('ReduceMean', [perMetric], ['host_mean'], [ints('axes', [0]), int('keepdims', 1)]),
      node('Mul', ['host_mean', 'spread'], ['host_spread']),
      node('Add', ['host_max', 'host_spread'], [raw]),
    ],
  }
  const model: ox.IModelProto = {
    irVersion: 8,
    producerName: 'smartcloudops',
    producerVersion: meta.version,
    modelVersion: 1,
    opsetImport: [{ domain: '', version: OPSET }],
    graph,
    metadataProps: [{ key: META_KEY, value: JSON.stringify(meta) }],
  }
  return onnx.ModelProto.encode(onnx.ModelProto.create(model)).finish()
}
