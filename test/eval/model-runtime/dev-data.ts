import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { parseRows } from '../detector/multivariate-data'
import { loadNabCorpus } from '../detector/nab-data'
import { compareRuntimes, type RuntimeDiff } from './compare-runtimes'

/**
 * Runs compareRuntimes over the development data (../shared/data: NAB, SMD, ASD). `rowsPerSeries`
 * and `seriesPerCorpus` cut a fixed slice (the CI test); without them every row of every series.
 * Multivariate series are their train file followed by their test file, as the evaluation scores them.
 */
export async function compareOnDevData(dataDir: string, opts: { rowsPerSeries?: number; seriesPerCorpus?: number; nabFilter?: (name: string) => boolean; progress?: (d: RuntimeDiff) => void } = {}): Promise<RuntimeDiff[]> {
  const cut = <T>(xs: readonly T[], n?: number) => (n === undefined ? [...xs] : xs.slice(0, n))
  const out: RuntimeDiff[] = []
  const record = (d: RuntimeDiff) => (out.push(d), opts.progress?.(d))
  for (const s of cut(await loadNabCorpus(join(dataDir, 'nab'), opts.nabFilter), opts.seriesPerCorpus)) {
    const values = cut(s.values, opts.rowsPerSeries)
    record(await compareRuntimes(`nab/${s.name}`, values.map((v) => Float64Array.of(v)), s.timestamps))
  }
  for (const corpus of ['smd', 'asd']) {
    const names = (await readdir(join(dataDir, corpus, 'test'))).filter((f) => f.endsWith('.txt')).sort()
    for (const file of cut(names, opts.seriesPerCorpus)) {
      const read = async (part: string) => parseRows(await readFile(join(dataDir, corpus, part, file), 'utf8'), `${corpus}/${part}/${file}`)
      const rows = [...(await read('train')), ...(await read('test'))]
      record(await compareRuntimes(`${corpus}/${file}`, cut(rows, opts.rowsPerSeries)))
    }
  }
  return out
}
