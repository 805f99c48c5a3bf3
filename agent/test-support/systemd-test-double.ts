import { abortedResult, failed, succeeded } from '../src/remediate/result'
import type { ExecResult, SystemdManager } from '../src/remediate/types'

export interface DoubleUnit {
  active: boolean
  /** restart exits non-zero, as a unit whose start job fails. */
  failsToRestart?: boolean
  /** restart never finishes until its signal aborts (a hung stop job). */
  hangs?: boolean
}

export interface SystemdTestDouble extends SystemdManager {
  /** Every call, as the argv systemctl would have received. */
  readonly calls: string[][]
  readonly units: Map<string, DoubleUnit>
}

/**
 * A SYSTEMD TEST DOUBLE: systemd cannot run on the machines the tests run on, so the systemd path
 * is tested by contract against this in-memory stand-in (and against systemctlManager driving a
 * stand-in systemctl binary). It is never used outside tests.
 */
export function systemdTestDouble(units: Record<string, DoubleUnit> = {}): SystemdTestDouble {
  const state = new Map(Object.entries(units).map(([k, v]) => [k, { ...v }]))
  const calls: string[][] = []
  return {
    calls,
    units: state,
    async restart(unit, signal): Promise<ExecResult> {
      if (signal.aborted) return abortedResult(signal, { target: unit })
      calls.push(['restart', '--no-ask-password', '--', unit])
      const u = state.get(unit)
      if (!u) return failed('unit_not_found', `restart ${unit}: Unit ${unit} not found.`, false, { target: unit })
      if (u.hangs)
        return new Promise((resolve) =>
          signal.addEventListener('abort', () => resolve(abortedResult(signal, { target: unit })), { once: true }),
        )
      if (u.failsToRestart) {
        u.active = false
        return failed('systemctl_failed', `restart ${unit}: Job for ${unit} failed.`, true, { target: unit })
      }
      u.active = true
      return succeeded(unit, { unit })
    },
    async isActive(unit) {
      calls.push(['is-active', '--quiet', '--', unit])
      return state.get(unit)?.active === true
    },
    async poweroff(signal) {
      if (signal.aborted) return abortedResult(signal, { target: 'host' })
      calls.push(['poweroff', '--no-ask-password'])
      return succeeded('host', {})
    },
  }
}
