import { toSeconds } from '@smartcloudops/shared'
import type { Probe } from '../remediate/policy'
import type { Collector } from './types'

export type { Probe }

interface ProbeState {
  /** Outcomes of the last `window` probes, oldest first: true = failed. */
  outcomes: boolean[]
  responseTime?: number
  lastAt?: number
}

export interface ProbeOptions {
  /** Milliseconds, monotonic; tests may pass a fake clock. */
  now?: () => number
  fetch?: typeof fetch
}

const DEFAULTS = { timeoutS: 5, intervalS: 10, window: 10, expect: [200, 399] as const }

/**
 * HTTP probes from local policy. Per probe: response_time:<name> (seconds to the response headers)
 * and error_rate:<name> (failures among the last `window` probes, 0–1); bare names = the worst
 * probe. A probe that times out or gets no response at all counts as a failure with
 * response_time = its timeout: the service did not answer within it. A probe runs at most every
 * `interval`; between runs the last measurement is reported.
 */
export function probesCollector(probes: readonly Probe[], opts: ProbeOptions = {}): Collector {
  const now = opts.now ?? (() => performance.now())
  const doFetch = opts.fetch ?? fetch
  const state = new Map<string, ProbeState>(probes.map((p) => [p.name, { outcomes: [] }]))
  const maxTimeoutS = Math.max(0, ...probes.map((p) => toSeconds(p.timeout ?? DEFAULTS.timeoutS)))

  async function probeOnce(p: Probe, st: ProbeState, outer: AbortSignal): Promise<void> {
    const timeoutS = toSeconds(p.timeout ?? DEFAULTS.timeoutS)
    const timeout = AbortSignal.timeout(timeoutS * 1000)
    const signal = AbortSignal.any([outer, timeout])
    const [lo, hi] = p.expect_status ?? DEFAULTS.expect
    const started = now()
    let failed: boolean
    let seconds: number
    try {
      const res = await doFetch(p.url, { signal, redirect: 'manual', headers: { 'user-agent': 'scops-agent-probe' } })
      seconds = (now() - started) / 1000
      failed = res.status < lo || res.status > hi
      await res.body?.cancel().catch(() => undefined)
    } catch {
      // Stopped by the runner (the whole sample was abandoned): not the service's fault, record nothing.
      if (outer.aborted && !timeout.aborted) return
      failed = true
      seconds = timeoutS
    }
    st.lastAt = started
    st.responseTime = seconds
    st.outcomes.push(failed)
    const window = p.window ?? DEFAULTS.window
    if (st.outcomes.length > window) st.outcomes.splice(0, st.outcomes.length - window)
  }

  return {
    name: 'probes',
    defaultEnabled: true,
    provides: ['response_time', 'error_rate'],
    timeoutMs: (maxTimeoutS + 1) * 1000,
    async collect(signal) {
      const t = now()
      await Promise.all(
        probes.map((p) => {
          const st = state.get(p.name)!
          const due = st.lastAt === undefined || t - st.lastAt >= toSeconds(p.interval ?? DEFAULTS.intervalS) * 1000
          return due ? probeOnce(p, st, signal) : undefined
        }),
      )
      const out: Record<string, number> = {}
      for (const p of probes) {
        const st = state.get(p.name)!
        if (st.responseTime === undefined || st.outcomes.length === 0) continue
        const rate = st.outcomes.filter(Boolean).length / st.outcomes.length
        out[`response_time:${p.name}`] = st.responseTime
        out[`error_rate:${p.name}`] = rate
        out.response_time = Math.max(out.response_time ?? 0, st.responseTime)
        out.error_rate = Math.max(out.error_rate ?? 0, rate)
      }
      return out
    },
  }
}
