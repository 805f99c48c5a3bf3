import type { Logger } from 'pino'
import { newMessageId } from '@smartcloudops/shared/protocol/id'
import { encodeAgentMessage } from '@smartcloudops/shared/protocol/codec'
import type { AgentPayload, Envelope } from '@smartcloudops/shared'
import type { AgentEventType } from '../events'
import type { Outbox } from '../link/outbox'

export type EventType = AgentEventType

/**
 * Records events: encodes them with the shared codec (so a malformed event fails here, loudly,
 * not at the server), appends them durably to the outbox, then nudges the link to send. The
 * payloads come from ../events.ts, which fits them to the schema.
 */
export class Recorder {
  constructor(
    private readonly outbox: Outbox,
    private readonly log: Logger,
    private readonly onAppend: () => void = () => {},
  ) {}

  record<T extends EventType | 'agent.upgrade'>(type: T, payload: AgentPayload<T>, id: string = newMessageId()): string | null {
    let env: Envelope
    try {
      env = JSON.parse(encodeAgentMessage(type, payload, { id })) as Envelope
    } catch (err) {
      // A bug in the agent, not bad input: log everything needed to fix it and carry on.
      this.log.error({ err, type, id }, 'could not encode an event; not recorded')
      return null
    }
    this.outbox.append(env)
    // After the fsync: a crash test compares these ids with what the control plane stored.
    this.log.debug({ type, id }, 'event recorded')
    this.onAppend()
    return id
  }
}
