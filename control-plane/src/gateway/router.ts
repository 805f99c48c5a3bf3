import type { RawData } from 'ws'
import { decodeAgentMessage } from '@smartcloudops/shared/protocol/codec'
import { errorFrameFor } from '@smartcloudops/shared/protocol/errors'
import type { AgentMessage } from '@smartcloudops/shared/protocol/messages'
import type { Handler, HandlerContext } from './handlers/context'
import { onAgentUpgrade } from './handlers/agent-upgrade'
import { onCommandResult } from './handlers/command-result'
import { onDesiredStateAck } from './handlers/desired-state-ack'
import { onEvent } from './handlers/events'
import { onHeartbeat } from './handlers/heartbeat'
import { onHello } from './handlers/hello'
import { onPermitRelease, onPermitRequest, onPermitRequestV2 } from './handlers/permit'
import type { AgentSession } from './session'
import { storable } from './storable'

/** One handler per message type; the compiler insists every type has one. */
const handlers: { [K in AgentMessage['type']]: Handler<K> } = {
  hello: onHello,
  heartbeat: onHeartbeat,
  'desired_state.ack': onDesiredStateAck,
  'command.result': onCommandResult,
  'metrics.batch': onEvent,
  decision: onEvent,
  'action.started': onEvent,
  'action.finished': onEvent,
  'action.verified': onEvent,
  alert: onEvent,
  'agent.upgrade': onAgentUpgrade,
  'permit.request': onPermitRequest,
  'permit.release': onPermitRelease,
  'permit.request.v2': onPermitRequestV2,
}

export interface RouterOptions {
  maxFrameBytes: number
  /** Malformed frames tolerated per connection before it is closed. */
  maxMalformed: number
  /** The frame shows the host is alive (liveness). */
  heard(session: AgentSession): Promise<void>
  /** Every decoded message, before it is handled (metrics, alert inputs). */
  seen?(session: AgentSession, m: AgentMessage): void
}

/**
 * Turns one inbound frame into a handler call: decodes and validates it against the shared
 * protocol, makes its strings storable, keeps a host's frames in order, and answers what went
 * wrong. A retryable `server_error` is the answer only to failures that may pass (the database away).
 */
export function createRouter(ctx: HandlerContext, opts: RouterOptions) {
  return async function route(session: AgentSession, data: RawData): Promise<void> {
    const decoded = decodeAgentMessage(data as Uint8Array | Uint8Array[], { maxBytes: opts.maxFrameBytes })
    if (!decoded.ok) {
      ctx.counters.malformed_frames_total++
      session.malformed++
      session.send('error', errorFrameFor(decoded.error))
      if (session.malformed > opts.maxMalformed) session.drop('too many malformed messages', 1008)
      return
    }
    const m = { ...decoded.message, payload: storable(decoded.message.payload) } as AgentMessage
    opts.seen?.(session, m)
    // A host's frames take effect in order: its queued ack is stored before its next message is handled.
    if (ctx.acks.has(session.hostId)) await ctx.acks.flush()
    try {
      await opts.heard(session)
      if (m.type !== 'hello' && !session.helloDone) {
        session.send('error', { code: 'hello_required', message: 'send hello first', ref_id: m.id })
        return
      }
      // The table pairs each type with its handler; TypeScript cannot follow that through m.type.
      await (handlers[m.type] as (c: HandlerContext, s: AgentSession, m: AgentMessage) => Promise<void>)(ctx, session, m)
    } catch (err) {
      ctx.counters.ingest_errors_total++
      session.log.error({ err, type: m.type }, 'could not handle agent message')
      session.send('error', { code: 'server_error', message: `the server could not process this ${m.type}; send it again later`, ref_id: m.id })
    }
  }
}
