import type { FastifyBaseLogger } from 'fastify'
import type { DesiredStateAck } from '@smartcloudops/shared'
import type { Db } from '../db/client'
import { recordAcks } from '../db/queries/connections'

/**
 * Desired-state acks arrive in a burst after every fleet-wide change (one per agent). Writing them
 * one UPDATE at a time made recording 5,000 acks take seconds; they are coalesced here (latest ack
 * per host wins) and written in one statement per batch.
 */
export class AckWriter {
  private pending = new Map<string, DesiredStateAck>()
  private timer: NodeJS.Timeout | undefined
  private inflight: Promise<void> = Promise.resolve()

  constructor(
    private readonly db: Db,
    private readonly log: FastifyBaseLogger,
    private readonly delayMs = 50,
    private readonly maxBatch = 1000,
  ) {}

  add(hostId: string, ack: DesiredStateAck): void {
    this.pending.set(hostId, ack)
    if (this.pending.size >= this.maxBatch) void this.flush()
    else this.timer ??= setTimeout(() => void this.flush(), this.delayMs)
  }

  has(hostId: string): boolean {
    return this.pending.has(hostId)
  }

  /** Writes everything queued so far; resolves when it (and any earlier write) is stored. */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer)
    this.timer = undefined
    const batch = this.pending
    this.pending = new Map()
    this.inflight = this.inflight.then(() => this.write(batch)).catch((err) => this.log.error({ err }, 'could not record desired-state acks'))
    return this.inflight
  }

  private async write(batch: Map<string, DesiredStateAck>): Promise<void> {
    await recordAcks(this.db, batch)
  }
}
