import type { FastifyBaseLogger } from 'fastify'
import type { Alert } from '@smartcloudops/shared'
import type { AgentMessage } from '@smartcloudops/shared/protocol/messages'
import type { Db } from '../../db/client'
import type { DesiredHostRow } from '../../db/queries/hosts'
import type { IngestOutcome } from '../../db/queries/ingest'
import type { MetricsEvent } from '../../db/queries/ingest-metrics'
import type { HelloRecord } from '../batches'
import type { GatewayCounters } from '../counters'
import type { AgentSession } from '../session'
import type { AckWriter } from '../ack-writer'
import type { QueueWork } from '../../db/queries/permits'

/** What the message handlers may use: storage, counters, and the fleet services they hand work to. */
export interface HandlerContext {
  db: Db
  log: FastifyBaseLogger
  counters: GatewayCounters
  acks: AckWriter
  /** This replica's id, recorded on the hosts it holds. */
  replica: string
  heartbeatIntervalS: number
  /** Hellos are recorded in batches (batches.ts): undefined when the host no longer exists. */
  hellos: { load(record: HelloRecord): Promise<DesiredHostRow | undefined> }
  /** Metrics batches are stored coalesced with other agents' (batches.ts), acknowledged after commit. */
  metrics: { load(event: MetricsEvent): Promise<IngestOutcome> }
  /** The first desired state after hello. */
  greet(session: AgentSession, row: DesiredHostRow): void
  commandResult(hostId: string, result: Extract<AgentMessage, { type: 'command.result' }>['payload']): Promise<void>
  /** A newly stored alert (not a replay): notification goes from here. */
  alertStored(hostId: string, alert: Alert): void
  /** The budget queue's delivery (fleet/permits/queue-service.ts): answers for other agents a permit transaction left. */
  permitQueue: { deliver(work: QueueWork): Promise<void>; queuedHere(hostId: string): void }
  /** Any event stored for the first time (metrics count them). */
  stored?(m: AgentMessage, hostId: string): void
}

export type Handler<T extends AgentMessage['type']> = (ctx: HandlerContext, session: AgentSession, m: Extract<AgentMessage, { type: T }>) => Promise<void>
