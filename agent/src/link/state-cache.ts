import { rmSync } from 'node:fs'
import { join } from 'node:path'
import type { Logger } from 'pino'
import { Compile } from 'typebox/compile'
import { DesiredState } from '@smartcloudops/shared'
import { readJson, writeJsonAtomic } from './json-file'

const check = Compile(DesiredState)

/**
 * The last desired state the agent applied, kept in the state directory so that after a restart
 * without the control plane the agent still remediates on its last good rules and override.
 */
export class DesiredStateCache {
  private readonly path: string

  constructor(
    stateDir: string,
    private readonly log: Logger,
  ) {
    this.path = join(stateDir, 'desired-state.json')
  }

  /** The cached state, or null (none yet, or unreadable — then the agent waits for the control plane). */
  load(): DesiredState | null {
    const r = readJson(this.path)
    if (!r.ok) {
      if (!r.missing) this.log.warn({ path: this.path, error: r.error }, 'cached desired state unreadable; waiting for the control plane')
      return null
    }
    if (!check.Check(r.value)) {
      this.log.warn({ path: this.path }, 'cached desired state does not match the schema; ignoring it')
      return null
    }
    return r.value
  }

  save(state: DesiredState): void {
    writeJsonAtomic(this.path, state)
  }

  /** Forgets the cached state (the host was decommissioned: nothing may run on it any more). */
  clear(): void {
    try {
      rmSync(this.path, { force: true })
    } catch (err) {
      this.log.error({ err, path: this.path }, 'could not remove the cached desired state')
    }
  }
}
