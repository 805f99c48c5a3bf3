import DataLoader from 'dataloader'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { setImmediate as nextTurn } from 'node:timers/promises'
import { BATCH_WINDOW_MS, batchOptions } from './batches'

afterEach(() => vi.useRealTimers())

describe('gateway batches', () => {
  it('gather lookups that arrive in separate event-loop turns into one statement', async () => {
    // Upgrades arrive one request at a time: each lookup in its own turn, as on a real listener.
    // The window's timer is faked, so a loaded machine cannot stretch the turns past it.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    const batches: string[][] = []
    const loader = new DataLoader<string, string>(async (keys) => (batches.push([...keys]), keys.map((k) => k.toUpperCase())), batchOptions())
    const answers: Promise<string>[] = []
    for (const key of ['a', 'b', 'c', 'd']) {
      answers.push(loader.load(key))
      await nextTurn()
    }
    expect(batches).toEqual([])
    await vi.advanceTimersByTimeAsync(BATCH_WINDOW_MS)
    expect(await Promise.all(answers)).toEqual(['A', 'B', 'C', 'D'])
    expect(batches).toEqual([['a', 'b', 'c', 'd']])
  })

  it('never cache: the same key asked again is asked again (a revoked credential is refused at once)', async () => {
    let calls = 0
    const loader = new DataLoader<string, number>(async (keys) => keys.map(() => ++calls), batchOptions())
    expect(await loader.load('x')).toBe(1)
    expect(await loader.load('x')).toBe(2)
  })

  it('split a storm into statements of at most maxBatchSize keys', async () => {
    const sizes: number[] = []
    const loader = new DataLoader<number, number>(async (keys) => (sizes.push(keys.length), [...keys]), batchOptions(3))
    await Promise.all([1, 2, 3, 4, 5, 6, 7].map((k) => loader.load(k)))
    expect(sizes).toEqual([3, 3, 1])
  })
})
