import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { loadNabCorpus, type NabSeries } from './nab-data'
import { evaluateNab, type NabEvaluation } from './nab-eval'
import { loadLabeledSet, type LabeledMultivariate } from './multivariate-data'
import { strictMetrics, type StrictMetrics } from './multivariate-metrics'
import { randomScores, seedOf, windowedGaussianScores } from './references'
import { scoreMultivariate, scoreUnivariate } from './score-series'
import { readModelMeta } from '../model-artifact'
import { readDefaultModel } from '../default-model'

export interface EvalOptions {
  /** Model bytes; default the committed model. */
  modelBytes?: Uint8Array
  /** Keep only NAB series whose name matches. */
  nabFilter?: (name: string) => boolean
  /** Keep at most this many train / test rows per SMD/ASD series (CI slices). */
  maxTrainRows?: number
  maxTestRows?: number
  sets?: ('nab' | 'smd' | 'asd')[]
  progress?: (msg: string) => void
}

export interface DetectorTable<T> {
  model: T
  windowedGaussian: T
  random: T
}

export interface EvalReport {
  modelVersion: string
  nab?: {
    files: number
    windows: number
    /** Thresholds optimized on this corpus (NAB's rule). */
    optimized: DetectorTable<NabEvaluation>
    /** The model at the thresholds it carries in its metadata (no tuning on this corpus). */
    modelAtShippedThresholds: NabEvaluation
  }
  smd?: DetectorTable<StrictMetrics>
  asd?: DetectorTable<StrictMetrics>
}

const STEP_SECONDS: Record<string, number> = { smd: 60, asd: 300 }

/** The full evaluation over a directory laid out like ../shared/data. */
export async function runEvaluation(dataDir: string, opts: EvalOptions = {}): Promise<EvalReport> {
  const bytes = opts.modelBytes ?? (await readDefaultModel())
  const meta = readModelMeta(bytes)
  const sets = opts.sets ?? ['nab', 'smd', 'asd']
  const log = opts.progress ?? (() => undefined)
  const report: EvalReport = { modelVersion: meta.version }

  if (sets.includes('nab') && existsSync(join(dataDir, 'nab'))) {
    const corpus = await loadNabCorpus(join(dataDir, 'nab'), opts.nabFilter)
    log(`NAB: scoring ${corpus.length} series`)
    const model = new Map<string, ArrayLike<number>>()
    const gauss = new Map<string, ArrayLike<number>>()
    const rnd = new Map<string, ArrayLike<number>>()
    for (const s of corpus) {
      model.set(s.name, await scoreUnivariate(bytes, s.timestamps, s.values))
      gauss.set(s.name, windowedGaussianScores(s.values.map((v) => [v]), 1))
      rnd.set(s.name, randomScores(s.values.length, seedOf(s.name)))
    }
    report.nab = nabSection(corpus, model, gauss, rnd, meta.thresholds, meta.version)
  }
  for (const set of ['smd', 'asd'] as const) {
    if (!sets.includes(set) || !existsSync(join(dataDir, set))) continue
    const data = await loadLabeledSet(join(dataDir, set), { maxTrainRows: opts.maxTrainRows, maxTestRows: opts.maxTestRows })
    log(`${set.toUpperCase()}: scoring ${data.length} series`)
    report[set] = await multivariateSection(bytes, data, STEP_SECONDS[set]!)
  }
  return report
}

function nabSection(
  corpus: NabSeries[],
  model: Map<string, ArrayLike<number>>,
  gauss: Map<string, ArrayLike<number>>,
  rnd: Map<string, ArrayLike<number>>,
  shipped: Record<string, number>,
  version: string,
): NonNullable<EvalReport['nab']> {
  const optimized = {
    model: evaluateNab(version, corpus, model),
    windowedGaussian: evaluateNab('windowedGaussian', corpus, gauss),
    random: evaluateNab('random', corpus, rnd),
  }
  return {
    files: optimized.model.files,
    windows: optimized.model.windows,
    optimized,
    modelAtShippedThresholds: evaluateNab(`${version} (shipped thresholds)`, corpus, model, shipped),
  }
}

async function multivariateSection(bytes: Uint8Array, data: LabeledMultivariate[], stepSeconds: number): Promise<DetectorTable<StrictMetrics>> {
  const model = []
  const gauss = []
  const rnd = []
  for (const s of data) {
    const dims = s.train[0]?.length ?? 0
    const m = await scoreMultivariate(bytes, s.train, s.test)
    model.push({ name: s.name, trainScores: m.train, testScores: m.test, labels: s.labels, stepSeconds })
    const g = windowedGaussianScores([...s.train, ...s.test], dims)
    gauss.push({ name: s.name, trainScores: g.subarray(0, s.train.length), testScores: g.subarray(s.train.length), labels: s.labels, stepSeconds })
    const r = randomScores(s.train.length + s.test.length, seedOf(s.name))
    rnd.push({ name: s.name, trainScores: r.subarray(0, s.train.length), testScores: r.subarray(s.train.length), labels: s.labels, stepSeconds })
  }
  return { model: strictMetrics(model), windowedGaussian: strictMetrics(gauss), random: strictMetrics(rnd) }
}
