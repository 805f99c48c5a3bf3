import { readFile, readdir } from 'node:fs/promises'
import { join } from 'node:path'
import type { RowWindow } from './nab-scorer'

/** One NAB series: rows in file order, with its labeled windows as row indices. */
export interface NabSeries {
  /** `<category>/<name>.csv`, the key used by NAB's label files. */
  readonly name: string
  readonly timestamps: number[]
  readonly values: number[]
  readonly windows: RowWindow[]
}

export class NabDataError extends Error {
  constructor(
    readonly code: 'NAB_BAD_CSV' | 'NAB_BAD_LABELS' | 'NAB_WINDOW_MISMATCH',
    message: string,
  ) {
    super(message)
    this.name = 'NabDataError'
  }
}

/** NAB timestamps `YYYY-MM-DD HH:MM:SS[.ffffff]`, read as UTC. */
export function parseNabTimestamp(s: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(\.\d+)?$/.exec(s.trim())
  if (!m) return Number.NaN
  const ms = m[7] ? Math.round(Number(m[7]) * 1000) : 0
  return Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!, ms)
}

export interface CsvTable {
  readonly header: string[]
  readonly rows: string[][]
}

export function parseCsv(text: string, what: string): CsvTable {
  const lines = text.split(/\r?\n/).filter((l) => l.length > 0)
  const first = lines.shift()
  if (first === undefined) throw new NabDataError('NAB_BAD_CSV', `${what}: empty file`)
  return { header: first.split(',').map((h) => h.trim()), rows: lines.map((l) => l.split(',')) }
}

/** Parses a `timestamp,value[,...]` CSV; names the first bad row on error. */
export function parseSeriesCsv(text: string, what: string): { timestamps: number[]; values: number[]; table: CsvTable } {
  const table = parseCsv(text, what)
  const ti = table.header.indexOf('timestamp')
  const vi = table.header.indexOf('value')
  if (ti === -1 || vi === -1) throw new NabDataError('NAB_BAD_CSV', `${what}: header must contain timestamp and value, got "${table.header.join(',')}"`)
  const timestamps: number[] = []
  const values: number[] = []
  table.rows.forEach((r, i) => {
    const t = parseNabTimestamp(r[ti] ?? '')
    const v = Number(r[vi])
    if (!Number.isFinite(t) || !Number.isFinite(v) || (r[vi] ?? '').trim() === '') {
      throw new NabDataError('NAB_BAD_CSV', `${what}: row ${i + 2} is not "timestamp,value": "${r.join(',')}"`)
    }
    timestamps.push(t)
    values.push(v)
  })
  return { timestamps, values, table }
}

/** Maps `[start, end]` timestamp windows to row indices (NAB requires exact timestamps). */
export function windowsToRows(timestamps: readonly number[], windows: readonly [string, string][], what: string): RowWindow[] {
  return windows.map(([a, b]) => {
    const left = timestamps.indexOf(parseNabTimestamp(a))
    const right = timestamps.indexOf(parseNabTimestamp(b))
    if (left === -1 || right === -1 || right < left) {
      throw new NabDataError('NAB_WINDOW_MISMATCH', `${what}: window [${a}, ${b}] does not match row timestamps`)
    }
    return { left, right }
  })
}

export async function readNabWindows(nabDir: string): Promise<Record<string, [string, string][]>> {
  const path = join(nabDir, 'labels', 'combined_windows.json')
  const raw: unknown = JSON.parse(await readFile(path, 'utf8'))
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new NabDataError('NAB_BAD_LABELS', `${path}: expected an object`)
  const out: Record<string, [string, string][]> = {}
  for (const [k, v] of Object.entries(raw)) {
    if (!Array.isArray(v) || !v.every((w) => Array.isArray(w) && w.length === 2 && w.every((s) => typeof s === 'string'))) {
      throw new NabDataError('NAB_BAD_LABELS', `${path}: "${k}" must be a list of [start, end] timestamp pairs`)
    }
    out[k] = v as [string, string][]
  }
  return out
}

/** Every labeled series under `<nabDir>/data`, sorted by name; `filter` keeps names it accepts. */
export async function loadNabCorpus(nabDir: string, filter: (name: string) => boolean = () => true): Promise<NabSeries[]> {
  const labels = await readNabWindows(nabDir)
  const names = Object.keys(labels).filter(filter).sort()
  const out: NabSeries[] = []
  for (const name of names) {
    const text = await readFile(join(nabDir, 'data', name), 'utf8')
    const { timestamps, values } = parseSeriesCsv(text, name)
    out.push({ name, timestamps, values, windows: windowsToRows(timestamps, labels[name] ?? [], name) })
  }
  return out
}

export async function listNabCategories(nabDir: string): Promise<string[]> {
  return (await readdir(join(nabDir, 'data'), { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name).sort()
}
