import { and, eq, isNotNull, or } from 'drizzle-orm'
import type { ScoreDriver } from '@smartcloudops/shared/protocol/agent-messages'
import type { Db } from '../client'
import { decisions, metricSamples } from '../schema'

type DecisionRow = typeof decisions.$inferSelect

const SCORE_METRIC = 'ml_anomaly_score'

/** Did any of the decision's conditions read the anomaly score? (`conditions` is the agent's ConditionResult[].) */
function usedScore(d: DecisionRow): boolean {
  return Array.isArray(d.conditions) && d.conditions.some((c) => typeof c === 'object' && c !== null && (c as { metric?: unknown }).metric === SCORE_METRIC)
}

/**
 * For decisions whose conditions used `ml_anomaly_score`: the explanation stored with the sample
 * they were decided on (same host, same sample time). Derived at read time, so a decision needs
 * no field of its own and decisions recorded before explanations existed simply have none.
 * One query for the whole page of decisions.
 */
export async function decisionScoreExplanations(db: Db, items: readonly DecisionRow[]): Promise<Map<string, ScoreDriver[]>> {
  const wanted = items.filter(usedScore)
  const out = new Map<string, ScoreDriver[]>()
  if (wanted.length === 0) return out
  const rows = await db
    .select({ hostId: metricSamples.hostId, ts: metricSamples.ts, explanation: metricSamples.explanation })
    .from(metricSamples)
    .where(and(isNotNull(metricSamples.explanation), or(...wanted.map((d) => and(eq(metricSamples.hostId, d.hostId), eq(metricSamples.ts, d.sampleTs))))))
  const byKey = new Map(rows.map((r) => [`${r.hostId}\u0000${r.ts.getTime()}`, r.explanation]))
  for (const d of wanted) {
    const e = byKey.get(`${d.hostId}\u0000${d.sampleTs.getTime()}`)
    if (e) out.set(d.id, e)
  }
  return out
}
