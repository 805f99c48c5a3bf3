/**
 * The built-in evaluator (shared/src/model/graph-evaluator.ts) against ONNX Runtime on every row of
 * the development data (../shared/data: NAB, SMD, ASD), through the agent's scoring path: per series,
 * how many scores are bit-identical, the largest difference, and alert decisions that flip.
 *
 *   pnpm bench:runtime-equivalence [data dir]
 * Exits 1 when any score differs by more than TOLERANCE or any alert decision flips.
 */
import { sharedDataDir } from '../../eval/detector/shared-data'
import { compareOnDevData } from '../../eval/model-runtime/dev-data'
import { TOLERANCE } from '../../eval/model-runtime/tolerance'

async function main() {
  const dataDir = process.argv.slice(2).find((a) => !a.startsWith('--')) ?? sharedDataDir
  const started = Date.now()
  console.log('| series | scored | bit-identical | max |Δ score| | alert flips |\n|---|---|---|---|---|')
  const diffs = await compareOnDevData(dataDir, {
    progress: (d) => console.log(`| ${d.name} | ${d.scored} | ${d.identical} | ${d.maxAbsDiff.toExponential(2)} | ${d.alertFlips} |`),
  })
  const sum = (f: (d: (typeof diffs)[number]) => number) => diffs.reduce((a, d) => a + f(d), 0)
  const max = Math.max(...diffs.map((d) => d.maxAbsDiff))
  console.log(
    `\nall ${diffs.length} series: ${sum((d) => d.scored)} scores, ${sum((d) => d.identical)} bit-identical, max |Δ| ${max.toExponential(2)} (tolerance ${TOLERANCE}), ` +
      `${sum((d) => d.alertFlips)} alert flips, ${sum((d) => d.presenceMismatches)} warm-up mismatches; ${((Date.now() - started) / 1000).toFixed(0)} s`,
  )
  if (max > TOLERANCE || sum((d) => d.alertFlips + d.presenceMismatches) > 0) process.exit(1)
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
