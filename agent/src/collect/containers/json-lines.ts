/**
 * Splits a stream of newline-delimited JSON (Docker's /events and streaming /stats) into parsed
 * values. A line that is not JSON, or longer than `maxLineBytes` (an engine gone wrong must not
 * grow the agent's memory without bound), is dropped and counted, never passed on.
 */
export function jsonLines(onValue: (v: unknown) => void, opts: { maxLineBytes?: number; onBad?: (why: string) => void } = {}): (chunk: Buffer | string) => void {
  const max = opts.maxLineBytes ?? 1 << 20
  let pending = ''
  const emit = (raw: string) => {
    const line = raw.trim()
    if (line === '') return
    try {
      onValue(JSON.parse(line))
    } catch {
      opts.onBad?.('not_json')
    }
  }
  return (chunk) => {
    const text = typeof chunk === 'string' ? chunk : chunk.toString('utf8')
    // The usual case, one stats frame a second per container: a chunk that is exactly one whole
    // line, nothing pending. Parsed as is, without copying it into and out of `pending`.
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
