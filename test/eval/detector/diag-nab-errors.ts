/**
 * Error analysis of one candidate on the NAB development folds (leave-one-category-out, as cv.ts):
 * per held-out category, at the threshold chosen on the other categories — windows, windows
 * detected, false-positive rows, and the fold's standard score. Development data only; a
 * diagnostic of the base's errors (2026-12-02), not a selection column.
 *
 *   npx tsx test/eval/detector/diag-nab-errors.ts [candidate name]
 */
import { join } from 'node:path'
import { loadNabCorpus } from './nab-data'
import { sharedDataDir } from './shared-data'
import { scoreRows } from './tune'
import { base, candidates } from './cv-candidates'
import { nabFold } from './folds'
import { evaluateNab } from './nab-eval'
import { nabProfiles, scoreFile, sweepRows } from './nab-scorer'

const name = process.argv[2]
const c = name ? candidates.find((x) => x.name === name)! : base
const nab = await loadNabCorpus(join(sharedDataDir, 'nab'))
const scores = new Map(nab.map((s) => [s.name, scoreRows(c, ['value'], s.values.map((v) => [v]), (i) => s.timestamps[i]!)]))
const std = nabProfiles.find((p) => p.name === 'standard')!
for (const fold of [...new Set(nab.map((s) => nabFold(s.name)))].sort()) {
  const others = nab.filter((s) => nabFold(s.name) !== fold)
  const thr = evaluateNab('x', others, scores).profiles.find((p) => p.profile === 'standard')!.threshold
  const held = nab.filter((s) => nabFold(s.name) === fold)
  let windows = 0, detected = 0, fpRows = 0
  for (const s of held) {
    const rows = sweepRows(scores.get(s.name)!, s.windows)
    const r = scoreFile({ name: s.name, rows, windowCount: s.windows.length }, std, thr)
    fpRows += r.fp
    windows += s.windows.length
    const sc = scores.get(s.name)!
    for (const w of s.windows) {
      let top = 0
      let at = -1
      for (let i = w.left; i <= w.right; i++) if (sc[i]! > top) { top = sc[i]!; at = i }
      if (top >= thr) detected++
      else console.log(`    missed window ${w.left}..${w.right} of ${sc.length}: best score ${top.toFixed(5)} at row ${at}`)
    }
    console.log(`  ${s.name}: windows ${s.windows.length}, fp rows ${r.fp}, file score ${r.score.toFixed(2)}`)
  }
  const ev = evaluateNab('x', held, scores, { standard: thr }).profiles.find((p) => p.profile === 'standard')!
  console.log(`${fold}: threshold ${thr.toFixed(5)}, windows ${windows}, detected ${detected}, fp rows ${fpRows}, score ${ev.corpus.toFixed(1)}`)
}
