import { createTestDatabase } from '@smartcloudops/test-support'
import { openDatabase, type Database } from '../src/db/client'
import { runMigrations } from '../src/db/migrate'
import { createTestApp, type TestApp } from './test-app'

/** One control-plane replica: its own app and connection pool on the shared database. */
export interface TestReplica {
  t: TestApp
  database: Database
  /** The agent WebSocket URL of this replica (listening on an ephemeral loopback port). */
  wsUrl: string
}

/**
 * Test helper: `n` replicas on one throw-away PostgreSQL database, as production runs them (each
 * with its own pool, changes between them through LISTEN/NOTIFY), each listening on port 0. For
 * suites under `describeWithPostgres`; `close()` (afterAll) closes the apps, the pools and drops
 * the database.
 */
export async function startReplicas(n: number): Promise<{ replicas: TestReplica[]; close(): Promise<void> }> {
  const db = await createTestDatabase()
  const replicas: TestReplica[] = []
  const close = async () => {
    for (const r of replicas) await r.t.app.close()
    for (const r of replicas) await r.database.close()
    await db.drop()
  }
  try {
    const databases = await Promise.all(Array.from({ length: n }, () => openDatabase({ url: db.url, poolSize: 3 })))
    await Promise.all(databases.map((d) => runMigrations(d)))
    for (const database of databases) {
      const t = await createTestApp(database)
      const url = await t.app.listen({ host: '127.0.0.1', port: 0 })
      replicas.push({ t, database, wsUrl: `${url.replace(/^http/, 'ws')}/api/v1/agent/ws` })
    }
  } catch (err) {
    await close()
    throw err
  }
  return { replicas, close }
}
