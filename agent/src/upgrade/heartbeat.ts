import { rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Logger } from 'pino'
import { HEARTBEAT_FILE } from './marker-file'

/** Well inside the launcher's default 30 s (SCOPS_UPGRADE_HEARTBEAT_TIMEOUT), even on a loaded host. */
export const HEARTBEAT_INTERVAL_MS = 5_000

/**
 * While a new version waits to connect, it changes `upgrade-heartbeat` from its event loop: a timer
 * that stops when the loop is blocked, which is what the launcher watches for (deploy/scops-agent-launch
 * kills and rolls back a new version whose heartbeat stops). The content is a counter and the time,
 * so every beat changes the file whatever the clock does. Returns the stop function (the file goes).
 */
export function startHeartbeat(stateDir: string, log: Logger, intervalMs = HEARTBEAT_INTERVAL_MS): () => void {
  const path = join(stateDir, HEARTBEAT_FILE)
  let beats = 0
  let warned = false
  const beat = () => {
    try {
      writeFileSync(path, `${++beats} ${Date.now()}\n`, { mode: 0o600 })
    } catch (err) {
      if (!warned) log.warn({ err, path }, 'cannot write the upgrade heartbeat: the launcher will take this version for hung')
      warned = true
    }
  }
  beat()
  const timer = setInterval(beat, intervalMs)
  timer.unref()
  return () => {
    clearInterval(timer)
    rmSync(path, { force: true })
  }
}
