import { execFile } from 'node:child_process'
import { fit } from '@smartcloudops/shared/protocol/fit'
import { EMBEDDED_ERROR_MAX, failed, succeeded } from './result'
import type { ExecResult, SystemdManager } from './types'

/** systemctl exit codes (LSB): 4 = no such unit / not installed. */
const EXIT_NO_SUCH_UNIT = new Set([4, 5])
/** Units come from local policy; this re-check keeps anything that could read as an option out of argv. */
const UNIT = /^[A-Za-z0-9][A-Za-z0-9:_.@\\-]*$/

interface RunResult {
  exitCode: number | null
  errCode?: string
  stderr: string
  aborted: boolean
}

function run(bin: string, args: string[], signal?: AbortSignal): Promise<RunResult> {
  return new Promise((resolve) => {
    execFile(bin, args, { signal, timeout: 120_000, maxBuffer: 64 * 1024, env: { ...process.env, SYSTEMD_PAGER: '' } }, (err, _out, stderr) => {
      if (!err) return resolve({ exitCode: 0, stderr, aborted: false })
      const e = err as NodeJS.ErrnoException & { code?: string | number }
      resolve({
        exitCode: typeof e.code === 'number' ? e.code : null,
        errCode: typeof e.code === 'string' ? e.code : undefined,
        stderr: fit(String(stderr ?? '').trim(), EMBEDDED_ERROR_MAX),
        aborted: e.name === 'AbortError',
      })
    })
  })
}

function toResult(action: string, unit: string, r: RunResult): ExecResult {
  if (r.exitCode === 0) return succeeded(unit, { unit })
  if (r.errCode === 'ENOENT') return failed('systemctl_missing', 'systemctl is not installed on this host', false, { target: unit })
  if (r.exitCode !== null && EXIT_NO_SUCH_UNIT.has(r.exitCode))
    return failed('unit_not_found', `${action} ${unit}: ${r.stderr || `no such unit (exit ${r.exitCode})`}`, false, { target: unit })
  return failed('systemctl_failed', `${action} ${unit}: ${r.stderr || `exit ${r.exitCode ?? r.errCode}`}`, true, { target: unit })
}

/**
 * The real SystemdManager: `systemctl` run with an argv (never a shell string). `systemctlPath`
 * exists for tests, which cannot run systemd here and use a stand-in binary instead.
 */
export function systemctlManager(opts: { systemctlPath?: string } = {}): SystemdManager {
  const bin = opts.systemctlPath ?? 'systemctl'
  return {
    async restart(unit, signal) {
      if (!UNIT.test(unit)) return failed('invalid_unit', `not a systemd unit name: ${JSON.stringify(unit)}`, false)
      const r = await run(bin, ['restart', '--no-ask-password', '--', unit], signal)
      if (r.aborted && signal.aborted)
        return failed('aborted', `restart ${unit} was cancelled or timed out`, true, { target: unit })
      return toResult('restart', unit, r)
    },
    async isActive(unit) {
      if (!UNIT.test(unit)) return false
      const r = await run(bin, ['is-active', '--quiet', '--', unit])
      return r.exitCode === 0
    },
    async poweroff(signal) {
      const r = await run(bin, ['poweroff', '--no-ask-password'], signal)
      return toResult('poweroff', 'host', r)
    },
  }
}
