import { FEATURE_COUNT } from '../features/spec'
import { compileGraph } from './graph-evaluator'
import { ModelError, readModelMeta } from './model-artifact'
import type { ModelMeta } from './model-meta'

/** Which engine scores: the built-in evaluator (graph-evaluator.ts) or ONNX Runtime. */
export type ModelRuntime = 'builtin' | 'onnxruntime'

/** A loaded, verified model: metadata plus a scoring engine that has scored a probe. */
export interface ScoringSession {
  readonly meta: ModelMeta
  readonly runtime: ModelRuntime
  /** Why the built-in evaluator did not take this model (set when `runtime` fell back to ONNX Runtime). */
  readonly fallbackReason?: string
  /** Raw host score and per-metric scores for `rows` rows of features. */
  run(features: Float32Array, rows: number): Promise<{ raw: number; perMetric: Float32Array }>
  close(): Promise<void>
}

export interface OpenSessionOptions {
  /**
   * 'auto' (default): the built-in evaluator, and ONNX Runtime (loaded only then) for a graph it
   * refuses with MODEL_OPS_UNSUPPORTED. A named runtime forces it (equivalence tests, benchmarks).
   */
  readonly runtime?: 'auto' | ModelRuntime
}

/** An engine's unchecked outputs for one call. */
export type RunScores = (features: Float32Array, rows: number) => Promise<{ raw: Float32Array | undefined; perMetric: Float32Array | undefined }>

function builtin(bytes: Uint8Array, meta: ModelMeta): { run: RunScores; close: () => Promise<void> } {
  const graph = compileGraph(bytes)
  const { input, raw, perMetric } = meta.io
  if (graph.inputName !== input || !graph.outputNames.includes(raw) || !graph.outputNames.includes(perMetric)) {
    throw new ModelError(
      'MODEL_SHAPE_MISMATCH',
      `model graph has inputs [${graph.inputName}] and outputs [${graph.outputNames.join(', ')}], metadata says ${input} → ${raw}, ${perMetric}`,
    )
  }
  const [, columns] = graph.inputDims
  if (graph.inputDims.length !== 2 || (columns !== null && columns !== FEATURE_COUNT)) {
    throw new ModelError('MODEL_SHAPE_MISMATCH', `model input "${input}" is declared [${graph.inputDims.map((d) => d ?? '?').join(', ')}], this agent feeds [rows, ${FEATURE_COUNT}]`)
  }
  const run: RunScores = (features, rows) => {
    const out = graph.run(features, [rows, FEATURE_COUNT])
    return Promise.resolve({ raw: out.get(raw), perMetric: out.get(perMetric) })
  }
  return { run, close: () => Promise.resolve() }
}

export async function openSession(bytes: Uint8Array, opts: OpenSessionOptions = {}): Promise<ScoringSession> {
  const meta = readModelMeta(bytes)
  const wanted = opts.runtime ?? 'auto'
  let engine: { run: RunScores; close: () => Promise<void> } | undefined
  let fallbackReason: string | undefined
  if (wanted !== 'onnxruntime') {
    try {
      engine = builtin(bytes, meta)
    } catch (err) {
      if (!(err instanceof ModelError && err.code === 'MODEL_OPS_UNSUPPORTED') || wanted === 'builtin') throw err
      fallbackReason = err.message
    }
  }
  const runtime: ModelRuntime = engine ? 'builtin' : 'onnxruntime'
  engine ??= await (await import('./onnxruntime-session')).openOnnxRuntime(bytes, meta)
  const { run: runRaw, close } = engine
  const run = async (features: Float32Array, rows: number) => {
    const { raw: r, perMetric: pm } = await runRaw(features, rows)
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
    await close()
    if (err instanceof ModelError) throw err
    throw new ModelError('MODEL_TEST_SCORE_FAILED', `model failed its probe score: ${(err as Error).message}`, { cause: err })
  }
  return { meta, runtime, ...(fallbackReason ? { fallbackReason } : {}), run, close }
}
