import type { ActionSpec } from '@smartcloudops/shared'
import { hasLabels } from './containers'

/**
 * Per-target locks: two actions never act on the same thing at once (rule A restarting web-1
 * while rule B restarts it too, or scales its group). A plan takes the locks of every target of
 * every action it will run, all or none, before its first action; they are released when the
 * plan finished. Keys:
 *   container:<name>   each container a restart_container selector matches now (as the container
 *                      watch sees them); a selector that matches none locks itself: selector:<json>
 *   service:<name>, group:<name>, cache:<hook> / cache:page_cache
 *   *                  emergency_shutdown: conflicts with every other target
 * send_alert touches nothing on the host and takes no lock.
 */
export interface LockHolder {
  rule: string
  /** Milliseconds (the runtime's clock) when the lock was taken. */
  since: number
}

export type Acquired = { ok: true; release: () => void } | { ok: false; key: string; holder: LockHolder }

/** What target resolution may know about the host's containers (ContainerWatch.containers()). */
export interface KnownContainer {
  name: string
  labels: Record<string, string>
}

export const ALL_TARGETS = '*'

export class TargetLocks {
  private readonly held = new Map<string, LockHolder>()

  get size(): number {
    return this.held.size
  }

  /** Takes every key or none; a conflict names the first key held and who holds it. */
  acquire(keys: readonly string[], holder: LockHolder): Acquired {
    const unique = [...new Set(keys)]
    for (const key of unique) {
      const conflict = this.conflict(key)
      if (conflict) return { ok: false, key: conflict[0], holder: conflict[1] }
    }
    for (const key of unique) this.held.set(key, holder)
    let released = false
    return {
      ok: true,
      release: () => {
        if (released) return
        released = true
        for (const key of unique) if (this.held.get(key) === holder) this.held.delete(key)
      },
    }
  }

  private conflict(key: string): [string, LockHolder] | undefined {
    const exact = this.held.get(key)
    if (exact) return [key, exact]
    const all = this.held.get(ALL_TARGETS)
    if (all) return [ALL_TARGETS, all]
    if (key === ALL_TARGETS) {
      const first = this.held.entries().next()
      if (!first.done) return first.value
    }
    return undefined
  }
}

/** The lock keys of one action (see TargetLocks); `containers` = what the host runs now. */
export function targetKeys(spec: ActionSpec, containers: readonly KnownContainer[]): string[] {
  const p = (spec.params ?? {}) as Record<string, unknown>
  switch (spec.type) {
    case 'send_alert':
      return []
    case 'emergency_shutdown':
      return [ALL_TARGETS]
    case 'restart_service':
      return [`service:${String(p['service'])}`]
    case 'scale_up':
    case 'scale_down':
      return [`group:${String(p['group'])}`]
    case 'clear_cache':
      return [typeof p['hook'] === 'string' ? `cache:${p['hook']}` : 'cache:page_cache']
    case 'restart_container': {
      const sel = (p['selector'] ?? {}) as { name?: string; labels?: Record<string, string> }
      const required = Object.entries(sel.labels ?? {}).map(([k, v]) => `${k}=${v}`)
      const matched = containers.filter((c) => (!sel.name || c.name === sel.name) && hasLabels(c.labels, required))
      return matched.length > 0 ? matched.map((c) => `container:${c.name}`) : [`selector:${JSON.stringify(sel)}`]
    }
    default:
      return [`action:${String(spec.type)}`]
  }
}
