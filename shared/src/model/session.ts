import * as ort from 'onnxruntime-node'
import { FEATURE_COUNT } from '../features/spec'
import { ModelError, readModelMeta } from './model-artifact'
import type { ModelMeta } from './model-meta'

/** A loaded, verified model: metadata plus an ONNX Runtime session that has scored a probe. */
export interface ScoringSession {
  readonly meta: ModelMeta
  /** Raw host score and per-metric scores for `rows` rows of features. */
  run(features: Float32Array, rows: number): Promise<{ raw: number; perMetric: Float32Array }>
  close(): Promise<void>
}

// Scoring one sample is tiny: threads only add hand-off latency and steal cores from the host.
const sessionOptions: ort.InferenceSession.SessionOptions = {
  intraOpNumThreads: 1,
  interOpNumThreads: 1,
  executionMode: 'sequential',
  graphOptimizationLevel: 'all',
  logSeverityLevel: 3,
}

export async function openSession(bytes: Uint8Array): Promise<ScoringSession> {
  const meta = readModelMeta(bytes)
  let session: ort.InferenceSession
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
  const run = async (features: Float32Array, rows: number) => {
    const out = await session.run({ [input]: new ort.Tensor('float32', features, [rows, FEATURE_COUNT]) })
    const r = out[raw]?.data as Float32Array | undefined
    const pm = out[perMetric]?.data as Float32Array | undefined
    if (!r || r.length !== 1 || !pm || pm.length !== rows) {
      throw new ModelError('MODEL_SHAPE_MISMATCH', `model returned ${r?.length ?? 0} raw and ${pm?.length ?? 0} per-metric values for ${rows} rows`)
    }
    return { raw: r[0]!, perMetric: pm }
  }
  // Test-score before anyone relies on it: a quiet probe must score finite and non-negative, and
  // a loud one must not score lower (a model that cannot tell them apart is broken).
  try {
    const quiet = await run(new Float32Array(3 * FEATURE_COUNT), 3)
    const loud = await run(new Float32Array(3 * FEATURE_COUNT).fill(10), 3)
    const ok = [quiet.raw, loud.raw].every((v) => Number.isFinite(v) && v >= 0) && loud.raw >= quiet.raw
    if (!ok) throw new ModelError('MODEL_TEST_SCORE_FAILED', `model probe scores are not sane (quiet ${quiet.raw}, loud ${loud.raw})`)
  } catch (err) {
    await session.release()
    if (err instanceof ModelError) throw err
    throw new ModelError('MODEL_TEST_SCORE_FAILED', `model failed its probe score: ${(err as Error).message}`, { cause: err })
  }
  return { meta, run, close: () => session.release() }
}
