/**
 * Error analysis of one candidate on the NAB development folds (leave-one-category-out, as cv.ts):
 * per held-out category, at the threshold chosen on the other categories — windows, windows
 * detected, false-positive rows, and the fold's standard score. Development data only; a
 * diagnostic of the base's errors (2026-12-02), not a selection column. `--false-alarms`
 * (2026-12-03) also lists each false-alarm row with its cost (NAB's unweighted sigmoid) and the
 * rows since the previous detection.
 *
 *   npx tsx test/eval/detector/diag-nab-errors.ts [candidate name] [--false-alarms]
 */
import { join } from 'node:path'
import { loadNabCorpus } from './nab-data'
import { sharedDataDir } from './shared-data'
import { scoreRows } from './tune'
import { base, candidates } from './cv-candidates'
import { nabFold } from './folds'
import { evaluateNab } from './nab-eval'
import { nabProfiles, scoreFile, sweepRows, type SweepRow } from './nab-scorer'

const args = process.argv.slice(2)
const listFalseAlarms = args.includes('--false-alarms')
const name = args.find((a) => !a.startsWith('--'))
const c = name ? candidates.find((x) => x.name === name) : base
if (!c) {
  console.error(`diag-nab-errors: no candidate named ${JSON.stringify(name)}`)
  process.exit(2)
}
const nab = await loadNabCorpus(join(sharedDataDir, 'nab'))
const scores = new Map(nab.map((s) => [s.name, scoreRows(c, ['value'], s.values.map((v) => [v]), (i) => s.timestamps[i]!)]))
const std = nabProfiles.find((p) => p.name === 'standard')!
const PROBATION = -1
const OUTSIDE = -2

/** Rows at or above the threshold outside every window: `row(cost, gap since the previous detection)`. */
function falseAlarms(rows: readonly SweepRow[], sc: ArrayLike<number>, thr: number): string[] {
  const out: string[] = []
  let previous = -1
  for (let i = 0; i < rows.length; i++) {
    if (rows[i]!.window === PROBATION || sc[i]! < thr) continue
    if (rows[i]!.window === OUTSIDE) out.push(`${i}(${rows[i]!.tpUnit.toFixed(2)}, gap ${previous < 0 ? '-' : i - previous})`)
    previous = i
  }
  return out
}

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
    if (listFalseAlarms && r.fp > 0) console.log(`    false alarms: ${falseAlarms(rows, sc, thr).join(' ')}`)
    console.log(`  ${s.name}: windows ${s.windows.length}, fp rows ${r.fp}, file score ${r.score.toFixed(2)}`)
  }
  const ev = evaluateNab('x', held, scores, { standard: thr }).profiles.find((p) => p.profile === 'standard')!
  console.log(`${fold}: threshold ${thr.toFixed(5)}, windows ${windows}, detected ${detected}, fp rows ${fpRows}, score ${ev.corpus.toFixed(1)}`)
}
