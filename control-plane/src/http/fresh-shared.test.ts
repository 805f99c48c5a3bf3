import { describe, expect, it } from 'vitest'
import { freshShared } from './fresh-shared'

/** A store whose reads the test finishes by hand, so "running" and "arrived meanwhile" are exact. */
function store() {
  let version = 0
  const reads: Array<{ key: string; saw: number; finish: () => void; fail: (e: Error) => void }> = []
  const read = (key: string) =>
    new Promise<string>((resolve, reject) => {
      const saw = version
      reads.push({ key, saw, finish: () => resolve(`${key}@${saw}`), fail: reject })
    })
  return { reads, read, write: () => version++ }
}

const flush = () => new Promise((r) => setImmediate(r))

describe('freshShared', () => {
  it('callers arriving while a read runs share the next read, and never get one that began before they asked', async () => {
    const s = store()
    const get = freshShared((k: string) => k, s.read)
    const first = get('fleet')
    s.write() // answered before the next callers asked
    const later = [get('fleet'), get('fleet'), get('fleet')]
    expect(s.reads).toHaveLength(1)

    s.reads[0]!.finish()
    expect(await first).toBe('fleet@0')
    await flush()
    expect(s.reads).toHaveLength(2) // one more read for the three of them
    s.reads[1]!.finish()
    expect(await Promise.all(later)).toEqual(['fleet@1', 'fleet@1', 'fleet@1'])
  })

  it('different keys never share, and a failed read fails only its own callers', async () => {
    const s = store()
    const get = freshShared((k: string) => k, s.read)
    const a = get('host-a')
    const b = get('host-b')
    expect(s.reads.map((r) => r.key)).toEqual(['host-a', 'host-b'])
    const waitingOnA = get('host-a')
    s.reads[0]!.fail(new Error('database gone'))
    await expect(a).rejects.toThrow('database gone')
    await flush()
    s.reads[2]!.finish()
    expect(await waitingOnA).toBe('host-a@0')
    s.reads[1]!.finish()
    expect(await b).toBe('host-b@0')
  })

  it('with nothing running, a caller starts its own read at once', async () => {
    const s = store()
    const get = freshShared((k: string) => k, s.read)
    const one = get('fleet')
    s.reads[0]!.finish()
    await one
    s.write()
    const two = get('fleet')
    expect(s.reads).toHaveLength(2)
    s.reads[1]!.finish()
    expect(await two).toBe('fleet@1')
  })
})
