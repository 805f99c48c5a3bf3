import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { encodeAgentMessage } from './codec'
import { fit, fitList, fitRecord } from './fit'
import { textLimits } from './limits'

describe('fit', () => {
  it('leaves text within the limit as it is', () => {
    expect(fit('restart failed', 'errorMessage')).toBe('restart failed')
  })

  it('clips to the limit and marks the cut', () => {
    const out = fit('x'.repeat(3000), 'reason')
    expect(out).toHaveLength(textLimits.reason)
    expect(out.endsWith('…')).toBe(true)
  })

  it('never leaves half of a surrogate pair', () => {
    const out = fit(`${'a'.repeat(8)}😀tail`, 10)
    expect(out).toBe('aaaaaaaa…')
    expect(out.length).toBeLessThanOrEqual(10)
  })

  it('replaces NUL, which PostgreSQL cannot store', () => {
    expect(fit('a\u0000b', 'reason')).toBe('a\uFFFDb')
  })

  it('makes any text acceptable to the schema that names the same limit', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 6000 }), (s) => {
        // An alert built from arbitrary text always encodes (the codec validates maxLength).
        expect(() =>
          encodeAgentMessage('alert', { alert_id: '01JB2Q8Z6V3N0R5K7XW4YHDM9C', severity: 'critical', summary: fit(s, 'alertSummary'), detail: fit(s, 'alertDetail'), raised_at: 1 }),
        ).not.toThrow()
      }),
      { seed: 42, numRuns: 200 },
    )
  })

  it('fitList keeps the first items, fitRecord clips keys and values', () => {
    expect(fitList([1, 2, 3], 2)).toEqual([1, 2])
    expect(fitRecord({ ['k'.repeat(300)]: 'v'.repeat(300) }, 'missingKey', 'missingValue')).toEqual({
      [`${'k'.repeat(199)}…`]: `${'v'.repeat(199)}…`,
    })
  })
})
