/**
 * Diagnostic printed once in the 2026-12-02 selection (seventh round): quantiles of the base's raw
 * score and of the host-structure residual on the train rows of the first ASD and SMD server —
 * development data, train half only, no label read.
 *
 *   npx tsx test/eval/detector/diag-host-raw.ts
 */
import { join } from 'node:path'
import { HostFeatures } from '@smartcloudops/shared/features/pipeline'
import { defaultCalibrationSpec } from '@smartcloudops/shared/features/calibration'
import { defaultFeatureSpec, FEATURE_COUNT } from '@smartcloudops/shared/features/spec'
import { defaultGraphParams } from '@smartcloudops/shared/model/model-params'
import { loadLabeledSet } from './multivariate-data'
import { columnNames } from './score-series'
import { sharedDataDir } from './shared-data'
import { rawScore } from './tune'
import { base } from './cv-candidates'
import { HostStructure } from './research/host-structure'
const q = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.floor(p * (xs.length - 1))]!
for (const set of ['asd', 'smd']) {
  const s = (await loadLabeledSet(join(sharedDataDir, set)))[0]!
  const names = columnNames(s.train[0]!.length)
  const hf = new HostFeatures({ ...defaultFeatureSpec, ...base.features }, { ...defaultCalibrationSpec, ...base.calibration }, names)
  const hs = new HostStructure(names.length, { clip: 10, alpha: 0.001, refresh: 200, explained: 0.8, warmup: 500 })
  const raws: number[] = [], ts: number[] = []
  const sample: Record<string, number> = {}
  const lv = new Float64Array(names.length)
  for (const row of s.train) {
    names.forEach((n, d) => (sample[n] = row[d]!))
    const st = hf.step(sample)
    if (st.rows === 0) continue
    lv.fill(0); for (let r = 0; r < st.rows; r++) lv[names.indexOf(st.metrics[r]!)] = st.features[r * FEATURE_COUNT]!
    const t = hs.step(lv)
    raws.push(rawScore({ ...defaultGraphParams, ...base.graph }, st.features, st.rows)); ts.push(t)
  }
  console.log(set, s.name, 'raw p50/p90/p99', [0.5, 0.9, 0.99].map((p) => q(raws, p).toFixed(2)), 'structure p50/p90/p99', [0.5, 0.9, 0.99].map((p) => q(ts, p).toFixed(2)))
}
