import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { FileStateStore } from './file-store'
import { MemoryStateStore } from './memory-store'
import { type StateStore, StateStoreError } from './store'

const dirs: string[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'scops-state-'))
  dirs.push(d)
  return d
}

// The same contract for both implementations.
describe.each([
  ['FileStateStore', () => new FileStateStore(join(tempDir(), 'nested'))],
  ['MemoryStateStore', () => new MemoryStateStore()],
] as Array<[string, () => StateStore]>)('%s', (_name, make) => {
  it('reads back what was written, and undefined for a key never written', () => {
    const s = make()
    expect(s.read('engine-state')).toBeUndefined()
    s.write('engine-state', { a: { n: 1, list: [1, 2] } })
    expect(s.read('engine-state')).toEqual({ a: { n: 1, list: [1, 2] } })
    expect(s.read('detector-state')).toBeUndefined()
  })

  it('keeps what was written even when the caller later mutates its object', () => {
    const s = make()
    const v = { list: [1] }
    s.write('desired-state', v)
    v.list.push(2)
    const read = s.read('desired-state') as { list: number[] }
    read.list.push(3)
    expect(s.read('desired-state')).toEqual({ list: [1] })
  })

  it('replaces a value whole and forgets a removed key', () => {
    const s = make()
    s.write('credential', { a: 1, b: 2 })
    s.write('credential', { c: 3 })
    expect(s.read('credential')).toEqual({ c: 3 })
    s.remove('credential')
    s.remove('credential')
    expect(s.read('credential')).toBeUndefined()
  })
})

describe('FileStateStore on disk', () => {
  it('writes <key>.json with mode 0600 and leaves no temporary file', () => {
    const dir = tempDir()
    new FileStateStore(dir).write('credential', { host_id: 'h' })
    const path = join(dir, 'credential.json')
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({ host_id: 'h' })
    expect(statSync(path).mode & 0o777).toBe(0o600)
    expect(() => statSync(`${path}.tmp`)).toThrow()
  })

  it('reports a damaged file as a typed error naming the file, not as a missing key', () => {
    const dir = tempDir()
    writeFileSync(join(dir, 'engine-state.json'), '{"half": ')
    const s = new FileStateStore(dir)
    let err: unknown
    try {
      s.read('engine-state')
    } catch (e) {
      err = e
    }
    expect(err).toBeInstanceOf(StateStoreError)
    expect((err as StateStoreError).code).toBe('state_unreadable')
    expect((err as StateStoreError).key).toBe('engine-state')
    expect((err as Error).message).toContain('engine-state.json')
  })

  it('reports a write it cannot make as state_unwritable', () => {
    if (process.getuid?.() === 0) {
      // root writes into a read-only directory anyway: use a path whose parent is a file instead.
      const dir = tempDir()
      writeFileSync(join(dir, 'file'), 'x')
      const s = new FileStateStore(join(dir, 'file'))
      expect(() => s.write('engine-state', {})).toThrow(expect.objectContaining({ code: 'state_unwritable', key: 'engine-state' }))
      return
    }
    const dir = tempDir()
    chmodSync(dir, 0o500)
    expect(() => new FileStateStore(dir).write('engine-state', {})).toThrow(expect.objectContaining({ code: 'state_unwritable' }))
  })
})
