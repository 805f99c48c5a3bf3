import { sql } from 'drizzle-orm'
import type { MetricsBatch } from '@smartcloudops/shared'
import { pgArrayLiteral } from '../array-literal'
import type { Db } from '../client'
import { lockHostsById } from '../host-row-locks'
import { rowsOf } from './hosts'
import { IngestRefusedError, type IngestOutcome } from './ingest'

export interface MetricsEvent {
  hostId: string
  eventId: string
  batch: MetricsBatch
}

/** Per event: stored, a replay of this host's event, refused (another host's id), or not decided here. */
export type MetricsOutcome = IngestOutcome | IngestRefusedError | 'undecided'

/**
 * Stores many agents' metrics batches in ONE statement, exactly once each: the event ids are
 * claimed in `ingested_events` and only the claimed events' samples are inserted, in the same
 * statement (so one transaction); each host's newest score is updated alongside, its row locked in
 * id order like every batch write of hosts (host-row-locks.ts). Five round trips per batch (BEGIN,
 * claim, insert, host update, COMMIT) became one per interval for all hosts.
 *
 * Event ids must be distinct within one call. An id already claimed is a replay when its owner is
 * this host, refused when another host's; an id claimed by a transaction this statement could not
 * see (another replica, the same instant) is `undecided`, for the caller to store on its own.
 */
export async function ingestMetricsEvents(db: Db, events: readonly MetricsEvent[]): Promise<MetricsOutcome[]> {
  if (events.length === 0) return []
  const e = { id: [] as string[], host: [] as string[], score: [] as (number | null)[], latest: [] as string[] }
  const s = {
    event: [] as string[],
    ts: [] as string[],
    metrics: [] as string[],
    missing: [] as (string | null)[],
    score: [] as (number | null)[],
    confidence: [] as (number | null)[],
    model: [] as (string | null)[],
    explanation: [] as (string | null)[],
  }
  for (const ev of events) {
    // The newest sample's score is what the drill-down shows without scanning the history.
    const newest = ev.batch.samples.reduce((a, b) => (b.ts > a.ts ? b : a), ev.batch.samples[0]!)
    e.id.push(ev.eventId)
    e.host.push(ev.hostId)
    e.score.push(newest.metrics.ml_anomaly_score ?? null)
    e.latest.push(new Date(newest.ts).toISOString())
    for (const x of ev.batch.samples) {
      s.event.push(ev.eventId)
      s.ts.push(new Date(x.ts).toISOString())
      s.metrics.push(JSON.stringify(x.metrics))
      s.missing.push(x.missing ? JSON.stringify(x.missing) : null)
      s.score.push(x.metrics.ml_anomaly_score ?? null)
      s.confidence.push(x.metrics.ml_confidence ?? null)
      s.model.push(x.model_version ?? null)
      s.explanation.push(x.explanation?.length ? JSON.stringify(x.explanation) : null)
    }
  }
  const res = await db.execute(sql`
    with ev as (
      select * from unnest(${pgArrayLiteral(e.id)}::text::text[], ${pgArrayLiteral(e.host)}::text::text[], ${pgArrayLiteral(e.score)}::text::float8[],
                           ${pgArrayLiteral(e.latest)}::text::timestamptz[]) as ev(id, host_id, score, latest_ts)
    ),
    claimed as (
      insert into ingested_events (id, host_id, type)
      select id, host_id, 'metrics.batch' from ev
      on conflict do nothing
      returning id, host_id
    ),
    -- The statement's snapshot: ids claimed before it, with their owners (not the ones claimed above).
    owners as (
      select i.id, i.host_id from ingested_events i where i.id in (select id from ev)
    ),
    samples as (
      insert into metric_samples (host_id, ts, metrics, missing, anomaly_score, confidence, model_version, explanation)
      select c.host_id, u.ts, u.metrics::jsonb, u.missing::jsonb, u.score, u.confidence, u.model, u.explanation::jsonb
      from unnest(${pgArrayLiteral(s.event)}::text::text[], ${pgArrayLiteral(s.ts)}::text::timestamptz[], ${pgArrayLiteral(s.metrics)}::text::text[],
                  ${pgArrayLiteral(s.missing)}::text::text[], ${pgArrayLiteral(s.score)}::text::float8[], ${pgArrayLiteral(s.confidence)}::text::float8[],
                  ${pgArrayLiteral(s.model)}::text::text[], ${pgArrayLiteral(s.explanation)}::text::text[])
        as u(event_id, ts, metrics, missing, score, confidence, model, explanation)
      join claimed c on c.id = u.event_id
    ),
    ${lockHostsById({ ids: sql`select host_id from claimed` })},
    latest as (
      update hosts h set last_anomaly_score = to_jsonb(x.score)
      from (select distinct on (c.host_id) c.host_id, ev.score from claimed c join ev on ev.id = c.id order by c.host_id, ev.latest_ts desc) x
      join locked on locked.id = x.host_id
      where h.id = x.host_id
    )
    select id, host_id, true as claimed from claimed
    union all
    select id, host_id, false as claimed from owners`)
  const claimed = new Set<string>()
  const owner = new Map<string, string>()
  for (const r of rowsOf<{ id: string; host_id: string; claimed: boolean }>(res)) {
    if (r.claimed) claimed.add(r.id)
    else owner.set(r.id, r.host_id)
  }
  return events.map((ev) => {
    if (claimed.has(ev.eventId)) return 'stored'
    const o = owner.get(ev.eventId)
    if (o === undefined) return 'undecided'
    if (o === ev.hostId) return 'duplicate'
    return new IngestRefusedError('owned_by_another_host', `event id ${ev.eventId} belongs to another host; an agent may only write its own host's records`)
  })
}
