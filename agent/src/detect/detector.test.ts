import { describe, expect, it } from 'vitest'
import { createDetector, type DetectorEvent } from './detector'
import { buildGraph } from '@smartcloudops/shared/model/build-graph'
import { readDefaultModel } from './default-model'
import { sha256Hex } from '@smartcloudops/shared/model/model-artifact'
import { defaultGraphParams, modelMeta } from '@smartcloudops/shared/model/model-params'
import onnxProto from 'onnx-proto'

const { onnx } = onnxProto

/** A deterministic "host": two metrics with noise and a daily-ish wave. */
function sample(i: number): Record<string, number> {
  const noise = Math.sin(i * 12.9898) * 0.5
  return { cpu_percent: 30 + 5 * Math.sin(i / 50) + noise, memory_percent: 60 + noise }
}

const thresholds = { standard: 0.99, reward_low_FP_rate: 0.99, reward_low_FN_rate: 0.99 }

async function warmed(n = 200) {
  const events: DetectorEvent[] = []
  const det = await createDetector({ metrics: ['cpu_percent', 'memory_percent'], onEvent: (e) => events.push(e) })
  for (let i = 0; i < n; i++) await det.score(sample(i), i)
  return { det, events }
}

describe('Detector', () => {
  it('returns null while warming up, then scores in [0,1] and flags a spike far above normal', async () => {
    const det = await createDetector({ metrics: ['cpu_percent', 'memory_percent'] })
    expect(await det.score(sample(0), 0)).toBeNull()
    let normal = 0
    for (let i = 1; i < 400; i++) {
      const r = await det.score(sample(i), i)
      if (r) normal = Math.max(normal, i > 300 ? r.ml_anomaly_score : 0)
    }
    const spike = await det.score({ ...sample(400), cpu_percent: 99 }, 400)
    expect(spike).not.toBeNull()
    expect(spike!.ml_anomaly_score).toBeGreaterThan(0.999)
    expect(spike!.ml_anomaly_score).toBeLessThanOrEqual(1)
    expect(spike!.ml_anomaly_score).toBeGreaterThan(normal)
    expect(spike!.ml_confidence).toBeGreaterThan(0)
    expect(spike!.ml_confidence).toBeLessThanOrEqual(1)
    await det.close()
  })

  it('a score names the metrics that drove it: the one that jumped first, with most of the contribution', async () => {
    const det = await createDetector({ metrics: ['cpu_percent', 'memory_percent', 'load_1'] })
    for (let i = 0; i < 400; i++) await det.score({ ...sample(i), load_1: 1 + 0.1 * Math.sin(i / 7) }, i)
    const r = await det.score({ ...sample(400), memory_percent: 95, load_1: 1 }, 400)
    expect(r!.ml_anomaly_score).toBeGreaterThan(0.99)
    expect(r!.explanation[0]).toMatchObject({ metric: 'memory_percent' })
    expect(r!.explanation[0]!.contribution).toBeGreaterThan(0.5)
    expect(r!.explanation.length).toBeLessThanOrEqual(3)
    const total = r!.explanation.reduce((a, d) => a + d.contribution, 0)
    expect(total).toBeLessThanOrEqual(1.0001)
    await det.close()
  })

  it('a sample with none of the model metrics scores null, missing metrics lower confidence', async () => {
    const { det } = await warmed(600)
    expect(await det.score({ disk_percent: 10 }, 600)).toBeNull()
    const both = await det.score(sample(601), 601)
    const one = await det.score({ cpu_percent: sample(602).cpu_percent! }, 602)
    expect(one!.ml_confidence).toBeLessThan(both!.ml_confidence)
    await det.close()
  })

  it('state export/import round trip: a restored detector scores exactly like the original', async () => {
    const { det } = await warmed()
    const state = JSON.parse(JSON.stringify(det.exportState()))
    const restored = await createDetector({ metrics: ['cpu_percent', 'memory_percent'] })
    restored.importState(state)
    for (let i = 200; i < 260; i++) {
      const s = i === 230 ? { ...sample(i), memory_percent: 95 } : sample(i)
      expect(await restored.score(s, i)).toEqual(await det.score(s, i))
    }
    await det.close()
    await restored.close()
  })

  it('bad state starts fresh, reports why, and never throws', async () => {
    const events: DetectorEvent[] = []
    const det = await createDetector({ metrics: ['cpu_percent'], onEvent: (e) => events.push(e) })
    const good = (await warmed()).det
    const state = good.exportState() as { host: { metrics: Record<string, { n: number }> } }
    state.host.metrics.cpu_percent!.n = -5
    for (const bad of [null, 'x', { kind: 'other' }, state]) {
      expect(() => det.importState(bad)).not.toThrow()
    }
    expect(events.filter((e) => e.type === 'state_rejected')).toHaveLength(4)
    expect(events[3]).toMatchObject({ code: 'FEATURE_STATE_INVALID' })
    expect(await det.score({ cpu_percent: 1 }, 0)).toBeNull() // fresh: warming up again
    await det.close()
    await good.close()
  })
})

describe('Detector.swapModel', () => {
  // Every weight and the cap doubled: the raw score of a multi-metric host exactly doubles.
  const other = () => buildGraph({ ...defaultGraphParams, weights: [2, 2, 2, 0, 0], cap: 2 * (defaultGraphParams.cap ?? 0) }, { ...modelMeta(thresholds), version: 'test-2' })

  it('accepts a good model with the right sha256 and version, and scores change', async () => {
    const { det } = await warmed()
    const { det: ref } = await warmed()
    const bytes = other()
    expect(await det.swapModel(bytes, sha256Hex(bytes), 'test-2')).toEqual({ ok: true })
    expect(det.modelVersion).toBe('test-2')
    const s = { ...sample(200), cpu_percent: 45 }
    const a = await det.scoreDetailed(s, 200)
    const b = await ref.scoreDetailed(s, 200)
    expect(a!.raw).toBeCloseTo(2 * b!.raw, 4)
    await det.close()
    await ref.close()
  })

  it('rejects a wrong sha256, a corrupt file, a wrong-shape model and a version mismatch, and keeps scoring', async () => {
    const { det } = await warmed()
    const before = det.modelVersion
    const good = other()
    const corrupt = good.slice(0, good.length - 40)
    // A valid ONNX model whose graph takes [N, 3] instead of [N, 5] features.
    const m = onnx.ModelProto.decode(good)
    const dims = m.graph!.input![0]!.type!.tensorType!.shape!.dim!
    dims[1] = { dimValue: 3 }
    const wrongShape = onnx.ModelProto.encode(m).finish()
    const notOurs = onnx.ModelProto.encode({ ...onnx.ModelProto.decode(good), metadataProps: [] }).finish()
    const cases: [Uint8Array, string, string, string][] = [
      [good, sha256Hex(corrupt), 'test-2', 'MODEL_SHA256_MISMATCH'],
      [corrupt, sha256Hex(corrupt), 'test-2', 'MODEL_NOT_ONNX'],
      [wrongShape, sha256Hex(wrongShape), 'test-2', 'MODEL_LOAD_FAILED'],
      [notOurs, sha256Hex(notOurs), 'test-2', 'MODEL_META_MISSING'],
      [good, sha256Hex(good), 'test-3', 'MODEL_VERSION_MISMATCH'],
    ]
    for (const [bytes, sha, version, code] of cases) {
      const r = await det.swapModel(bytes, sha, version)
      expect(r.ok, code).toBe(false)
      if (!r.ok) {
        expect([code, 'MODEL_SHAPE_MISMATCH', 'MODEL_TEST_SCORE_FAILED'], r.error.message).toContain(r.error.code)
        if (code !== 'MODEL_LOAD_FAILED') expect(r.error.code).toBe(code)
        expect(r.error.message.length).toBeGreaterThan(10)
      }
      expect(det.modelVersion).toBe(before)
      expect(await det.score(sample(300), 300)).not.toBeNull()
    }
    await det.close()
  })
})

describe('models built for another feature version', () => {
  it('are refused with a message naming both feature lists, and the current model keeps scoring', async () => {
    const { det } = await warmed()
    const before = det.modelVersion
    // Metadata as 1.3.0 carried it: feature spec version 1, four features (no longer a valid ModelMeta type).
    const meta = { ...modelMeta(thresholds), version: 'old-features', features: { ...modelMeta(thresholds).features, version: 1 }, featureNames: ['level_z', 'shift_z', 'jump_z', 'spread_log_ratio'] }
    const old = buildGraph(defaultGraphParams, meta as never)
    const r = await det.swapModel(old, sha256Hex(old), 'old-features')
    expect(r).toMatchObject({ ok: false, error: { code: 'MODEL_SHAPE_MISMATCH' } })
    if (!r.ok) expect(r.error.message).toMatch(/feature version 1 \[level_z.*spread_log_ratio\], this agent computes version 2 \[.*record_z\]/)
    expect(det.modelVersion).toBe(before)
    expect(await det.score(sample(300), 300)).not.toBeNull()
    await det.close()
  })
})

describe('models naming a research option the runtime does not have', () => {
  it('are refused as invalid metadata naming the features, and the current model keeps scoring', async () => {
    const { det } = await warmed()
    const before = det.modelVersion
    // Until 2026-12 the feature spec accepted `novelty` (also discord, forecast, burstiness); no shipped model set it.
    const meta = { ...modelMeta(thresholds), version: 'research', features: { ...modelMeta(thresholds).features, novelty: { lags: 8, memory: 128, stride: 4, k: 3, history: 1024 } } }
    const bytes = buildGraph(defaultGraphParams, meta as never)
    const r = await det.swapModel(bytes, sha256Hex(bytes), 'research')
    expect(r).toMatchObject({ ok: false, error: { code: 'MODEL_META_INVALID' } })
    if (!r.ok) expect(r.error.message).toMatch(/\/features/)
    expect(det.modelVersion).toBe(before)
    expect(await det.score(sample(300), 300)).not.toBeNull()
    await det.close()
  })
})

describe('record gate (from scops-anomaly-1.4.0)', () => {
  /** Requests of a bursty service: ~10, and every 25 samples a burst to 40, 45, 50 or 55. Bursts are its normal. */
  function bursty(i: number): number {
    return 10 + Math.sin(i * 12.9898) * 0.5 + (i % 25 === 0 ? 40 + 5 * ((i / 25) % 4) : 0)
  }

  it('in a metric that bursts often, a burst above every usual one outranks them, and the gate is what lifts it', async () => {
    const ungated = buildGraph({ ...defaultGraphParams, recordGate: 0, univariateRecordGate: 0 }, modelMeta(thresholds))
    const gated = await createDetector({ metrics: ['requests'] })
    const plain = await createDetector({ metrics: ['requests'], modelBytes: ungated })
    let usualBurst = 0
    for (let i = 0; i < 2000; i++) {
      const r = await gated.score({ requests: bursty(i) }, i)
      await plain.score({ requests: bursty(i) }, i)
      if (i > 1000 && i % 25 === 0) usualBurst = Math.max(usualBurst, r!.ml_anomaly_score)
    }
    const record = { requests: 90 }
    const withGate = (await gated.score(record, 2000))!.ml_anomaly_score
    const withoutGate = (await plain.score(record, 2000))!.ml_anomaly_score
    expect(withGate).toBeGreaterThan(usualBurst)
    expect(withGate).toBeGreaterThan(withoutGate)
    await gated.close()
    await plain.close()
  })
})

describe('default model', () => {
  it('is the model the build script produces (deterministic build)', async () => {
    const committed = await readDefaultModel()
    const meta = (await createDetector()).modelMeta
    const rebuilt = buildGraph(defaultGraphParams, modelMeta(meta.thresholds, meta.provenance))
    expect(sha256Hex(rebuilt)).toBe(sha256Hex(committed))
    expect(sha256Hex(buildGraph(defaultGraphParams, modelMeta(meta.thresholds)))).toBe(sha256Hex(buildGraph(defaultGraphParams, modelMeta(meta.thresholds))))
  })
})
