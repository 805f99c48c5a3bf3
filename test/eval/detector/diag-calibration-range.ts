/**
 * How much of a candidate's raw scores the calibration histogram covers, on every NAB development
 * series (no label read): rows whose log(1 + raw) lies beyond `maxLogRaw` (they all count into the
 * top bin), and rows scored while that top bin held more than the tail's share of the history — then
 * the tail starts at the top edge with the smallest scale it allows, and every raw as large as the
 * usual ones is an extreme surprise. A diagnostic of 2026-12-03 (agent/src/detect/README.md, fifth round).
 *
 *   npx tsx test/eval/detector/diag-calibration-range.ts [candidate name]
 */
import { join } from 'node:path'
import { HostFeatures } from '@smartcloudops/shared/features/pipeline'
import { defaultCalibrationSpec } from '@smartcloudops/shared/features/calibration'
import { defaultFeatureSpec } from '@smartcloudops/shared/features/spec'
import { defaultGraphParams } from '@smartcloudops/shared/model/model-params'
import { loadNabCorpus } from './nab-data'
import { sharedDataDir } from './shared-data'
import { rawScore } from './tune'
import { base, candidates } from './cv-candidates'

const name = process.argv[2]
const c = name ? candidates.find((x) => x.name === name) : base
if (!c) {
  console.error(`diag-calibration-range: no candidate named ${JSON.stringify(name)}`)
  process.exit(2)
}
const fs = { ...defaultFeatureSpec, ...c.features }
const cs = { ...defaultCalibrationSpec, ...c.calibration }
const g = { ...defaultGraphParams, ...c.graph }
const nab = await loadNabCorpus(join(sharedDataDir, 'nab'))
let beyond = 0
let degenerate = 0
for (const s of nab) {
  const hf = new HostFeatures(fs, cs, ['value'])
  let over = 0
  let scored = 0
  let degenerateRows = 0
  for (let i = 0; i < s.values.length; i++) {
    const st = hf.step({ value: s.values[i]! }, s.timestamps[i]!)
    if (st.rows === 0) continue
    const raw = rawScore(g, st.features, st.rows)
    scored++
    if (Math.log1p(raw) >= cs.maxLogRaw) over++
    const { counts, total } = hf.exportState().calibration
    if (counts[cs.bins - 1]! > total * (1 - cs.tailQuantile)) degenerateRows++
    hf.calibrate(raw)
  }
  if (over > 0) beyond++
  if (degenerateRows > 0) degenerate++
  if (over > 0) console.log(`${s.name}: rows beyond the range ${over} of ${scored}, rows scored with the tail degenerate ${degenerateRows}`)
}
console.log(`${c.name}: series with raw scores beyond the range ${beyond} of ${nab.length}, with the tail degenerate at some row ${degenerate}`)
