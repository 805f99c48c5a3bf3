/**
 * Replayed firings beside what really ran, for one host: an action the replay would have taken
 * and a stored action of the same rule and type within `windowMs` of each other are one event
 * ("both"); the rest is "would fire but did not" or "did run but would not".
 */
export interface WouldAct {
  /** The sample's time (ms), i.e. when the engine would have acted. */
  ts: number
  rule: string
  action: string
}

export interface Ran {
  id: string
  rule: string
  action: string
  status: string
  /** The deciding sample's time when its decision is stored, else the action's start (ms). */
  ts: number
}

export interface HostComparison {
  both: Array<{ would: WouldAct; ran: Ran }>
  wouldOnly: WouldAct[]
  ranOnly: Ran[]
}

const key = (rule: string, action: string) => `${rule}\u0000${action}`

function groupBy<T>(items: readonly T[], k: (t: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>()
  for (const it of items) {
    const g = m.get(k(it))
    if (g) g.push(it)
    else m.set(k(it), [it])
  }
  return m
}

/**
 * Greedy in time order per (rule, action): the earliest unmatched of each side pair up when they
 * are close enough, which pairs a recurring action with its own occurrence rather than the next.
 * Both inputs must be sorted by `ts`. Results come back sorted by time.
 */
export function compareHost(would: readonly WouldAct[], ran: readonly Ran[], windowMs: number): HostComparison {
  const out: HostComparison = { both: [], wouldOnly: [], ranOnly: [] }
  const ranBy = groupBy(ran, (r) => key(r.rule, r.action))
  const wouldBy = groupBy(would, (w) => key(w.rule, w.action))
  for (const [k, ws] of wouldBy) {
    const rs = ranBy.get(k) ?? []
    ranBy.delete(k)
    let i = 0
    let j = 0
    while (i < ws.length && j < rs.length) {
      const w = ws[i]!
      const r = rs[j]!
      if (w.ts < r.ts - windowMs) {
        out.wouldOnly.push(w)
        i++
      } else if (r.ts < w.ts - windowMs) {
        out.ranOnly.push(r)
        j++
      } else {
        out.both.push({ would: w, ran: r })
        i++
        j++
      }
    }
    for (; i < ws.length; i++) out.wouldOnly.push(ws[i]!)
    for (; j < rs.length; j++) out.ranOnly.push(rs[j]!)
  }
  for (const rs of ranBy.values()) out.ranOnly.push(...rs)
  out.both.sort((a, b) => a.would.ts - b.would.ts)
  out.wouldOnly.sort((a, b) => a.ts - b.ts)
  out.ranOnly.sort((a, b) => a.ts - b.ts)
  return out
}
