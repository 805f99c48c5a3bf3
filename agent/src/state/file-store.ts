import { readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { writeJsonAtomic } from '../link/json-file'
import { type StateKey, type StateStore, StateStoreError } from './store'

/**
 * One JSON file per key in the state directory (`<key>.json`, mode 0600), written to a temporary
 * file, fsynced and renamed. The file names are the ones the agent has always used
 * (credential.json, desired-state.json, engine-state.json, detector-state.json), so a state
 * directory written by an older agent reads back unchanged (fixtures in agent/test-fixtures/state).
 */
export class FileStateStore implements StateStore {
  constructor(readonly dir: string) {}

  path(key: StateKey): string {
    return join(this.dir, `${key}.json`)
  }

  read(key: StateKey): unknown {
    let text: string
    try {
      text = readFileSync(this.path(key), 'utf8')
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined
      throw new StateStoreError('state_unreadable', key, `cannot read ${this.path(key)}: ${(err as Error).message}`, { cause: err })
    }
    try {
      return JSON.parse(text) as unknown
    } catch (err) {
      throw new StateStoreError('state_unreadable', key, `${this.path(key)} is not valid JSON: ${(err as Error).message}`, { cause: err })
    }
  }

  write(key: StateKey, value: unknown): void {
    try {
      writeJsonAtomic(this.path(key), value, 0o600)
    } catch (err) {
      throw new StateStoreError('state_unwritable', key, `cannot write ${this.path(key)}: ${(err as Error).message}`, { cause: err })
    }
  }

  remove(key: StateKey): void {
    rmSync(this.path(key), { force: true })
  }
}
