import type { AgentMessage } from '@smartcloudops/shared/protocol/messages'
import { isContentError } from '../../db/errors'
import { insertDeadLetter, type DeadLetterReason } from '../../db/queries/dead-letters'
import { IngestRefusedError, ingestEvent, type IngestEvent } from '../../db/queries/ingest'
import type { HandlerContext } from './context'
import type { AgentSession } from '../session'

export type EventMessage = Extract<AgentMessage, { type: IngestEvent['type'] }>

/** Why an event can never be stored, or undefined when the failure may pass (then it is retried). */
function refusalOf(err: unknown): { reason: DeadLetterReason; detail: string } | undefined {
  if (err instanceof IngestRefusedError) return { reason: err.code, detail: err.message }
  if (isContentError(err)) {
    const cause = (err as { cause?: { message?: unknown } }).cause
    const message = typeof cause?.message === 'string' ? cause.message : err instanceof Error ? err.message : String(err)
    return { reason: 'not_storable', detail: `the database refused the event's content: ${message}` }
  }
  return undefined
}

/**
 * Stores an event exactly once and acknowledges it. Only storing happens here: what follows from a
 * stored event (an alert's notification) is handed on through the context.
 *
 * An event refused for its content goes to dead_letters and is acknowledged, so it never blocks the
 * agent's outbox; if even that cannot be stored, the answer is the non-retryable `unstorable`.
 * Any other failure (the database away) throws: the router answers a retryable `server_error`.
 */
export async function onEvent(ctx: HandlerContext, session: AgentSession, m: EventMessage): Promise<void> {
  let outcome: 'stored' | 'duplicate'
  try {
    outcome =
      m.type === 'metrics.batch'
        ? await ctx.metrics.load({ hostId: session.hostId, eventId: m.id, batch: m.payload })
        : await ingestEvent(ctx.db, session.hostId, m.id, { type: m.type, payload: m.payload } as IngestEvent)
  } catch (err) {
    const refusal = refusalOf(err)
    if (!refusal) throw err
    await deadLetter(ctx, session, m, refusal)
    return
  }
  if (outcome === 'stored') ctx.counters.events_stored_total++
  else ctx.counters.events_duplicate_total++
  session.send('ack', { ids: [m.id] })
  if (outcome === 'stored') ctx.stored?.(m, session.hostId)
  if (outcome === 'stored' && m.type === 'alert') ctx.alertStored(session.hostId, m.payload)
}

async function deadLetter(ctx: HandlerContext, session: AgentSession, m: EventMessage, refusal: { reason: DeadLetterReason; detail: string }): Promise<void> {
  try {
    await insertDeadLetter(ctx.db, { hostId: session.hostId, eventId: m.id, type: m.type, payload: m.payload, ...refusal })
  } catch (err) {
    if (!isContentError(err)) throw err
    session.log.error({ err, event_id: m.id, type: m.type, reason: refusal.reason }, 'event refused and could not be dead-lettered')
    session.send('error', { code: 'unstorable', message: `this ${m.type} can never be stored (${refusal.reason}); drop it`, ref_id: m.id })
    return
  }
  ctx.counters.events_dead_lettered_total++
  session.log.warn({ event_id: m.id, type: m.type, reason: refusal.reason, detail: refusal.detail }, 'event refused for its content: dead-lettered and acknowledged')
  session.send('ack', { ids: [m.id] })
}
