import type { Logger } from 'pino'
import { Compile } from 'typebox/compile'
import { DesiredState } from '@smartcloudops/shared'
import { StateStoreError, type StateStore } from '../state/store'

const check = Compile(DesiredState)

/**
 * The last desired state the agent applied, kept in the StateStore (key `desired-state`) so that
 * after a restart without the control plane the agent still remediates on its last good rules
 * and override.
 */
export class DesiredStateCache {
  constructor(
    private readonly store: StateStore,
    private readonly log: Logger,
  ) {}

  /** The cached state, or null (none yet, or unreadable — then the agent waits for the control plane). */
  load(): DesiredState | null {
    let value: unknown
    try {
      value = this.store.read('desired-state')
    } catch (err) {
      if (!(err instanceof StateStoreError)) throw err
      this.log.warn({ error: err.message }, 'cached desired state unreadable; waiting for the control plane')
      return null
    }
    if (value === undefined) return null
    if (!check.Check(value)) {
      this.log.warn('cached desired state does not match the schema; ignoring it')
      return null
    }
    return value
  }

  save(state: DesiredState): void {
    this.store.write('desired-state', state)
  }

  /** Forgets the cached state (the host was decommissioned: nothing may run on it any more). */
  clear(): void {
    try {
      this.store.remove('desired-state')
    } catch (err) {
      this.log.error({ err }, 'could not remove the cached desired state')
    }
  }
}
