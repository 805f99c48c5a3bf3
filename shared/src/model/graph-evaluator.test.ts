import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import fc from 'fast-check'
import onnxProto from 'onnx-proto'
import { describe, expect, it } from 'vitest'
import { FEATURE_COUNT } from '../features/spec'
import { buildGraph, type GraphParams } from './build-graph'
import { ModelError } from './model-artifact'
import { defaultGraphParams, modelMeta } from './model-params'
import { openSession } from './session'

const { onnx } = onnxProto
const defaultModelPath = fileURLToPath(new URL('../../../agent/models/anomaly-default.onnx', import.meta.url))
const defaultModel = new Uint8Array(readFileSync(defaultModelPath))
const meta = modelMeta({ standard: 0.99, reward_low_FP_rate: 0.99, reward_low_FN_rate: 0.99 })

/** The same ONNX file with one node's op replaced: `rewrite` gets each node and may change it. */
function rewritten(bytes: Uint8Array, rewrite: (n: onnxProto.onnx.NodeProto) => void): Uint8Array {
  const m = onnx.ModelProto.decode(bytes)
  for (const n of m.graph!.node as onnxProto.onnx.NodeProto[]) rewrite(n)
  return onnx.ModelProto.encode(m).finish()
}

const features = fc
  .integer({ min: 1, max: 40 })
  .chain((rows) => fc.tuple(fc.constant(rows), fc.float32Array({ minLength: rows * FEATURE_COUNT, maxLength: rows * FEATURE_COUNT, noNaN: true, min: -1e6, max: 1e6 })))

async function expectSameScores(bytes: Uint8Array) {
  const builtin = await openSession(bytes, { runtime: 'builtin' })
  const ort = await openSession(bytes, { runtime: 'onnxruntime' })
  try {
    expect([builtin.runtime, ort.runtime]).toEqual(['builtin', 'onnxruntime'])
    await fc.assert(
      fc.asyncProperty(features, async ([rows, f]) => {
        const a = await builtin.run(f, rows)
        const b = await ort.run(f, rows)
        // Per-metric scores are single float32 ops: bit-identical. The host score's mean is summed in
        // another order than ONNX Runtime's: a few float32 ulps.
        expect(Array.from(a.perMetric)).toEqual(Array.from(b.perMetric))
        expect(Math.abs(a.raw - b.raw)).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(b.raw)))
      }),
      { seed: 16, numRuns: 300 },
    )
  } finally {
    await builtin.close()
    await ort.close()
  }
}

describe('built-in graph evaluator', () => {
  it('scores the committed default model like ONNX Runtime (per-metric bit-identical, host within 1e-6 relative)', async () => {
    await expectSameScores(defaultModel)
  })

  it.each<[string, GraphParams]>([
    ['no univariate parameters, no cap, no gate', { weights: [1, 0.5, 2, 0, 0.1], deadzones: [0.5, 0, 1, 0, 0], spread: 0.3 }],
    ['cap and record gate, with univariate variants', { ...defaultGraphParams, cap: 3, univariateCap: 7, recordGate: 0.5, univariateRecordGate: 4, univariateWeights: [0, 1, 1, 1, 0] }],
  ])('scores every graph shape build-graph.ts emits like ONNX Runtime: %s', async (_, params) => {
    await expectSameScores(buildGraph(params, meta))
  })

  it('is what openSession uses for the default model', async () => {
    const s = await openSession(defaultModel)
    await s.close()
    expect(s.runtime).toBe('builtin')
    expect(s.fallbackReason).toBeUndefined()
  })

  it('refuses a graph with an op it does not run, naming it; openSession then loads it in ONNX Runtime', async () => {
    // Identity in place of Relu: the same scores here (|x| − 0 ≥ 0), an op the evaluator does not run.
    const bytes = rewritten(defaultModel, (n) => {
      if (n.opType === 'Relu') n.opType = 'Identity'
    })
    const forced = openSession(bytes, { runtime: 'builtin' })
    await expect(forced).rejects.toBeInstanceOf(ModelError)
    await expect(forced).rejects.toMatchObject({ code: 'MODEL_OPS_UNSUPPORTED', message: expect.stringContaining('op Identity') })
    const s = await openSession(bytes)
    const reference = await openSession(defaultModel)
    try {
      expect(s.runtime).toBe('onnxruntime')
      expect(s.fallbackReason).toContain('Identity')
      const f = new Float32Array(3 * FEATURE_COUNT).map((_, i) => (i % 7) - 3)
      expect(Array.from((await s.run(f, 3)).perMetric)).toEqual(Array.from((await reference.run(f, 3)).perMetric))
    } finally {
      await s.close()
      await reference.close()
    }
  })

  it('refuses an attribute it does not honour rather than ignoring it', async () => {
    const bytes = rewritten(defaultModel, (n) => {
      if (n.opType === 'ReduceMean') n.attribute.push(onnx.AttributeProto.create({ name: 'noop_with_empty_axes', type: onnx.AttributeProto.AttributeType.INT, i: 1 }))
    })
    await expect(openSession(bytes, { runtime: 'builtin' })).rejects.toMatchObject({ code: 'MODEL_OPS_UNSUPPORTED', message: expect.stringContaining('noop_with_empty_axes') })
  })

  it('refuses a graph whose declared input is not [rows, features], as ONNX Runtime does', async () => {
    const m = onnx.ModelProto.decode(defaultModel)
    m.graph!.input![0]!.type!.tensorType!.shape!.dim![1] = { dimValue: 3 }
    const bytes = onnx.ModelProto.encode(m).finish()
    await expect(openSession(bytes, { runtime: 'builtin' })).rejects.toMatchObject({ code: 'MODEL_SHAPE_MISMATCH', message: expect.stringContaining('[?, 3]') })
  })

  it('a graph that reads a value nothing produced fails with a clear code on both runtimes', async () => {
    const bytes = rewritten(defaultModel, (n) => {
      if (n.opType === 'Relu') n.input[0] = 'nowhere'
    })
    await expect(openSession(bytes, { runtime: 'builtin' })).rejects.toMatchObject({ code: 'MODEL_OPS_UNSUPPORTED', message: expect.stringContaining('"nowhere"') })
    await expect(openSession(bytes)).rejects.toMatchObject({ code: 'MODEL_LOAD_FAILED' })
  })

  it('a process scoring the default model never loads ONNX Runtime (its library is not mapped)', () => {
    const script = `
      const { openSession } = await import(${JSON.stringify(fileURLToPath(new URL('./session.ts', import.meta.url)))})
      const s = await openSession(new Uint8Array(require('node:fs').readFileSync(${JSON.stringify(defaultModelPath)})))
      const r = await s.run(new Float32Array(${FEATURE_COUNT}), 1)
      const maps = require('node:fs').readFileSync('/proc/self/maps', 'utf8')
      console.log(JSON.stringify({ runtime: s.runtime, raw: r.raw, onnxruntimeMapped: /onnxruntime/.test(maps) }))`
    const p = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', `import { createRequire } from 'node:module'; const require = createRequire(import.meta.url); ${script}`], {
      encoding: 'utf8',
      cwd: fileURLToPath(new URL('.', import.meta.url)),
    })
    expect(p.stderr).toBe('')
    expect(JSON.parse(p.stdout)).toEqual({ runtime: 'builtin', raw: 0, onnxruntimeMapped: false })
  })
})
