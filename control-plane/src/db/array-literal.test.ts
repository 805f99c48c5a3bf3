import fc from 'fast-check'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { openDatabase, type Database } from './client'
import { pgArrayLiteral } from './array-literal'

let database: Database
beforeAll(async () => {
  database = await openDatabase({ dataDir: 'memory://' })
})
afterAll(() => database.close())

test('any strings survive the round trip through a text[] literal', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(fc.option(fc.string({ unit: 'grapheme' }), { nil: null }), { maxLength: 8 }), async (values) => {
      // NUL is the one character PostgreSQL text cannot hold at all.
      const clean = values.map((v) => (v === null ? null : v.replace(/\0/g, '')))
      const rows = await database.query<{ v: (string | null)[] }>('select $1::text::text[] as v', [pgArrayLiteral(clean)])
      expect(rows[0]!.v).toEqual(clean)
    }),
    { numRuns: 60 },
  )
})

test('numbers and nulls round trip through a float8[] literal', async () => {
  const rows = await database.query<{ v: (number | null)[] }>('select $1::text::float8[] as v', [pgArrayLiteral([1.5, null, -2e-7, 0])])
  expect(rows[0]!.v).toEqual([1.5, null, -2e-7, 0])
})
