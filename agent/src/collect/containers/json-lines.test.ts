import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { jsonLines, lines } from './json-lines'

/** Feeds `chunks` to a splitter; what came out. */
function run(chunks: Array<string | Buffer>, maxLineBytes?: number) {
  const values: unknown[] = []
  const bad: string[] = []
  const feed = jsonLines((v) => values.push(v), { onBad: (w) => bad.push(w), ...(maxLineBytes !== undefined ? { maxLineBytes } : {}) })
  for (const c of chunks) feed(c)
  return { values, bad }
}

describe('jsonLines (Docker events and stats streams)', () => {
  it('yields every value once, in order, however the stream is cut into chunks', () => {
    fc.assert(
      fc.property(fc.array(fc.jsonValue(), { maxLength: 20 }), fc.array(fc.nat(), { maxLength: 10 }), fc.boolean(), (vals, cuts, asBuffers) => {
        const text = vals.map((v) => JSON.stringify(v) + '\n').join('')
        const at = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b)
        const pieces = [0, ...at, text.length].slice(1).map((end, i, ends) => text.slice(i === 0 ? 0 : ends[i - 1], end))
        const out = run(asBuffers ? pieces.map((p) => Buffer.from(p)) : pieces)
        expect(out.values).toEqual(vals.map((v) => JSON.parse(JSON.stringify(v)) as unknown))
        expect(out.bad).toEqual([])
      }),
    )
  })

  it('one whole frame per chunk (the engine\'s usual delivery) gives one value per chunk', () => {
    const frames = [{ read: 'a', cpu_stats: { total: 1 } }, { read: 'b', cpu_stats: { total: 2 } }]
    expect(run(frames.map((f) => Buffer.from(JSON.stringify(f) + '\n'))).values).toEqual(frames)
  })

  it('skips blank lines, counts a line that is not JSON and goes on with the next', () => {
    const out = run(['\n', '  \n', '{"a":1}\n', 'not json\n', '{"a":2}\n{"a"', ':3}\n'])
    expect(out.values).toEqual([{ a: 1 }, { a: 2 }, { a: 3 }])
    expect(out.bad).toEqual(['not_json'])
  })

  it('drops a line that grows past the bound instead of buffering it without end', () => {
    const out = run(['{"a":"' + 'x'.repeat(100), 'x'.repeat(100), '"}\n{"b":1}\n'], 150)
    expect(out.bad).toContain('line_too_long')
    expect(out.values).toEqual([{ b: 1 }])
  })
})

describe('lines (stats frames kept as text until a cycle reads them)', () => {
  it('hands on each non-blank line trimmed, whole, however the stream is cut, and bounds a runaway line', () => {
    const got: string[] = []
    const bad: string[] = []
    const feed = lines((l) => got.push(l), { maxLineBytes: 40, onBad: (w) => bad.push(w) })
    for (const c of ['{"a":', '1}\n\n  {"b":2}  \n', Buffer.from('not json\n'), 'x'.repeat(50), '\n{"c":3}\n']) feed(c)
    expect(got).toEqual(['{"a":1}', '{"b":2}', 'not json', '{"c":3}'])
    expect(bad).toEqual(['line_too_long'])
  })
})
