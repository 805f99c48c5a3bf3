import { listLimits } from '@smartcloudops/shared/protocol/limits'
import type { ScoreDriver } from '@smartcloudops/shared/protocol/agent-messages'

/**
 * Metrics ordered by how much they drove one score: by the model's per-metric score
 * (`metric_scores`, what each metric row contributes before the host combines them), then — for
 * metrics tied at the graph's cap, common in an incident where several metrics saturate — by
 * their largest feature magnitude, then by name, so the same sample always gives the same order.
 * Metrics with a score of 0 (or not finite) are left out.
 */
export function rankMetrics(perMetric: Readonly<Record<string, number>>, magnitude: Readonly<Record<string, number>> = {}): [string, number][] {
  const entries: [string, number][] = []
  for (const [metric, s] of Object.entries(perMetric)) if (s > 0 && Number.isFinite(s)) entries.push([metric, s])
  const mag = (m: string) => magnitude[m] ?? 0
  return entries.sort((a, b) => b[1] - a[1] || mag(b[0]) - mag(a[0]) || (a[0] < b[0] ? -1 : 1))
}

/**
 * The drivers a sample carries: the first `limit` metrics of `rankMetrics`, each with its share of
 * the sum of all per-metric scores (so they add up to at most 1). Empty when nothing stood out.
 */
export function scoreDrivers(
  perMetric: Readonly<Record<string, number>>,
  magnitude: Readonly<Record<string, number>> = {},
  limit: number = listLimits.scoreDrivers,
): ScoreDriver[] {
  const ranked = rankMetrics(perMetric, magnitude)
  const sum = ranked.reduce((a, [, s]) => a + s, 0)
  if (sum === 0) return []
  // Rounded to 4 decimals: enough to rank, and a sample stays small on the wire and in storage.
  return ranked.slice(0, limit).map(([metric, s]) => ({ metric, contribution: Math.round((s / sum) * 1e4) / 1e4 }))
}
