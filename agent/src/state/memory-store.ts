import { type StateKey, type StateStore } from './store'

/**
 * The in-memory StateStore: same contract as the file store, nothing on disk. Values are copied
 * through JSON on write and read, so a caller that mutates a value after writing it (or after
 * reading it) cannot change what is stored — exactly as with the file store.
 */
export class MemoryStateStore implements StateStore {
  private readonly values = new Map<StateKey, string>()
  /** How many writes each key received (tests of "write only when changed" read this). */
  readonly writes = new Map<StateKey, number>()

  read(key: StateKey): unknown {
    const text = this.values.get(key)
    return text === undefined ? undefined : (JSON.parse(text) as unknown)
  }

  write(key: StateKey, value: unknown): void {
    this.values.set(key, JSON.stringify(value))
    this.writes.set(key, (this.writes.get(key) ?? 0) + 1)
  }

  remove(key: StateKey): void {
    this.values.delete(key)
  }
}
