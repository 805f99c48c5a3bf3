export { type StateKey, stateKeys, type StateStore, StateStoreError, type StateStoreErrorCode } from './store'
export { FileStateStore } from './file-store'
export { MemoryStateStore } from './memory-store'
