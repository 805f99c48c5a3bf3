import { readFile, readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseCsv, parseSeriesCsv, readNabWindows, windowsToRows } from './nab-data'
import { nabProfiles, normalizeScore, optimizeThreshold, scaledSigmoid, scoreFile, sweepRows } from './nab-scorer'
import { sharedDataAvailable, sharedDataDir } from './shared-data'

const nab = join(sharedDataDir, 'nab')
const haveData = sharedDataAvailable()
if (!haveData) console.warn(`skipping NAB scorer check against HTM: ${sharedDataDir} is absent`)

describe('NAB scoring primitives', () => {
  it('scaled sigmoid is 1 → 0 → -1 across a window edge and -1 far past it', () => {
    expect(scaledSigmoid(-1)).toBeCloseTo(0.98661, 4)
    expect(scaledSigmoid(0)).toBe(0)
    expect(scaledSigmoid(3.5)).toBe(-1)
  })

  it('an earlier detection in a window earns more, one window counts once, FPs add up', () => {
    const scores = new Array(1000).fill(0)
    const windows = [{ left: 500, right: 599 }]
    const early = [...scores]
    early[500] = 1
    const late = [...scores]
    late[590] = 1
    late[591] = 1
    const p = nabProfiles[0]!
    const e = scoreFile({ name: 'e', rows: sweepRows(early, windows), windowCount: 1 }, p, 0.5)
    const l = scoreFile({ name: 'l', rows: sweepRows(late, windows), windowCount: 1 }, p, 0.5)
    expect(e.score).toBeCloseTo(1, 6)
    // Best of rows 590/591 is 590: y = -(599 - 590 + 1)/100 = -0.1, worth σ(-0.1)/σ(-1).
    expect(l.score).toBeCloseTo((2 / (1 + Math.exp(-0.5)) - 1) / (2 / (1 + Math.exp(-5)) - 1), 6)
    const fp = [...scores]
    fp[200] = 1 // after probation (150 rows), no window before it: -A_FP
    const f = scoreFile({ name: 'f', rows: sweepRows(fp, windows), windowCount: 1 }, p, 0.5)
    expect(f.score).toBeCloseTo(-1 - 0.11, 6)
    expect(normalizeScore(-1, 1, p)).toBe(0)
    expect(normalizeScore(1, 1, p)).toBe(100)
  })
})

describe.skipIf(!haveData)('NAB scorer reproduces the published Numenta HTM results', () => {
  it.each(nabProfiles.map((p) => [p.name, p] as const))('%s: per-file raw scores and counts on realAWSCloudwatch', async (_name, profile) => {
    const labels = await readNabWindows(nab)
    const ref = parseCsv(await readFile(join(nab, 'results', 'numenta', `numenta_${profile.name}_scores.csv`), 'utf8'), 'ref')
    const col = (n: string) => ref.header.indexOf(n)
    const dir = join(nab, 'results', 'numenta', 'realAWSCloudwatch')
    const files = (await readdir(dir)).sort()
    expect(files.length).toBe(17)
    for (const f of files) {
      const { timestamps, table } = parseSeriesCsv(await readFile(join(dir, f), 'utf8'), f)
      const scores = table.rows.map((r) => Number(r[table.header.indexOf('anomaly_score')]))
      const name = `realAWSCloudwatch/${f.replace(/^numenta_/, '')}`
      const windows = windowsToRows(timestamps, labels[name] ?? [], name)
      const row = ref.rows.find((r) => r[col('File')] === name)
      expect(row, name).toBeDefined()
      const got = scoreFile({ name, rows: sweepRows(scores, windows), windowCount: windows.length }, profile, Number(row![col('Threshold')]))
      expect(got.score, name).toBeCloseTo(Number(row![col('Score')]), 6)
      expect([got.tp, got.fp, got.fn, got.tn], name).toEqual(['TP', 'FP', 'FN', 'TN'].map((c) => Number(row![col(c)])))
    }
  })

  it('the corpus-wide sweep never does worse than the published threshold on the same files', async () => {
    const labels = await readNabWindows(nab)
    const dir = join(nab, 'results', 'numenta', 'realAWSCloudwatch')
    const sweeps = []
    for (const f of (await readdir(dir)).sort()) {
      const { timestamps, table } = parseSeriesCsv(await readFile(join(dir, f), 'utf8'), f)
      const scores = table.rows.map((r) => Number(r[table.header.indexOf('anomaly_score')]))
      const name = `realAWSCloudwatch/${f.replace(/^numenta_/, '')}`
      const windows = windowsToRows(timestamps, labels[name] ?? [], name)
      sweeps.push({ name, rows: sweepRows(scores, windows), windowCount: windows.length })
    }
    const p = nabProfiles[0]!
    const best = optimizeThreshold(sweeps, p)
    const atPublished = sweeps.reduce((a, s) => a + scoreFile(s, p, 0.5421876907348634).score, 0)
    const atBest = sweeps.reduce((a, s) => a + scoreFile(s, p, best.threshold).score, 0)
    expect(atBest).toBeCloseTo(best.score, 6)
    expect(best.score).toBeGreaterThanOrEqual(atPublished - 1e-9)
  })
})
