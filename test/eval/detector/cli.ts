/**
 * Detector evaluation harness. Scores with exactly the agent's code path (createDetector → score).
 *
 *   pnpm eval -- score <series.csv> [--out scored.csv]            NAB series: timestamp,value → + anomaly_score
 *   pnpm eval -- score --train <train.txt> --test <test.txt> [--out scores.txt] [--train-out train-scores.txt] [--step-seconds 60]
 *                                one score per test row (and with --train-out one per train row: an outside scorer's threshold)
 *   pnpm eval -- eval <data dir> [--json report.json] [--sets nab,smd,asd] [--nab-filter realAWS]
 *                                [--max-test-rows N] [--max-train-rows N]
 * Every command takes --model <file.onnx> (default: the committed model).
 */
import { readFile, writeFile } from 'node:fs/promises'
import { parseArgs } from 'node:util'
import { parseSeriesCsv } from './nab-data'
import { parseRows } from './multivariate-data'
import { scoreMultivariate, scoreUnivariate } from './score-series'
import { runEvaluation } from './run-eval'
import { formatReport } from './format-report'

const usage = `usage:
  eval score <series.csv> [--out file] [--model file.onnx]
  eval score --train <train.txt> --test <test.txt> [--out file] [--train-out file] [--step-seconds N] [--model file.onnx]
  eval eval <data dir> [--json report.json] [--sets nab,smd,asd] [--nab-filter text] [--max-train-rows N] [--max-test-rows N] [--model file.onnx]`

class UsageError extends Error {}

function positiveInt(v: string | undefined, flag: string): number | undefined {
  if (v === undefined) return undefined
  const n = Number(v)
  if (!Number.isInteger(n) || n <= 0) throw new UsageError(`${flag} must be a positive integer, got "${v}"`)
  return n
}

async function output(text: string, out: string | undefined) {
  if (out) await writeFile(out, text)
  else process.stdout.write(text)
}

export async function main(argv: string[]): Promise<void> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      out: { type: 'string' },
      'train-out': { type: 'string' },
      model: { type: 'string' },
      train: { type: 'string' },
      test: { type: 'string' },
      json: { type: 'string' },
      sets: { type: 'string' },
      'nab-filter': { type: 'string' },
      'max-train-rows': { type: 'string' },
      'max-test-rows': { type: 'string' },
      'step-seconds': { type: 'string' },
    },
  })
  const [cmd, arg] = positionals
  const modelBytes = values.model ? new Uint8Array(await readFile(values.model)) : undefined

  if (cmd === 'score' && values.train !== undefined) {
    if (!values.test) throw new UsageError('score --train needs --test')
    const train = parseRows(await readFile(values.train, 'utf8'), values.train)
    const test = parseRows(await readFile(values.test, 'utf8'), values.test)
    const { train: trainScores, test: scores } = await scoreMultivariate(modelBytes, train, test, positiveInt(values['step-seconds'], '--step-seconds') ?? 60)
    const lines = (xs: Float64Array) => Array.from(xs, (s) => String(s)).join('\n') + '\n'
    if (values['train-out']) await writeFile(values['train-out'], lines(trainScores))
    await output(lines(scores), values.out)
  } else if (cmd === 'score') {
    if (!arg) throw new UsageError('score needs a CSV file (or --train and --test)')
    const text = await readFile(arg, 'utf8')
    const { timestamps, values: vals, table } = parseSeriesCsv(text, arg)
    const scores = await scoreUnivariate(modelBytes, timestamps, vals)
    const lines = [[...table.header, 'anomaly_score'].join(','), ...table.rows.map((r, i) => [...r, String(scores[i])].join(','))]
    await output(lines.join('\n') + '\n', values.out)
  } else if (cmd === 'eval') {
    if (!arg) throw new UsageError('eval needs a data directory laid out like ../shared/data')
    const sets = values.sets?.split(',').map((s) => s.trim())
    if (sets?.some((s) => !['nab', 'smd', 'asd'].includes(s))) throw new UsageError(`--sets takes nab, smd, asd; got "${values.sets}"`)
    const filter = values['nab-filter']
    const report = await runEvaluation(arg, {
      modelBytes,
      sets: sets as ('nab' | 'smd' | 'asd')[] | undefined,
      nabFilter: filter ? (n) => n.includes(filter) : undefined,
      maxTrainRows: positiveInt(values['max-train-rows'], '--max-train-rows'),
      maxTestRows: positiveInt(values['max-test-rows'], '--max-test-rows'),
      progress: (m) => console.error(m),
    })
    console.log(formatReport(report))
    if (values.json) {
      await writeFile(values.json, JSON.stringify(report, null, 2) + '\n')
      console.error(`wrote ${values.json}`)
    }
  } else {
    throw new UsageError(cmd ? `unknown command "${cmd}"` : 'no command')
  }
}

const isMain = process.argv[1]?.endsWith('/eval/detector/cli.ts') || process.argv[1]?.endsWith('/eval/detector/cli')
if (isMain) {
  // `pnpm eval -- …` passes the "--" through; drop it so the options after it are parsed.
  const args = process.argv.slice(2)
  main(args[0] === '--' ? args.slice(1) : args).catch((err: unknown) => {
    if (err instanceof UsageError) console.error(`${err.message}\n${usage}`)
    else console.error(err instanceof Error ? `${(err as { code?: string }).code ?? 'ERROR'}: ${err.message}` : err)
    process.exit(err instanceof UsageError ? 2 : 1)
  })
}
