/**
 * Everything the agent keeps on disk between runs, behind one small interface (nomad's StateDB):
 * the credential, the cached desired state, the engine state and the detector state. The loop and
 * the link read and write whole values by key; the file store keeps one JSON file per key in the
 * state directory, the memory store keeps them in a Map (tests, and a run without a disk).
 *
 * Contract, the same for every implementation:
 * - `read(key)` returns the stored value, or `undefined` when the key was never written (or was
 *   removed). A value that exists but cannot be read (bad JSON, permissions) throws a
 *   `StateStoreError` with code `state_unreadable`: the caller decides whether to start fresh.
 * - `write(key, value)` replaces the whole value atomically: a crash leaves the old or the new
 *   value, never half of one. A failed write throws `StateStoreError` with code `state_unwritable`.
 * - `remove(key)` forgets the key; removing a missing key is not an error.
 * Values are JSON (what `JSON.stringify` keeps); the store validates nothing about their shape —
 * each owner checks its own value against its schema on read.
 */
export const stateKeys = ['credential', 'desired-state', 'engine-state', 'detector-state'] as const
export type StateKey = (typeof stateKeys)[number]

export interface StateStore {
  read(key: StateKey): unknown
  write(key: StateKey, value: unknown): void
  remove(key: StateKey): void
}

export type StateStoreErrorCode = 'state_unreadable' | 'state_unwritable'

export class StateStoreError extends Error {
  constructor(
    readonly code: StateStoreErrorCode,
    readonly key: StateKey,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options)
    this.name = 'StateStoreError'
  }
}
