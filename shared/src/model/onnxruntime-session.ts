import type * as Ort from 'onnxruntime-node'
import { FEATURE_COUNT } from '../features/spec'
import { ModelError } from './model-artifact'
import type { ModelMeta } from './model-meta'
import type { RunScores } from './session'

// Scoring one sample is tiny: threads only add hand-off latency and steal cores from the host.
const sessionOptions: Ort.InferenceSession.SessionOptions = {
  intraOpNumThreads: 1,
  interOpNumThreads: 1,
  executionMode: 'sequential',
  graphOptimizationLevel: 'all',
  logSeverityLevel: 3,
}

/**
 * ONNX Runtime for a model the built-in evaluator refuses. Imported dynamically (and kept external
 * in the agent's bundle) so its native library, ~31 MiB resident with a session, is only mapped
 * into a process that needs it.
 */
export async function openOnnxRuntime(bytes: Uint8Array, meta: ModelMeta): Promise<{ run: RunScores; close: () => Promise<void> }> {
  const mod = (await import('onnxruntime-node')) as typeof Ort & { default?: typeof Ort }
  const ort = mod.default ?? mod
  let session: Ort.InferenceSession
  try {
    session = await ort.InferenceSession.create(bytes, sessionOptions)
  } catch (cause) {
    throw new ModelError('MODEL_LOAD_FAILED', `ONNX Runtime could not load the model: ${(cause as Error).message}`, { cause })
  }
  const { input, raw, perMetric } = meta.io
  if (session.inputNames.length !== 1 || session.inputNames[0] !== input || !session.outputNames.includes(raw) || !session.outputNames.includes(perMetric)) {
    await session.release()
    throw new ModelError(
      'MODEL_SHAPE_MISMATCH',
      `model graph has inputs [${session.inputNames.join(', ')}] and outputs [${session.outputNames.join(', ')}], metadata says ${input} → ${raw}, ${perMetric}`,
    )
  }
  const run: RunScores = async (features, rows) => {
    const out = await session.run({ [input]: new ort.Tensor('float32', features, [rows, FEATURE_COUNT]) })
    return { raw: out[raw]?.data as Float32Array | undefined, perMetric: out[perMetric]?.data as Float32Array | undefined }
  }
  return { run, close: () => session.release() }
}
