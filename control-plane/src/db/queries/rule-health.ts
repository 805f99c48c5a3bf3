import { and, eq, gte, isNotNull, sql } from 'drizzle-orm'
import { newId } from '../../auth/tokens'
import type { Db } from '../client'
import { rowsOf } from './hosts'
import { actions, alerts, rulePauses, type PauseNumbers, type RulePauseRow } from '../schema'

/** Verifications of one rule, fleet-wide: ok = cleared, failed = still holding, inconclusive = unknown. */
export interface VerificationCounts {
  ok: number
  failed: number
  inconclusive: number
  /** Hosts with at least one failed verification. */
  failed_hosts: number
}

// A verification ends at most a day after its action started (verify_window and ladder step
// timeouts are bounded by a day): the indexed started_at narrows the scan, checked_at decides.
const VERIFY_MAX_MS = 86_400_000

const checkedAt = sql`((${actions.verification} ->> 'checked_at')::double precision)`
// Agents that predate `outcome` send only `cleared`: not cleared counts as failed for them.
const outcome = sql`coalesce(${actions.verification} ->> 'outcome', case when ${actions.verified} then 'cleared' else 'holding' end)`

/** Per rule (or for one rule), the verifications checked at or after each `since` (ms). */
export async function verificationCounts(db: Db, sinces: number[], rule?: string): Promise<Map<string, VerificationCounts[]>> {
  const oldest = Math.min(...sinces)
  const cols = sinces.map(
    (s, i) => sql`
      count(*) filter (where ${checkedAt} >= ${s} and ${outcome} = 'cleared')::int as ${sql.raw(`ok_${i}`)},
      count(*) filter (where ${checkedAt} >= ${s} and ${outcome} = 'holding')::int as ${sql.raw(`failed_${i}`)},
      count(*) filter (where ${checkedAt} >= ${s} and ${outcome} = 'unknown')::int as ${sql.raw(`inconclusive_${i}`)},
      count(distinct ${actions.hostId}) filter (where ${checkedAt} >= ${s} and ${outcome} = 'holding')::int as ${sql.raw(`hosts_${i}`)}`,
  )
  const where = and(
    isNotNull(actions.verification),
    gte(actions.startedAt, new Date(oldest - VERIFY_MAX_MS)),
    sql`${checkedAt} >= ${oldest}`,
    rule === undefined ? undefined : eq(actions.rule, rule),
  )
  const res = await db.execute(sql`select ${actions.rule} as rule, ${sql.join(cols, sql`,`)} from ${actions} where ${where} group by ${actions.rule}`)
  const rows = rowsOf<Record<string, unknown>>(res)
  const out = new Map<string, VerificationCounts[]>()
  for (const r of rows) {
    out.set(
      String(r.rule),
      sinces.map((_, i) => ({ ok: Number(r[`ok_${i}`]), failed: Number(r[`failed_${i}`]), inconclusive: Number(r[`inconclusive_${i}`]), failed_hosts: Number(r[`hosts_${i}`]) })),
    )
  }
  return out
}

export async function getRulePause(db: Db, rule: string): Promise<RulePauseRow | undefined> {
  const [row] = await db.select().from(rulePauses).where(eq(rulePauses.rule, rule))
  return row
}

export async function listRulePauses(db: Db): Promise<RulePauseRow[]> {
  return db.select().from(rulePauses).orderBy(rulePauses.rule)
}

export async function activeRulePauses(db: Db): Promise<RulePauseRow[]> {
  return db.select().from(rulePauses).where(eq(rulePauses.status, 'paused')).orderBy(rulePauses.rule)
}

/**
 * Pauses a rule and raises its alert, in one transaction, unless it is paused already: of two
 * replicas that cross the threshold at once, the row lock lets exactly one through (the other's
 * conditional update finds the rule paused), so one pause and one alert.
 */
export async function pauseRule(
  db: Db,
  p: { rule: string; reason: string; numbers: PauseNumbers; at: Date; alert: { hostId: string; summary: string; detail: string } },
): Promise<RulePauseRow | null> {
  return db.transaction(async (tx) => {
    const alertId = newId('alr')
    const values = { rule: p.rule, status: 'paused' as const, pausedAt: p.at, pausedBy: 'auto', reason: p.reason, numbers: p.numbers, alertId, resumedAt: null, resumedBy: null, resumeReason: null }
    const [row] = await tx
      .insert(rulePauses)
      .values(values)
      .onConflictDoUpdate({ target: rulePauses.rule, set: values, setWhere: eq(rulePauses.status, 'resumed') })
      .returning()
    if (!row) return null
    await tx.insert(alerts).values({ id: alertId, hostId: p.alert.hostId, severity: 'critical', summary: p.alert.summary, detail: p.alert.detail, rule: p.rule, raisedAt: p.at })
    return row
  })
}

/** Resumes a paused rule; null when it was not paused (never, or resumed already). */
export async function resumeRule(db: Db, rule: string, by: string, reason: string, at: Date): Promise<RulePauseRow | null> {
  const [row] = await db
    .update(rulePauses)
    .set({ status: 'resumed', resumedAt: at, resumedBy: by, resumeReason: reason })
    .where(and(eq(rulePauses.rule, rule), eq(rulePauses.status, 'paused')))
    .returning()
  return row ?? null
}
