import { listLimits } from '@smartcloudops/shared/protocol/limits'
import type { ScoreDriver } from '@smartcloudops/shared/protocol/agent-messages'

/**
 * The metrics that drove one score: the model's per-metric scores (`metric_scores`, the value
 * each metric row contributes before the host combines them), largest first, each as its share
 * of their sum. Empty when nothing stood out (every per-metric score 0). The host score is
 * max + spread × mean of these, so the largest share is the metric the score mostly rests on.
 */
export function scoreDrivers(perMetric: Readonly<Record<string, number>>, limit: number = listLimits.scoreDrivers): ScoreDriver[] {
  let sum = 0
  const entries: [string, number][] = []
  for (const [metric, s] of Object.entries(perMetric)) {
    if (!(s > 0) || !Number.isFinite(s)) continue
    entries.push([metric, s])
    sum += s
  }
  if (sum === 0) return []
  entries.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
  // Rounded to 4 decimals: enough to rank, and a sample stays small on the wire and in storage.
  return entries.slice(0, limit).map(([metric, s]) => ({ metric, contribution: Math.round((s / sum) * 1e4) / 1e4 }))
}
