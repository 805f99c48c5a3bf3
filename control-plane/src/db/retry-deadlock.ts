import { sqlStateOf } from './errors'

const DEADLOCK_DETECTED = '40P01'
const ATTEMPTS = 8
/** Before attempt n+1, a random wait of up to min(10·2ⁿ, 200) ms: writers that just collided do not collide again at once. */
const backoffMs = (attempt: number) => Math.random() * Math.min(10 * 2 ** attempt, 200)

let retried = 0
/**
 * Writes this process ran again after a deadlock, since it started (process-wide, like the
 * runtime's own metrics). Batch writes of `hosts` lock their rows in id order (host-row-locks.ts),
 * so this should stay 0; anything else is a lock-order bug worth a report.
 */
export const deadlockRetries = () => retried

/**
 * Runs a write again when PostgreSQL broke a deadlock by aborting it: the safety net under the
 * ordered locking of host-row-locks.ts, for lock cycles it does not cover (a summary row, a
 * statement not yet converted). Only for writes that are safe to repeat (they set values, they
 * do not add to them): PostgreSQL rolled the aborted statement back whole.
 */
export async function retryOnDeadlock<T>(write: () => PromiseLike<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await write()
    } catch (err) {
      if (attempt >= ATTEMPTS || sqlStateOf(err) !== DEADLOCK_DETECTED) throw err
    }
    retried++
    await new Promise((resolve) => setTimeout(resolve, backoffMs(attempt)))
  }
}
