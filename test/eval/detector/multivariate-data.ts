import { readFile, readdir } from 'node:fs/promises'
import { join } from 'node:path'

export class SeriesFileError extends Error {
  readonly code = 'SERIES_BAD_FILE'
  constructor(message: string) {
    super(message)
    this.name = 'SeriesFileError'
  }
}

/** Rows of comma-separated floats (SMD/ASD layout: no header, no timestamp). */
export function parseRows(text: string, what: string): Float64Array[] {
  const rows: Float64Array[] = []
  const lines = text.split(/\r?\n/)
  let dims = -1
  lines.forEach((line, i) => {
    if (line.trim() === '') return
    const parts = line.split(',')
    const row = Float64Array.from(parts, Number)
    if (row.some((v, k) => !Number.isFinite(v) || (parts[k] ?? '').trim() === '')) {
      throw new SeriesFileError(`${what}: line ${i + 1} is not comma-separated numbers`)
    }
    if (dims === -1) dims = row.length
    else if (row.length !== dims) throw new SeriesFileError(`${what}: line ${i + 1} has ${row.length} values, earlier lines ${dims}`)
    rows.push(row)
  })
  return rows
}

export function parseLabels(text: string, what: string): Uint8Array {
  const out: number[] = []
  text.split(/\r?\n/).forEach((line, i) => {
    const t = line.trim()
    if (t === '') return
    if (t !== '0' && t !== '1') throw new SeriesFileError(`${what}: line ${i + 1} is "${t}", expected 0 or 1`)
    out.push(Number(t))
  })
  return Uint8Array.from(out)
}

export interface LabeledMultivariate {
  readonly name: string
  readonly train: Float64Array[]
  readonly test: Float64Array[]
  readonly labels: Uint8Array
}

/**
 * Every `<dir>/test/<name>.txt` with its train file and labels (`train/`, `test_label/`), sorted;
 * `maxTestRows` keeps only the first rows of each test file (CI-sized slices).
 */
export async function loadLabeledSet(dir: string, opts: { filter?: (name: string) => boolean; maxTrainRows?: number; maxTestRows?: number } = {}): Promise<LabeledMultivariate[]> {
  const names = (await readdir(join(dir, 'test')))
    .filter((f) => f.endsWith('.txt'))
    .map((f) => f.slice(0, -4))
    .filter(opts.filter ?? (() => true))
    .sort()
  const out: LabeledMultivariate[] = []
  for (const name of names) {
    const train = parseRows(await readFile(join(dir, 'train', `${name}.txt`), 'utf8'), `train/${name}.txt`)
    const test = parseRows(await readFile(join(dir, 'test', `${name}.txt`), 'utf8'), `test/${name}.txt`)
    const labels = parseLabels(await readFile(join(dir, 'test_label', `${name}.txt`), 'utf8'), `test_label/${name}.txt`)
    if (labels.length !== test.length) throw new SeriesFileError(`${name}: ${test.length} test rows but ${labels.length} labels`)
    if (train[0] && test[0] && train[0].length !== test[0].length) throw new SeriesFileError(`${name}: train has ${train[0].length} columns, test ${test[0].length}`)
    const tr = opts.maxTrainRows ? train.slice(-opts.maxTrainRows) : train
    const n = opts.maxTestRows ?? test.length
    out.push({ name, train: tr, test: test.slice(0, n), labels: labels.slice(0, n) })
  }
  return out
}
