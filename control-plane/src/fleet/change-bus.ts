import { randomUUID } from 'node:crypto'
import type { FastifyBaseLogger } from 'fastify'
import type { Database } from '../db/client'

export type ChangeKind = 'rules' | 'overrides' | 'settings' | 'hosts' | 'expiry' | 'models' | 'alerts' | 'agent_releases'
export interface Change {
  kind: ChangeKind
  /** Only these hosts are affected; absent = possibly every host. */
  hostIds?: string[]
}

const CHANNEL = 'scops_changes'

/**
 * Tells every replica that something desired-state-relevant changed. In-process listeners always;
 * on PostgreSQL also LISTEN/NOTIFY so agents connected to other replicas get the change at once.
 */
export class ChangeBus {
  private readonly listeners = new Set<(c: Change) => void>()
  private readonly replicaId = randomUUID()
  private unlisten?: () => Promise<void>

  constructor(
    private readonly database: Database,
    private readonly log: FastifyBaseLogger,
  ) {}

  async start(): Promise<void> {
    if (!this.database.listen) return
    this.unlisten = await this.database.listen(CHANNEL, (payload) => {
      try {
        const msg = JSON.parse(payload) as { from: string; change: Change }
        if (msg.from !== this.replicaId) this.emit(msg.change)
      } catch (err) {
        this.log.warn({ err }, 'ignoring an unreadable change notification')
      }
    })
  }

  async stop(): Promise<void> {
    await this.unlisten?.()
  }

  on(fn: (c: Change) => void): () => void {
    this.listeners.add(fn)
    return () => this.listeners.delete(fn)
  }

  /** Local listeners first (this replica's agents), then the other replicas. */
  async publish(change: Change): Promise<void> {
    this.emit(change)
    if (this.database.notify) {
      // NOTIFY payloads are limited to 8000 bytes: a long host list becomes "everyone".
      const body = JSON.stringify({ from: this.replicaId, change })
      const payload = body.length < 7900 ? body : JSON.stringify({ from: this.replicaId, change: { kind: change.kind } })
      await this.database.notify(CHANNEL, payload).catch((err) => this.log.error({ err }, 'could not notify other replicas'))
    }
  }

  private emit(change: Change): void {
    for (const fn of this.listeners) {
      try {
        fn(change)
      } catch (err) {
        this.log.error({ err }, 'change listener failed')
      }
    }
  }
}
