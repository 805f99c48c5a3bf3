import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { asEqualityMap, formatLabelSelector, parseLabelSelector, selectorMatchesLabels, SelectorSyntaxError } from './label-selector'

const prodWeb = { env: 'prod', role: 'web' }
const stagingDb = { env: 'staging', role: 'db', canary: 'true' }
const bare = {}

describe('label selectors (Kubernetes grammar)', () => {
  test.each([
    ['env=prod', [true, false, false]],
    ['env==prod', [true, false, false]],
    ['env!=prod', [false, true, true]],
    ['env in (prod, staging)', [true, true, false]],
    ['env notin (prod)', [false, true, true]],
    ['canary', [false, true, false]],
    ['!canary', [true, false, true]],
    ['env=prod,role=web', [true, false, false]],
    ['env in (prod,staging),!canary', [true, false, false]],
  ])('%s', (text, expected) => {
    const reqs = parseLabelSelector(text)
    expect([prodWeb, stagingDb, bare].map((l) => selectorMatchesLabels(reqs, l))).toEqual(expected)
  })

  test('env==prod is the value prod, not "=prod"', () => {
    expect(asEqualityMap(parseLabelSelector('env==prod'))).toEqual({ env: 'prod' })
  })

  test.each([
    ['', 'empty'],
    ['env', null],
    ['env=prod,', 'empty term'],
    ['env===prod', 'key==value'],
    ['env in prod', 'parentheses'],
    ['env in (prod', 'never closed'],
    ['env=pr od', 'characters'],
    ['=prod', 'not a selector term'],
    ['env in ()', 'empty value'],
  ])('%j is refused with a message naming the problem', (text, fragment) => {
    if (fragment === null) return void expect(() => parseLabelSelector(text)).not.toThrow()
    expect(() => parseLabelSelector(text)).toThrow(SelectorSyntaxError)
    expect(() => parseLabelSelector(text)).toThrow(fragment)
  })

  test('only single-value equalities make an equality map', () => {
    expect(asEqualityMap(parseLabelSelector('a=1,b==2'))).toEqual({ a: '1', b: '2' })
    expect(asEqualityMap(parseLabelSelector('a!=1'))).toBeUndefined()
    expect(asEqualityMap(parseLabelSelector('a in (1,2)'))).toBeUndefined()
    expect(asEqualityMap(parseLabelSelector('a'))).toBeUndefined()
  })

  test('format → parse gives the same requirements (property)', () => {
    const key = fc.stringMatching(/^[a-z][a-z0-9_.-]{0,10}$/)
    const val = fc.stringMatching(/^[a-z0-9]{1,6}$/)
    const req = fc.oneof(
      fc.record({ key, operator: fc.constantFrom('in' as const, 'notin' as const), values: fc.array(val, { minLength: 1, maxLength: 3 }) }),
      fc.record({ key, operator: fc.constantFrom('exists' as const, 'not_exists' as const), values: fc.constant([] as string[]) }),
    )
    fc.assert(
      fc.property(fc.array(req, { minLength: 1, maxLength: 4 }), (reqs) => {
        expect(parseLabelSelector(formatLabelSelector(reqs))).toEqual(reqs)
      }),
    )
  })
})
