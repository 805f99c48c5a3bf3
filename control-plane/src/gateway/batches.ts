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
 * 10,000 agents take most of a minute; here each kind is gathered for the rest of the event-loop
 * turn (DataLoader, scheduled on setImmediate: everything that arrived in one poll phase) and
 * written in one statement per batch. Nothing is cached: a revoked credential is refused at once.
 */
const schedule = (run: () => void) => void setImmediate(run)

export function credentialBatch(db: Db): DataLoader<string, CredentialCheck> {
  return new DataLoader((credentials) => checkAgentCredentials(db, credentials), { cache: false, maxBatchSize: 1000, batchScheduleFn: schedule })
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
    { cache: false, maxBatchSize: 1000, batchScheduleFn: schedule },
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
