import DataLoader from 'dataloader'
import type { Hello } from '@smartcloudops/shared'
import type { Db } from '../db/client'
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
