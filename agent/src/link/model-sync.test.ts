import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pino from 'pino'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import type { ModelRef } from '@smartcloudops/shared'
import { corrupt, variantModel } from '@smartcloudops/shared/test-support/models'
import { createDetector, type Detector } from '../detect/detector'
import { readDefaultModel } from '../detect/default-model'
import { readModelMeta, sha256Hex } from '../detect/model-artifact'
import { ModelStore } from './model-store'
import { ModelDownloadError, ModelSync, type ModelStatus } from './model-sync'

const log = pino({ level: 'silent' })
const good = variantModel('sync-test-2', [2, 0, 0, 0])
const refOf = (bytes: Uint8Array, version: string, over: Partial<ModelRef> = {}): ModelRef => ({
  version,
  sha256: sha256Hex(bytes),
  size: bytes.length,
  url: `/api/v1/agents/models/${version}`,
  ...over,
})

/** Deterministic, slowly varying samples with an occasional spike, so the two models' scores differ. */
function sample(i: number): Record<string, number> {
  return {
    cpu_percent: 30 + 10 * Math.sin(i / 7) + (i % 50 === 49 ? 40 : 0),
    memory_percent: 50 + 5 * Math.cos(i / 11),
    load_1: 1 + 0.5 * Math.sin(i / 5),
    error_rate: i % 37 === 36 ? 0.3 : 0,
  }
}

describe('ModelSync', () => {
  let dir: string
  let detector: Detector
  let store: ModelStore
  let settled: ModelStatus[]
  let downloads: string[]
  let serve: (url: string) => Promise<Uint8Array>
  let sync: ModelSync
  let builtinVersion: string

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'scops-model-sync-'))
    detector = await createDetector()
    builtinVersion = detector.modelVersion
    store = new ModelStore(dir)
    settled = []
    downloads = []
    serve = async () => good
    sync = new ModelSync({
      detector,
      store,
      builtin: async () => {
        const bytes = await readDefaultModel()
        return { bytes, version: readModelMeta(bytes).version }
      },
      download: async (url) => {
        downloads.push(url)
        return serve(url)
      },
      onSettled: (s) => settled.push(s),
      log,
      backoffBaseMs: 5,
      backoffCapMs: 20,
    })
  })
  afterEach(async () => {
    await sync.stop()
    await detector.close()
    rmSync(dir, { recursive: true, force: true })
  })

  test('a good model is downloaded, verified, swapped in and persisted as the last good one; scores change', async () => {
    const ts0 = 1_700_000_000_000
    const before: number[] = []
    for (let i = 0; i < 300; i++) {
      const s = await detector.score(sample(i), ts0 + i * 60_000)
      if (i >= 250) before.push(s!.ml_anomaly_score)
    }
    // The same history on a second detector that switches model at sample 250.
    const other = await createDetector()
    const otherSync = new ModelSync({ detector: other, store: new ModelStore(join(dir, 'other')), builtin: async () => ({ bytes: await readDefaultModel(), version: builtinVersion }), download: async () => good, onSettled: () => undefined, log })
    const after: number[] = []
    for (let i = 0; i < 300; i++) {
      if (i === 250) {
        otherSync.want(refOf(good, 'sync-test-2'))
        await otherSync.idle()
        expect(other.modelVersion).toBe('sync-test-2')
      }
      const s = await other.score(sample(i), ts0 + i * 60_000)
      if (i >= 250) after.push(s!.ml_anomaly_score)
    }
    await other.close()
    expect(after).not.toEqual(before)

    sync.want(refOf(good, 'sync-test-2'))
    await sync.idle()
    expect(detector.modelVersion).toBe('sync-test-2')
    expect(settled).toEqual([{ version: 'sync-test-2' }])
    expect(downloads).toEqual(['/api/v1/agents/models/sync-test-2'])
    expect(store.lastGood()).toMatchObject({ version: 'sync-test-2', sha256: sha256Hex(good) })
    // The same reference again changes nothing.
    sync.want(refOf(good, 'sync-test-2'))
    await sync.idle()
    expect(downloads).toHaveLength(1)
  })

  test('wrong sha256: refused without retrying, the old model keeps scoring, the status carries the error', async () => {
    sync.want(refOf(good, 'sync-test-2', { sha256: 'a'.repeat(64) }))
    await sync.idle()
    expect(detector.modelVersion).toBe(builtinVersion)
    expect(downloads).toHaveLength(1)
    expect(settled).toHaveLength(1)
    expect(settled[0]).toMatchObject({ version: builtinVersion, error: expect.stringContaining('MODEL_SHA256_MISMATCH') })
    expect(sync.status.error).toContain('MODEL_SHA256_MISMATCH')
    expect(store.lastGood()).toBeNull()
    let scored = 0
    for (let i = 0; i < 80; i++) if (await detector.score(sample(i), 1_700_000_000_000 + i * 60_000)) scored++
    expect(scored).toBeGreaterThan(0)
  })

  test('corrupt bytes (hash matching the corrupt bytes) and a wrong size are refused; the old model stays', async () => {
    const bad = corrupt(good)
    serve = async () => bad
    sync.want(refOf(bad, 'sync-test-bad'))
    await sync.idle()
    expect(detector.modelVersion).toBe(builtinVersion)
    expect(settled.at(-1)!.error).toMatch(/MODEL_(NOT_ONNX|META_INVALID|LOAD_FAILED)/)

    serve = async () => good
    sync.want(refOf(good, 'sync-test-2', { size: good.length + 1 }))
    await sync.idle()
    expect(settled.at(-1)!.error).toContain('MODEL_SIZE_MISMATCH')
    expect(detector.modelVersion).toBe(builtinVersion)
  })

  test('network failures are retried with backoff until the download succeeds; 404 is not retried', async () => {
    let failures = 3
    serve = async () => {
      if (failures-- > 0) throw new TypeError('fetch failed')
      return good
    }
    sync.want(refOf(good, 'sync-test-2'))
    await sync.idle()
    expect(downloads).toHaveLength(4)
    expect(detector.modelVersion).toBe('sync-test-2')
    expect(settled).toEqual([{ version: 'sync-test-2' }])

    const v3 = variantModel('sync-test-3', [3, 0, 0, 0])
    let calls503 = 0
    serve = async () => {
      if (calls503++ < 2) throw new ModelDownloadError(503, 'HTTP 503')
      throw new ModelDownloadError(404, 'model download failed: HTTP 404')
    }
    sync.want(refOf(v3, 'sync-test-3'))
    await sync.idle()
    expect(calls503).toBe(3)
    expect(detector.modelVersion).toBe('sync-test-2')
    expect(settled.at(-1)).toMatchObject({ version: 'sync-test-2', error: expect.stringContaining('HTTP 404') })
  })

  test('a newer reference supersedes one still being retried; no reference means back to the built-in model', async () => {
    serve = async (url) => {
      if (url.endsWith('sync-test-2')) throw new TypeError('fetch failed')
      return variantModel('sync-test-3', [3, 0, 0, 0])
    }
    sync.want(refOf(good, 'sync-test-2'))
    while (downloads.length < 2) await new Promise((r) => setTimeout(r, 5))
    expect(sync.status.error).toContain('not downloaded yet')
    const v3 = variantModel('sync-test-3', [3, 0, 0, 0])
    sync.want(refOf(v3, 'sync-test-3'))
    await sync.idle()
    expect(detector.modelVersion).toBe('sync-test-3')
    expect(sync.status).toEqual({ version: 'sync-test-3' })

    sync.want(undefined)
    await sync.idle()
    expect(detector.modelVersion).toBe(builtinVersion)
    expect(store.lastGood()).toBeNull()
    expect(settled.at(-1)).toEqual({ version: builtinVersion })
  })

  test('the store keeps the active and the previous model only, and ignores a damaged file', async () => {
    const models = ['s-1', 's-2', 's-3'].map((v, i) => ({ v, b: variantModel(v, [i + 1, 0, 0, 0]) }))
    for (const m of models) store.saveActive(m.v, sha256Hex(m.b), m.b)
    const files = readdirSync(join(dir, 'models')).sort()
    expect(files).toEqual(['active.json', `${sha256Hex(models[1]!.b)}.onnx`, `${sha256Hex(models[2]!.b)}.onnx`].sort())
    expect(store.lastGood()?.version).toBe('s-3')
    // A model file that no longer hashes to its name is not used.
    const { writeFileSync } = await import('node:fs')
    writeFileSync(join(dir, 'models', `${sha256Hex(models[2]!.b)}.onnx`), corrupt(models[2]!.b))
    expect(store.lastGood()).toBeNull()
  })
})
