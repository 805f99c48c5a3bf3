import { fileURLToPath } from 'node:url'
import pino from 'pino'
import { describe, expect, it } from 'vitest'
import { FileStateStore } from '../state/file-store'
import { MemoryStateStore } from '../state/memory-store'
import { loadCredential } from './credential'
import { DesiredStateCache } from './state-cache'

// The link's two values in the StateStore: the credential and the cached desired state, read from
// the state directory an earlier agent wrote (agent/test-fixtures/state/v0.1), through the store.

const log = pino({ level: 'silent' })
const fixture = fileURLToPath(new URL('../../test-fixtures/state/v0.1', import.meta.url))

describe('credential and cached desired state in the StateStore', () => {
  it('read the v0.1 state directory unchanged', () => {
    const store = new FileStateStore(fixture)
    const raw = store.read('desired-state') as { host_id: string; revision: number }
    expect(loadCredential(store, ['http://127.0.0.1:8080'], log)).toEqual(store.read('credential'))
    expect(loadCredential(store, ['http://other:8080'], log)).toBeNull() // another control plane: enroll again
    // Another replica of the same control plane was added in front: the credential still holds.
    expect(loadCredential(store, ['http://cp-0:8080', 'http://127.0.0.1:8080'], log)).toEqual(store.read('credential'))
    const cached = new DesiredStateCache(store, log).load()
    expect(cached).toMatchObject({ host_id: raw.host_id, revision: raw.revision })
  })

  it('save, load and clear (decommissioned) round-trip; a malformed value is ignored, not thrown', () => {
    const store = new MemoryStateStore()
    const cache = new DesiredStateCache(store, log)
    const state = new DesiredStateCache(new FileStateStore(fixture), log).load()!
    cache.save(state)
    expect(cache.load()).toEqual(state)
    cache.clear()
    expect(cache.load()).toBeNull()
    store.write('desired-state', { revision: 'x' })
    expect(cache.load()).toBeNull()
    store.write('credential', { host_id: 1 })
    expect(loadCredential(store, ['http://127.0.0.1:8080'], log)).toBeNull()
  })
})
