import { afterAll, beforeAll, describe } from 'vitest'
import { createTestDatabase, describeWithPostgres } from '@smartcloudops/test-support'
import { openDatabase, type Database } from '../src/db/client'
import { runMigrations } from '../src/db/migrate'

/**
 * Test helper: both storage back-ends, so a suite is written once and runs on the embedded PGlite
 * and on the run's real PostgreSQL (skipped with a message when absent; a failure when required).
 */
export interface Backend {
  name: 'pglite' | 'postgres'
  describe: typeof describe
  open(): Promise<{ database: Database; url?: string; drop(): Promise<void> }>
}

export const backends: Backend[] = [
  {
    name: 'pglite',
    describe,
    async open() {
      const database = await openDatabase({ dataDir: 'memory://' })
      await runMigrations(database)
      return { database, drop: () => database.close() }
    },
  },
  {
    name: 'postgres',
    describe: describeWithPostgres,
    async open() {
      const t = await createTestDatabase()
      const database = await openDatabase({ url: t.url, poolSize: 4 })
      await runMigrations(database)
      return {
        database,
        url: t.url,
        async drop() {
          await database.close()
          await t.drop()
        },
      }
    },
  },
]

/**
 * `describe` once per back-end with one migrated database shared by the suite (PGlite takes seconds
 * to create). `get()` returns it inside tests.
 */
export function describeEachBackend(name: string, body: (get: () => Database, backend: Backend) => void): void {
  for (const backend of backends) {
    backend.describe(`${name} [${backend.name}]`, () => {
      let handle: Awaited<ReturnType<Backend['open']>> | undefined
      beforeAll(async () => {
        handle = await backend.open()
      })
      afterAll(async () => {
        await handle?.drop()
      })
      body(() => {
        if (!handle) throw new Error('database not open yet')
        return handle.database
      }, backend)
    })
  }
}
