import DataLoader from 'dataloader'
import type { Hello } from '@smartcloudops/shared'
import type { Db } from '../db/client'
import { isContentError } from '../db/errors'
import { ingestEvent, type IngestOutcome } from '../db/queries/ingest'
import { ingestMetricsEvents, type MetricsEvent, type MetricsOutcome } from '../db/queries/ingest-metrics'
import { checkAgentCredentials, type CredentialCheck } from '../db/queries/agent-credentials'
import { recordHellos, type DesiredHostRow } from '../db/queries/hosts'

/**
 * A fleet reconnecting after a control-plane restart sends thousands of upgrades and hellos within
 * seconds. One credential lookup and one hello UPDATE per agent, on a pool of ten, made connecting
 * 10,000 agents take most of a minute; here each kind is gathered and written in one statement per
 * batch. Nothing is cached: a revoked credential is refused at once.
 *
 * A batch waits BATCH_WINDOW_MS for more. Until 2026-12-03 it gathered only what had arrived in one
 * event-loop turn (setImmediate), which left nearly every batch at one, because each upgrade is its
 * own request. In a PostgreSQL statement log of 2,000 agents connecting twice, 3,963 of 3,966
 * credential lookups carried a single credential. Most of a connect then went into writing those
 * statements to PostgreSQL: postgres.js's socket writes were 7.9 s of 21.2 s busy in a
 * 10,000-agent profile.
 *
 * `BENCH_AGENTS=10000 pnpm bench:fanout`, quiet machine, whole fleet connected (raw ws in the
 * same run: 3.1–3.4 s):
 *   one turn: 18.7 s (setImmediate, as shipped), 12.3–13.8 s (setTimeout 0);
 *   5 ms: 7.0 s;
 *   10 ms: 5.8–5.9 s;
 *   20 ms: 5.7 s.
 * At 10 ms a connect waits at most 10 ms more, and most of the gain is there.
 */
export const BATCH_WINDOW_MS = 10

/** DataLoader's options for the gateway's batches: no cache, at most `maxBatchSize` keys per statement, gathered for BATCH_WINDOW_MS. */
export function batchOptions<K, V>(maxBatchSize = 1000): DataLoader.Options<K, V> {
  return { cache: false, maxBatchSize, batchScheduleFn: (run) => void setTimeout(run, BATCH_WINDOW_MS) }
}

export function credentialBatch(db: Db): DataLoader<string, CredentialCheck> {
  return new DataLoader((credentials) => checkAgentCredentials(db, credentials), batchOptions())
}

export interface HelloRecord {
  hostId: string
  hello: Hello
}

/** Resolves with the host's desired-state inputs, or undefined when the host no longer exists. */
export function helloBatch(db: Db, replica: string): DataLoader<HelloRecord, DesiredHostRow | undefined> {
  return new DataLoader(
    async (records) => {
      // The same host twice in a batch (a quick reconnect): its latest hello is the one stored.
      const rows = await recordHellos(db, new Map(records.map((r) => [r.hostId, r.hello])), replica)
      return records.map((r) => rows.get(r.hostId))
    },
    batchOptions(),
  )
}

/**
 * Metrics batches from many agents, coalesced over `delayMs` into one statement
 * (db/queries/ingest-metrics.ts); each agent's ack is sent only after that statement committed.
 * When the statement is refused for its content, every event of the batch is stored on its own
 * (ingestEvent), so one bad event is dead-lettered alone and the others are stored as before.
 */
export function metricsBatch(db: Db, delayMs = 5): DataLoader<MetricsEvent, IngestOutcome> {
  return new DataLoader(
    async (events) => {
      const out: (IngestOutcome | Error)[] = new Array(events.length)
      // An id twice in one statement would claim once and insert its samples twice: repeats wait for the next round.
      let pending = events.map((_, i) => i)
      while (pending.length > 0) {
        const seen = new Set<string>()
        const round = pending.filter((i) => !seen.has(events[i]!.eventId) && seen.add(events[i]!.eventId))
        const taken = new Set(round)
        pending = pending.filter((i) => !taken.has(i))
        const results = await storeTogether(
          db,
          round.map((i) => events[i]!),
        )
        round.forEach((i, k) => (out[i] = results[k]!))
      }
      return out
    },
    { cache: false, maxBatchSize: 500, batchScheduleFn: (run) => void setTimeout(run, delayMs) },
  )
}

async function storeTogether(db: Db, events: readonly MetricsEvent[]): Promise<(IngestOutcome | Error)[]> {
  let outcomes: MetricsOutcome[]
  try {
    outcomes = await ingestMetricsEvents(db, events)
  } catch (err) {
    if (!isContentError(err)) return events.map(() => asError(err))
    outcomes = events.map(() => 'undecided')
  }
  return Promise.all(
    outcomes.map((o, k) => {
      if (o !== 'undecided') return o
      const ev = events[k]!
      return ingestEvent(db, ev.hostId, ev.eventId, { type: 'metrics.batch', payload: ev.batch }).catch(asError)
    }),
  )
}

const asError = (err: unknown): Error => (err instanceof Error ? err : new Error(String(err)))
