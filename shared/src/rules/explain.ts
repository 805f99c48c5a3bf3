import type { ConditionResult } from '../protocol/agent-messages'
import { explainResult, formatNumber } from './conditions'

/** "42s", "2m 30s", "1h 5m": how long ago / how long, for reasons people read at 3 a.m. */
export function formatDuration(ms: number): string {
  const s = Math.max(0, ms) / 1000
  if (s < 60) return `${formatNumber(Math.floor(s * 10) / 10)}s`
  if (s < 3600) {
    const m = Math.floor(s / 60)
    const r = Math.floor(s - m * 60)
    return r ? `${m}m ${r}s` : `${m}m`
  }
  const h = Math.floor(s / 3600)
  const m = Math.floor((s - h * 3600) / 60)
  return m ? `${h}h ${m}m` : `${h}h`
}

/** "cpu_percent 97 > 95, memory_percent 96 > 95". */
export function explainAll(results: ConditionResult[]): string {
  return results.map(explainResult).join(', ')
}

/** Only the conditions that stopped the rule: "cpu_percent 50 is not > 90; ml_anomaly_score missing from the sample". */
export function explainFailing(results: ConditionResult[]): string {
  return results
    .filter((r) => !r.held)
    .map(explainResult)
    .join('; ')
}
