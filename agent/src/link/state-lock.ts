import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs'
import { join } from 'node:path'

/**
 * One agent per state directory. Two agents on one outbox would interleave segments, double-send
 * and race on state files (seen when a supervisor kills only a wrapper process). The lock is a
 * pid file created with O_EXCL; a file left by a dead process (kill -9, power loss) is taken over.
 */
export class StateLockError extends Error {
  readonly code = 'state_dir_locked'
}

export interface StateLock {
  release(): void
}

export function lockStateDir(stateDir: string): StateLock {
  const path = join(stateDir, 'agent.pid')
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx', 0o600)
      writeSync(fd, String(process.pid))
      closeSync(fd)
      return {
        release() {
          try {
            if (readFileSync(path, 'utf8').trim() === String(process.pid)) unlinkSync(path)
          } catch {
            // already gone
          }
        },
      }
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err
      const holder = Number(readPid(path))
      if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && alive(holder)) {
        throw new StateLockError(`state directory ${stateDir} is in use by another agent (pid ${holder})`)
      }
      // Stale: its owner is gone.
      try {
        unlinkSync(path)
      } catch {
        // raced with another starter; the retry decides
      }
    }
  }
  throw new StateLockError(`could not lock the state directory ${stateDir}`)
}

function readPid(path: string): string {
  try {
    return readFileSync(path, 'utf8').trim()
  } catch {
    return ''
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}
