import { describe, expect, it } from 'vitest'
import { sharedDataAvailable, sharedDataDir } from '../detector/shared-data'
import { compareOnDevData } from './dev-data'
import { TOLERANCE } from './tolerance'

const haveData = sharedDataAvailable()
if (!haveData) console.warn(`skipping the runtime equivalence slice: ${sharedDataDir} is absent`)

/** A CI-sized slice; `pnpm bench:runtime-equivalence` compares every row of the development data. */
describe.skipIf(!haveData)('built-in evaluator vs ONNX Runtime on the development data (CI slice)', () => {
  it('NAB, SMD and ASD: the same anomaly scores within the tolerance, no alert decision flips', async () => {
    const diffs = await compareOnDevData(sharedDataDir, { seriesPerCorpus: 2, rowsPerSeries: 800, nabFilter: (n) => n.startsWith('realAWSCloudwatch/') })
    expect(diffs.map((d) => d.name.split('/')[0])).toEqual(['nab', 'nab', 'smd', 'asd', 'asd'])
    for (const d of diffs) {
      expect(d.scored, d.name).toBeGreaterThan(700)
      expect({ name: d.name, presenceMismatches: d.presenceMismatches, alertFlips: d.alertFlips }).toEqual({ name: d.name, presenceMismatches: 0, alertFlips: 0 })
      expect(d.maxAbsDiff, d.name).toBeLessThanOrEqual(TOLERANCE)
    }
  })
})
