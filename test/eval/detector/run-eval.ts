import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { loadNabCorpus, type NabSeries } from './nab-data'
import { evaluateNab, evaluateNabSplit, type NabEvaluation, type NabSplitEvaluation } from './nab-eval'
import { loadLabeledSet, type LabeledMultivariate } from './multivariate-data'
import { strictMetrics, type ScoredSeries, type StrictMetrics } from './multivariate-metrics'
import { randomScores, seedOf, windowedGaussianScores } from './references'
import { scoreMultivariate, scoreUnivariate } from './score-series'
import { multivariatePart, nabPart, splitDescription } from './split'
import { readModelMeta } from '@smartcloudops/shared/model/model-artifact'
import { readDefaultModel } from '@smartcloudops/agent/detect/default-model'

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
    /** The fixed split (split.ts): thresholds optimized on the tuning series, applied to the held-out ones. */
    split?: DetectorTable<NabSplitEvaluation>
  }
  smd?: MultivariateSection
  asd?: MultivariateSection
  /** Which data the model's parameters were tuned on and which is held out (split.ts). */
  split: string
}

/** All series of a set pooled, plus the same metrics over the tuning and held-out series alone. */
export interface MultivariateSection extends DetectorTable<StrictMetrics> {
  tune?: DetectorTable<StrictMetrics>
  heldOut?: DetectorTable<StrictMetrics>
}

const STEP_SECONDS: Record<string, number> = { smd: 60, asd: 300 }

/** The full evaluation over a directory laid out like ../shared/data. */
export async function runEvaluation(dataDir: string, opts: EvalOptions = {}): Promise<EvalReport> {
  const bytes = opts.modelBytes ?? (await readDefaultModel())
  const meta = readModelMeta(bytes)
  const sets = opts.sets ?? ['nab', 'smd', 'asd']
  const log = opts.progress ?? (() => undefined)
  const report: EvalReport = { modelVersion: meta.version, split: splitDescription }

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
    report[set] = await multivariateSection(bytes, data, STEP_SECONDS[set]!, (name) => multivariatePart(set, name))
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
  const model_ = evaluateNabSplit(version, corpus, model, nabPart)
  const gauss_ = evaluateNabSplit('windowedGaussian', corpus, gauss, nabPart)
  const rnd_ = evaluateNabSplit('random', corpus, rnd, nabPart)
  return {
    files: optimized.model.files,
    windows: optimized.model.windows,
    optimized,
    modelAtShippedThresholds: evaluateNab(`${version} (shipped thresholds)`, corpus, model, shipped),
    ...(model_ && gauss_ && rnd_ ? { split: { model: model_, windowedGaussian: gauss_, random: rnd_ } } : {}),
  }
}

async function multivariateSection(
  bytes: Uint8Array,
  data: LabeledMultivariate[],
  stepSeconds: number,
  part: (name: string) => 'tune' | 'heldOut',
): Promise<MultivariateSection> {
  const model: ScoredSeries[] = []
  const gauss: ScoredSeries[] = []
  const rnd: ScoredSeries[] = []
  for (const s of data) {
    const dims = s.train[0]?.length ?? 0
    const m = await scoreMultivariate(bytes, s.train, s.test, stepSeconds)
    model.push({ name: s.name, trainScores: m.train, testScores: m.test, labels: s.labels, stepSeconds })
    const g = windowedGaussianScores([...s.train, ...s.test], dims)
    gauss.push({ name: s.name, trainScores: g.subarray(0, s.train.length), testScores: g.subarray(s.train.length), labels: s.labels, stepSeconds })
    const r = randomScores(s.train.length + s.test.length, seedOf(s.name))
    rnd.push({ name: s.name, trainScores: r.subarray(0, s.train.length), testScores: r.subarray(s.train.length), labels: s.labels, stepSeconds })
  }
  const table = (keep: (name: string) => boolean): DetectorTable<StrictMetrics> | undefined => {
    const pick = (xs: ScoredSeries[]) => xs.filter((x) => keep(x.name))
    if (pick(model).length === 0) return undefined
    return { model: strictMetrics(pick(model)), windowedGaussian: strictMetrics(pick(gauss)), random: strictMetrics(pick(rnd)) }
  }
  const tune = table((n) => part(n) === 'tune')
  const heldOut = table((n) => part(n) === 'heldOut')
  const all = { model: strictMetrics(model), windowedGaussian: strictMetrics(gauss), random: strictMetrics(rnd) }
  return { ...all, ...(tune && heldOut ? { tune, heldOut } : {}) }
}
