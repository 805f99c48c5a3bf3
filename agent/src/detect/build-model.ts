/**
 * Builds the committed default model: `pnpm --filter @smartcloudops/agent build:model`.
 * 1. builds the ONNX graph from `model-params.ts`;
 * 2. scores NAB's development series with it through the agent's own detector path and picks the
 *    corpus-optimal threshold per NAB profile (NAB's rule);
 * 3. rebuilds the graph with those thresholds in its metadata and writes
 *    agent/models/anomaly-default.onnx and anomaly-default.json (version, sha256, size, figures).
 * Deterministic: no randomness, no clocks; the same data and parameters give the same bytes.
 */
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { buildGraph } from './build-graph'
import { defaultModelInfoPath, defaultModelPath } from './default-model'
import { sha256Hex } from './model-artifact'
import { defaultGraphParams, modelMeta, MODEL_VERSION } from './model-params'
import { loadNabCorpus } from './eval/nab-data'
import { evaluateNab } from './eval/nab-eval'
import { scoreUnivariate } from './eval/score-series'

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url))

export async function buildDefaultModel(nabDir: string): Promise<{ bytes: Uint8Array; info: Record<string, unknown> }> {
  const probe = buildGraph(defaultGraphParams, modelMeta({ standard: 1, reward_low_FP_rate: 1, reward_low_FN_rate: 1 }))
  const corpus = await loadNabCorpus(nabDir)
  const scores = new Map<string, Float64Array>()
  for (const s of corpus) scores.set(s.name, await scoreUnivariate(probe, s.timestamps, s.values))
  const ev = evaluateNab(MODEL_VERSION, corpus, scores)
  const t = Object.fromEntries(ev.profiles.map((p) => [p.profile, p.threshold])) as Record<(typeof ev.profiles)[number]['profile'], number>
  const thresholds = { standard: t.standard, reward_low_FP_rate: t.reward_low_FP_rate, reward_low_FN_rate: t.reward_low_FN_rate }
  const bytes = buildGraph(defaultGraphParams, modelMeta(thresholds, { thresholdsFrom: `NAB v1.1, ${ev.files} labeled series, corpus-optimal per profile` }))
  const info = {
    version: MODEL_VERSION,
    sha256: sha256Hex(bytes),
    size: bytes.length,
    thresholds,
    nab: Object.fromEntries(ev.profiles.map((p) => [p.profile, { corpus: round(p.corpus), realAWSCloudwatch: round(p.byCategory.realAWSCloudwatch ?? NaN) }])),
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
