/**
 * Builds the committed default model: `pnpm model:build`.
 * 1. builds the ONNX graph from `model-params.ts`;
 * 2. scores NAB's development series with it through the agent's own detector path and picks the
 *    corpus-optimal threshold per NAB profile (NAB's rule) on the TUNING series of the fixed
 *    split only (eval/split.ts), so realAWSCloudwatch is scored at a threshold it did not choose;
 * 3. rebuilds the graph with those thresholds in its metadata and writes
 *    agent/models/anomaly-default.onnx and anomaly-default.json (version, sha256, size, figures).
 * Deterministic: no randomness, no clocks; the same data and parameters give the same bytes.
 */
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { buildGraph } from '@smartcloudops/shared/model/build-graph'
import { defaultModelInfoPath, defaultModelPath } from '@smartcloudops/agent/detect/default-model'
import { sha256Hex } from '@smartcloudops/shared/model/model-artifact'
import { defaultGraphParams, modelMeta, MODEL_VERSION } from '@smartcloudops/shared/model/model-params'
import { loadNabCorpus } from './nab-data'
import { evaluateNab, evaluateNabSplit } from './nab-eval'
import { nabPart, splitDescription } from './split'
import { scoreUnivariate } from './score-series'

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url))

export async function buildDefaultModel(nabDir: string): Promise<{ bytes: Uint8Array; info: Record<string, unknown> }> {
  const probe = buildGraph(defaultGraphParams, modelMeta({ standard: 1, reward_low_FP_rate: 1, reward_low_FN_rate: 1 }))
  const corpus = await loadNabCorpus(nabDir)
  const scores = new Map<string, Float64Array>()
  for (const s of corpus) scores.set(s.name, await scoreUnivariate(probe, s.timestamps, s.values))
  const split = evaluateNabSplit(MODEL_VERSION, corpus, scores, nabPart)
  if (!split) throw new Error(`${nabDir}: the split needs both tuning and held-out NAB series`)
  const t = Object.fromEntries(split.tune.profiles.map((p) => [p.profile, p.threshold])) as Record<(typeof split.tune.profiles)[number]['profile'], number>
  const thresholds = { standard: t.standard, reward_low_FP_rate: t.reward_low_FP_rate, reward_low_FN_rate: t.reward_low_FN_rate }
  const bytes = buildGraph(
    defaultGraphParams,
    modelMeta(thresholds, { thresholdsFrom: `NAB v1.1, ${split.tune.files} tuning series (without realAWSCloudwatch), corpus-optimal per profile`, split: splitDescription }),
  )
  // In-sample reference: all 51 series at their own corpus-optimal thresholds (NAB's rule).
  const all = evaluateNab(MODEL_VERSION, corpus, scores)
  const info = {
    version: MODEL_VERSION,
    sha256: sha256Hex(bytes),
    size: bytes.length,
    thresholds,
    nab: Object.fromEntries(
      split.tune.profiles.map((p, i) => [
        p.profile,
        {
          tuningSeries: round(p.corpus),
          realAWSCloudwatchHeldOut: round(split.heldOut.profiles[i]!.corpus),
          allSeriesOwnThreshold: round(all.profiles[i]!.corpus),
        },
      ]),
    ),
  }
  return { bytes, info }
}

const round = (v: number) => Math.round(v * 100) / 100

async function main() {
  const nabDir = process.argv[2] ?? join(repoRoot, '..', 'shared', 'data', 'nab')
  const { bytes, info } = await buildDefaultModel(nabDir)
  await writeFile(defaultModelPath, bytes)
  await writeFile(defaultModelInfoPath, JSON.stringify(info, null, 2) + '\n')
  console.warn(JSON.stringify(info, null, 2))
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((err) => {
    console.error(err)
    process.exit(1)
  })
}
