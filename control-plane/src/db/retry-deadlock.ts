import { sqlStateOf } from './errors'

const DEADLOCK_DETECTED = '40P01'
const ATTEMPTS = 8
/** Before attempt n+1, a random wait of up to min(10·2ⁿ, 200) ms: writers that just collided do not collide again at once. */
const backoffMs = (attempt: number) => Math.random() * Math.min(10 * 2 ** attempt, 200)

/**
 * Runs a batch write again when PostgreSQL broke a deadlock by aborting it. Batch updates of
 * `hosts` from several replicas (hellos, liveness sweeps, acks, fan-out marks) lock the rows they
 * share in the order of each statement's plan — the input's order for a nested loop, the table's
 * for a hash join — so two of them can wait on each other. Callers sort their rows by id, which
 * makes the usual plans lock in the same order; this covers the plans that do not. Only for
 * writes that are safe to repeat (they set values, they do not add to them): PostgreSQL rolled
 * the aborted statement back whole.
 */
export async function retryOnDeadlock<T>(write: () => PromiseLike<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await write()
    } catch (err) {
      if (attempt >= ATTEMPTS || sqlStateOf(err) !== DEADLOCK_DETECTED) throw err
    }
    await new Promise((resolve) => setTimeout(resolve, backoffMs(attempt)))
  }
}

/** Rows in id order, so that concurrent batch writes over the same hosts lock them alike. */
export function byId<T extends { id: string }>(rows: T[]): T[] {
  return rows.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
}
