/**
 * Splits a stream of newline-delimited JSON (Docker's /events and streaming /stats) into parsed
 * values. A line that is not JSON, or longer than `maxLineBytes` (an engine gone wrong must not
 * grow the agent's memory without bound), is dropped and counted, never passed on.
 */
export function jsonLines(onValue: (v: unknown) => void, opts: { maxLineBytes?: number; onBad?: (why: string) => void } = {}): (chunk: Buffer | string) => void {
  const max = opts.maxLineBytes ?? 1 << 20
  let pending = ''
  return (chunk) => {
    pending += typeof chunk === 'string' ? chunk : chunk.toString('utf8')
    let nl: number
    while ((nl = pending.indexOf('\n')) !== -1) {
      const line = pending.slice(0, nl).trim()
      pending = pending.slice(nl + 1)
      if (line === '') continue
      try {
        onValue(JSON.parse(line))
      } catch {
        opts.onBad?.('not_json')
      }
    }
    if (pending.length > max) {
      pending = ''
      opts.onBad?.('line_too_long')
    }
  }
}
