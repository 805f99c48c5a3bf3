import { and, eq, sql } from 'drizzle-orm'
import type { ActionFinished, ActionStarted, ActionVerified, Alert, Decision, MetricsBatch } from '@smartcloudops/shared'
import { pgArrayLiteral } from '../array-literal'
import type { Db } from '../client'
import { actions, alerts, decisions, hosts, ingestedEvents } from '../schema'
import { resolveAlertsOfDecision } from './notifications'

export type IngestEvent =
  | { type: 'metrics.batch'; payload: MetricsBatch }
  | { type: 'decision'; payload: Decision }
  | { type: 'action.started'; payload: ActionStarted }
  | { type: 'action.finished'; payload: ActionFinished }
  | { type: 'action.verified'; payload: ActionVerified }
  | { type: 'alert'; payload: Alert }

export type IngestOutcome = 'stored' | 'duplicate'

/**
 * An event refused for what it says, not for a passing fault: retrying it can never succeed.
 * Nothing of it was applied (its transaction rolled back); the gateway dead-letters it.
 */
export class IngestRefusedError extends Error {
  override readonly name = 'IngestRefusedError'
  constructor(
    readonly code: 'owned_by_another_host' | 'unknown_action',
    message: string,
  ) {
    super(message)
  }
}

const notOwned = (what: string, id: string) =>
  new IngestRefusedError('owned_by_another_host', `${what} ${id} belongs to another host; an agent may only write its own host's records`)

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0]

/**
 * Stores one agent event exactly once. The event id is claimed in `ingested_events` in the same
 * transaction that applies the event, so a replay (after a lost ack, a reconnect, another replica)
 * is recognised and acknowledged without being applied again.
 */
export async function ingestEvent(db: Db, hostId: string, eventId: string, event: IngestEvent): Promise<IngestOutcome> {
  return db.transaction(async (tx) => {
    const claimed = await tx
      .insert(ingestedEvents)
      .values({ id: eventId, hostId, type: event.type })
      .onConflictDoNothing()
      .returning({ id: ingestedEvents.id })
    if (claimed.length === 0) {
      const [owner] = await tx.select({ hostId: ingestedEvents.hostId }).from(ingestedEvents).where(eq(ingestedEvents.id, eventId))
      if (owner && owner.hostId !== hostId) throw notOwned('event id', eventId)
      return 'duplicate'
    }
    await apply(tx, hostId, event)
    return 'stored'
  })
}

async function apply(tx: Tx, hostId: string, event: IngestEvent): Promise<void> {
  switch (event.type) {
    case 'metrics.batch':
      return insertSamples(tx, hostId, event.payload)
    case 'decision': {
      const d = event.payload
      const inserted = await tx
        .insert(decisions)
        .values({
          id: d.decision_id,
          hostId,
          rule: d.rule,
          priority: d.priority,
          rulesetVersion: d.ruleset_version,
          sampleTs: new Date(d.sample_ts),
          outcome: d.outcome,
          suppressedBy: d.suppressed_by,
          overrideMode: d.override_mode,
          reason: d.reason,
          conditions: d.conditions,
          actions: d.actions,
          escalation: d.escalation ?? null,
        })
        .onConflictDoNothing()
        .returning({ id: decisions.id })
      if (inserted.length === 0) await mustOwn(tx, decisions, d.decision_id, hostId, 'decision')
      return
    }
    case 'action.started': {
      const a = event.payload
      const written = await tx
        .insert(actions)
        .values({
          id: a.action_id,
          hostId,
          decisionId: a.decision_id,
          rule: a.rule,
          type: a.type,
          params: a.params,
          target: a.target ?? null,
          status: 'started',
          startedAt: new Date(a.started_at),
        })
        // A finished event may have arrived first (replays are not ordered); it wins.
        .onConflictDoUpdate({
          target: actions.id,
          set: { params: a.params, target: sql`coalesce(${actions.target}, ${a.target ?? null})` },
          // Another host's action with this id is left as it is (and the event refused below).
          setWhere: eq(actions.hostId, hostId),
        })
        .returning({ id: actions.id })
      if (written.length === 0) throw notOwned('action', a.action_id)
      return
    }
    case 'action.finished': {
      const a = event.payload
      const finished = {
        status: a.ok ? ('succeeded' as const) : ('failed' as const),
        finishedAt: new Date(a.finished_at),
        durationMs: Math.max(0, Math.round(a.finished_at - a.started_at)),
        retryable: a.retryable,
        result: a.result ?? null,
        error: a.error ?? null,
      }
      const written = await tx
        .insert(actions)
        .values({
          id: a.action_id,
          hostId,
          decisionId: a.decision_id,
          rule: a.rule,
          type: a.type,
          target: a.target ?? null,
          startedAt: new Date(a.started_at),
          ...finished,
        })
        .onConflictDoUpdate({
          target: actions.id,
          set: { ...finished, target: sql`coalesce(excluded.target, ${actions.target})` },
          setWhere: eq(actions.hostId, hostId),
        })
        .returning({ id: actions.id })
      if (written.length === 0) throw notOwned('action', a.action_id)
      return
    }
    case 'action.verified': {
      const v = event.payload
      const updated = await tx
        .update(actions)
        .set({ verified: v.cleared, verification: { window_s: v.window_s, checked_at: v.checked_at, detail: v.detail ?? null, outcome: v.outcome ?? null } })
        .where(and(eq(actions.id, v.action_id), eq(actions.hostId, hostId)))
        .returning({ id: actions.id })
      if (updated.length > 0) {
        // The condition cleared: alerts its decision raised resolve (notifiers get a resolved message).
        if (v.cleared) await resolveAlertsOfDecision(tx, hostId, v.decision_id, new Date(v.checked_at))
        return
      }
      await mustOwn(tx, actions, v.action_id, hostId, 'action')
      // Not silently lost as before: a verification of an action this host never reported is kept
      // where an operator sees it.
      throw new IngestRefusedError('unknown_action', `action ${v.action_id} is not known for this host; its verification cannot be recorded`)
    }
    case 'alert': {
      const a = event.payload
      const inserted = await tx
        .insert(alerts)
        .values({
          id: a.alert_id,
          hostId,
          severity: a.severity,
          summary: a.summary,
          detail: a.detail ?? null,
          rule: a.rule ?? null,
          decisionId: a.decision_id ?? null,
          channel: a.channel ?? null,
          raisedAt: new Date(a.raised_at),
        })
        .onConflictDoNothing()
        .returning({ id: alerts.id })
      if (inserted.length === 0) await mustOwn(tx, alerts, a.alert_id, hostId, 'alert')
      return
    }
  }
}

/** A row with this id exists (the insert found a conflict): it must be this host's, or the event is refused. */
async function mustOwn(tx: Tx, table: typeof decisions | typeof actions | typeof alerts, id: string, hostId: string, what: string): Promise<void> {
  const [row] = await tx.select({ hostId: table.hostId }).from(table).where(eq(table.id, id))
  if (row && row.hostId !== hostId) throw notOwned(what, id)
}

/**
 * Bulk insert through `unnest`: one statement with one array parameter per column, whatever the
 * batch size (several times faster than a multi-row VALUES list, and no parameter-count limit).
 */
async function insertSamples(tx: Tx, hostId: string, batch: MetricsBatch): Promise<void> {

  const ts: string[] = []
  const metrics: string[] = []
  const missing: (string | null)[] = []
  const score: (number | null)[] = []
  const confidence: (number | null)[] = []
  const model: (string | null)[] = []
  const explanation: (string | null)[] = []
  for (const s of batch.samples) {
    ts.push(new Date(s.ts).toISOString())
    metrics.push(JSON.stringify(s.metrics))
    missing.push(s.missing ? JSON.stringify(s.missing) : null)
    score.push(s.metrics.ml_anomaly_score ?? null)
    confidence.push(s.metrics.ml_confidence ?? null)
    model.push(s.model_version ?? null)
    explanation.push(s.explanation?.length ? JSON.stringify(s.explanation) : null)
  }
  await tx.execute(sql`
    insert into metric_samples (host_id, ts, metrics, missing, anomaly_score, confidence, model_version, explanation)
    select ${hostId}, u.ts, u.metrics::jsonb, u.missing::jsonb, u.score, u.confidence, u.model, u.explanation::jsonb
    from unnest(${pgArrayLiteral(ts)}::text::timestamptz[], ${pgArrayLiteral(metrics)}::text::text[],
                ${pgArrayLiteral(missing)}::text::text[], ${pgArrayLiteral(score)}::text::float8[],
                ${pgArrayLiteral(confidence)}::text::float8[], ${pgArrayLiteral(model)}::text::text[],
                ${pgArrayLiteral(explanation)}::text::text[])
      as u(ts, metrics, missing, score, confidence, model, explanation)`)
  // The newest sample's score is what the drill-down shows without scanning the history.
  const latest = batch.samples.reduce((a, b) => (b.ts > a.ts ? b : a), batch.samples[0]!)
  await tx
    .update(hosts)
    .set({ lastAnomalyScore: latest.metrics.ml_anomaly_score ?? null })
    .where(eq(hosts.id, hostId))
}

/**
 * Retention of the idempotency log (the samples' retention drops whole day partitions, see
 * metric-partitions.ts). Returns rows deleted.
 */
export async function deleteIngestedEventsBefore(db: Db, before: Date): Promise<number> {
  return affected(await db.execute(sql`delete from ingested_events where received_at < ${before.toISOString()}::timestamptz`))
}

function affected(res: unknown): number {
  const r = res as { count?: number; affectedRows?: number }
  return Number(r.count ?? r.affectedRows ?? 0)
}
