import { sql } from 'drizzle-orm'
import type { FastifyBaseLogger } from 'fastify'
import type { DesiredStateAck } from '@smartcloudops/shared'
import type { Db } from '../db/client'

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
    if (batch.size === 0) return
    const rows = [...batch].map(([id, a]) => ({
      id,
      applied: a.applied,
      revision: a.revision,
      ruleset_version: a.ruleset_version,
      model_version: a.model_version ?? null,
      // An applied ack may still carry an error: the rules applied but the assigned model was refused.
      error: a.error ?? (a.applied ? null : 'the agent did not apply the desired state and gave no reason'),
    }))
    // One JSON parameter: identical on PGlite and postgres.js, no parameter-count limit.
    await this.db.execute(sql`
      update hosts h set
        applied_revision = case when v.applied then v.revision else h.applied_revision end,
        applied_ruleset_version = case when v.applied then v.ruleset_version else h.applied_ruleset_version end,
        applied_model_version = coalesce(v.model_version, h.applied_model_version),
        applied_at = case when v.applied then now() else h.applied_at end,
        apply_error = v.error
      from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
        as v(id text, applied boolean, revision bigint, ruleset_version integer, model_version text, error text)
      where h.id = v.id`)
  }
}
