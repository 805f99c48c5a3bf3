/**
 * Splits a stream of newline-delimited text (Docker's /events and streaming /stats) into its
 * non-blank lines, trimmed. A line longer than `maxLineBytes` (an engine gone wrong must not grow
 * the agent's memory without bound) is dropped and counted, never passed on.
 */
export function lines(onLine: (line: string) => void, opts: { maxLineBytes?: number; onBad?: (why: string) => void } = {}): (chunk: Buffer | string) => void {
  const max = opts.maxLineBytes ?? 1 << 20
  let pending = ''
  const emit = (raw: string) => {
    const line = raw.trim()
    if (line !== '') onLine(line)
  }
  return (chunk) => {
    const text = typeof chunk === 'string' ? chunk : chunk.toString('utf8')
    // The usual case, one stats frame a second per container: a chunk that is exactly one whole
    // line, nothing pending. Passed on as is, without copying it into and out of `pending`.
    if (pending === '' && text.indexOf('\n') === text.length - 1) return emit(text)
    pending += text
    let nl: number
    while ((nl = pending.indexOf('\n')) !== -1) {
      emit(pending.slice(0, nl))
      pending = pending.slice(nl + 1)
    }
    if (pending.length > max) {
      pending = ''
      opts.onBad?.('line_too_long')
    }
  }
}

/** `lines`, each parsed as JSON; a line that is not JSON is dropped and counted (`not_json`). */
export function jsonLines(onValue: (v: unknown) => void, opts: { maxLineBytes?: number; onBad?: (why: string) => void } = {}): (chunk: Buffer | string) => void {
  return lines((line) => {
    let v: unknown
    try {
      v = JSON.parse(line)
    } catch {
      return opts.onBad?.('not_json')
    }
    onValue(v)
  }, opts)
}
