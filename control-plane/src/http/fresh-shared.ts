/**
 * Shares one computation among the concurrent callers that ask for the same thing (`keyOf`),
 * without ever answering a caller with data read before it asked: a caller that arrives while a
 * computation is running waits for the next one, which starts when the running one ends and
 * serves everybody who arrived meanwhile. At most one computation per key runs, one more waits.
 *
 * For read endpoints that dashboards and on-call consoles poll together (GET /remediation/status):
 * under N concurrent callers the database sees about two reads instead of N, and a write that was
 * answered before a read was sent is always in that read's answer.
 */
export function freshShared<I, V>(keyOf: (input: I) => string, compute: (input: I) => Promise<V>): (input: I) => Promise<V> {
  const running = new Map<string, Promise<V>>()
  const next = new Map<string, Promise<V>>()

  const start = (key: string, input: I): Promise<V> => {
    const p = compute(input)
    running.set(key, p)
    const clear = () => {
      if (running.get(key) === p) running.delete(key)
    }
    p.then(clear, clear)
    return p
  }

  return (input) => {
    const key = keyOf(input)
    const busy = running.get(key)
    if (!busy) return start(key, input)
    let queued = next.get(key)
    if (!queued) {
      // After the running one ends, however it ends.
      const restart = () => {
        next.delete(key)
        return start(key, input)
      }
      queued = busy.then(restart, restart)
      next.set(key, queued)
    }
    return queued
  }
}
