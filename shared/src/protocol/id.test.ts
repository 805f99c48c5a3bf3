import fc from 'fast-check'
import { Compile } from 'typebox/compile'
import { describe, expect, it } from 'vitest'
import { MessageId } from './envelope'
import { createIdGenerator, messageIdTime, newMessageId } from './id'

const isMessageId = Compile(MessageId)

describe('message ids', () => {
  it('are ULIDs that fit the envelope id pattern and carry their creation time', () => {
    const id = newMessageId(1_700_000_000_123)
    expect(id).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/)
    expect(isMessageId.Check(id)).toBe(true)
    expect(messageIdTime(id)).toBe(1_700_000_000_123)
  })

  it('sort in creation order, even within one millisecond and when the clock steps back', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 2 ** 48 - 1 }), { minLength: 2, maxLength: 50 }), (clock) => {
        const next = createIdGenerator()
        const ids = clock.map((t) => next(t))
        for (let i = 1; i < ids.length; i++) expect(ids[i]! > ids[i - 1]!).toBe(true)
      }),
    )
  })

  it('do not repeat', () => {
    const next = createIdGenerator()
    const ids = new Set(Array.from({ length: 20_000 }, () => next(5)))
    expect(ids.size).toBe(20_000)
  })

  it('move to the next millisecond when the random part is exhausted', () => {
    const next = createIdGenerator((b) => b.fill(255))
    const first = next(1000)
    const second = next(1000)
    expect(messageIdTime(first)).toBe(1000)
    expect(messageIdTime(second)).toBe(1001)
    expect(second > first).toBe(true)
  })

  it('messageIdTime refuses what is not a ULID', () => {
    expect(messageIdTime('not-a-ulid')).toBeUndefined()
    expect(messageIdTime('8ZZZZZZZZZZZZZZZZZZZZZZZZZ')).toBeUndefined() // beyond 48 bits
  })
})
