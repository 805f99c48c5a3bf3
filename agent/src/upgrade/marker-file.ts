import { existsSync, readFileSync, rmSync } from 'node:fs'
import { writeFileAtomic } from '../link/json-file'

/**
 * The upgrade hand-over files in the state directory, in `key=value` lines because the launcher
 * (deploy/scops-agent-launch, POSIX sh, outside every release) reads and writes them too:
 *
 *   upgrade-pending   written by the old version before it swaps `current`: to, from, from_release,
 *                     deadline (epoch s), starts (the launcher counts starts of the new version),
 *                     code and reason (the new version gave up: it could not connect in time; or
 *                     the launcher killed it as hung)
 *   upgrade-heartbeat the new version, until it connects: changed every few seconds from its event
 *                     loop, so the launcher can tell a hung new version from a slow one
 *   upgrade-result    written by the launcher when it rolled back: outcome, code, from, to, reason, at
 *
 * Values are one line of printable characters; anything else is refused when writing and
 * ignored when reading.
 */
export const PENDING_FILE = 'upgrade-pending'
export const RESULT_FILE = 'upgrade-result'
/** The launcher watches only releases whose bundle names this file (older ones never write it). */
export const HEARTBEAT_FILE = 'upgrade-heartbeat'

export function readMarker(path: string): Record<string, string> | null {
  if (!existsSync(path)) return null
  const out: Record<string, string> = {}
  try {
    for (const line of readFileSync(path, 'utf8').split('\n')) {
      const m = /^([a-z_]+)=([\x20-\x7e]*)$/.exec(line)
      if (m) out[m[1]!] = m[2]!
    }
  } catch {
    return null
  }
  return out
}

export function writeMarker(path: string, values: Record<string, string | number>): void {
  const lines = Object.entries(values).map(([k, v]) => {
    const s = String(v)
    if (!/^[a-z_]+$/.test(k) || !/^[\x20-\x7e]*$/.test(s)) throw new Error(`marker ${k}: not a one-line printable value`)
    return `${k}=${s}\n`
  })
  writeFileAtomic(path, lines.join(''), 0o600)
}

export function removeMarker(path: string): void {
  rmSync(path, { force: true })
}
