import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { main as cli } from './cli'
import { runEvaluation } from './run-eval'
import { sharedDataAvailable, sharedDataDir } from './shared-data'
import { scoreUnivariate } from './score-series'
import { parseSeriesCsv } from './nab-data'

const haveData = sharedDataAvailable()
if (!haveData) console.warn(`skipping the evaluation harness slice: ${sharedDataDir} is absent`)

/** A CI-sized slice of the full evaluation (`pnpm bench:detector` runs all of it). */
describe.skipIf(!haveData)('evaluation harness (CI slice)', () => {
  let dir: string
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'scops-eval-'))
  })
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  it('eval: NAB (3 series) and an SMD slice, model beside both references', async () => {
    const keep = new Set(['realAWSCloudwatch/ec2_cpu_utilization_5f5533.csv', 'realAWSCloudwatch/rds_cpu_utilization_e47b3b.csv', 'artificialNoAnomaly/art_noisy.csv'])
    const report = await runEvaluation(sharedDataDir, { sets: ['nab', 'smd'], nabFilter: (n) => keep.has(n), maxTrainRows: 1500, maxTestRows: 4000 })
    const nab = report.nab!
    expect(nab.files).toBe(3)
    expect(nab.optimized.model.profiles.map((p) => p.profile)).toEqual(['standard', 'reward_low_FP_rate', 'reward_low_FN_rate'])
    for (const ev of [nab.optimized.model, nab.optimized.windowedGaussian, nab.optimized.random]) {
      for (const p of ev.profiles) {
        expect(p.corpus).toBeGreaterThanOrEqual(-200)
        expect(p.corpus).toBeLessThanOrEqual(100)
      }
    }
    // The fixed split: thresholds chosen on the tuning series (art_noisy), applied to the 2 held-out AWS series.
    const split = nab.split!
    expect(split.model.tune.files).toBe(1)
    expect(split.model.heldOut.files).toBe(2)
    for (const [i, p] of split.model.heldOut.profiles.entries()) expect(p.threshold).toBe(split.model.tune.profiles[i]!.threshold)
    expect(report.split).toMatch(/held out: NAB realAWSCloudwatch/)
    // The optimized threshold can only beat (or tie) the shipped one on the same series.
    for (const [i, p] of nab.optimized.model.profiles.entries()) expect(p.corpus).toBeGreaterThanOrEqual(nab.modelAtShippedThresholds.profiles[i]!.corpus - 1e-9)
    const smd = report.smd!
    for (const m of [smd.model, smd.windowedGaussian, smd.random]) {
      expect(m.series).toBe(1)
      expect(m.flaggedShare).toBeGreaterThanOrEqual(0)
      expect(m.flaggedShare).toBeLessThan(0.2)
      expect(Number.isFinite(m.falseAlarmsPerHostDay)).toBe(true)
    }
  })

  it('score: a NAB CSV gets an anomaly_score column equal to the agent path, row for row', async () => {
    const src = join(sharedDataDir, 'nab', 'data', 'realAWSCloudwatch', 'ec2_cpu_utilization_5f5533.csv')
    const out = join(dir, 'scored.csv')
    await cli(['score', src, '--out', out])
    const lines = (await readFile(out, 'utf8')).trim().split('\n')
    const input = parseSeriesCsv(await readFile(src, 'utf8'), src)
    expect(lines[0]).toBe('timestamp,value,anomaly_score')
    expect(lines.length - 1).toBe(input.values.length)
    const direct = await scoreUnivariate(undefined, input.timestamps, input.values)
    const scores = lines.slice(1).map((l) => Number(l.split(',')[2]))
    expect(scores).toEqual(Array.from(direct))
  })

  it('score: a multivariate train/test pair gives one score per test row, and per train row with --train-out', async () => {
    const train = (await readFile(join(sharedDataDir, 'smd', 'train', 'machine-2-1.txt'), 'utf8')).split('\n').slice(0, 300).join('\n')
    const test = (await readFile(join(sharedDataDir, 'smd', 'test', 'machine-2-1.txt'), 'utf8')).split('\n').slice(0, 120).join('\n')
    await writeFile(join(dir, 'train.txt'), train)
    await writeFile(join(dir, 'test.txt'), test)
    await cli(['score', '--train', join(dir, 'train.txt'), '--test', join(dir, 'test.txt'), '--out', join(dir, 'out.txt'), '--train-out', join(dir, 'train-out.txt')])
    const scores = (await readFile(join(dir, 'out.txt'), 'utf8')).trim().split('\n').map(Number)
    expect(scores).toHaveLength(120)
    expect(scores.every((s) => s >= 0 && s <= 1)).toBe(true)
    const trainScores = (await readFile(join(dir, 'train-out.txt'), 'utf8')).trim().split('\n').map(Number)
    expect(trainScores).toHaveLength(300)
    // The detector warms up on the train rows: the first are unscored (0), later ones are scores.
    expect(trainScores[0]).toBe(0)
    expect(trainScores.slice(100).some((s) => s > 0 && s <= 1)).toBe(true)
    // The test scores are those of one pass over train then test, as without --train-out.
    await cli(['score', '--train', join(dir, 'train.txt'), '--test', join(dir, 'test.txt'), '--out', join(dir, 'out2.txt')])
    expect(await readFile(join(dir, 'out2.txt'), 'utf8')).toBe(await readFile(join(dir, 'out.txt'), 'utf8'))
  })

  it('rejects a malformed series with an error naming the row', async () => {
    const bad = join(dir, 'bad.csv')
    await writeFile(bad, 'timestamp,value\n2014-01-01 00:00:00,1\n2014-01-01 00:05:00,oops\n')
    await expect(cli(['score', bad])).rejects.toMatchObject({ code: 'NAB_BAD_CSV', message: expect.stringContaining('row 3') })
  })
})
