import { fileURLToPath } from 'node:url'
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator'
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator'
import type { PgliteDatabase } from 'drizzle-orm/pglite'
import type { PostgresJsDatabase } from 'drizzle-orm/postgres-js'
import type { Database } from './client'

export const migrationsFolder = fileURLToPath(new URL('../../drizzle', import.meta.url))

/** Arbitrary constant; every replica takes the same lock, so only one migrates at a time. */
const MIGRATION_LOCK_KEY = 724_211_001

/**
 * Applies the committed drizzle-kit migrations. Safe when several replicas start at once: they queue
 * on an advisory lock, and the ones that get it after the first find nothing left to apply.
 * `folder` is for upgrade tests (a copy holding the migrations up to an older head).
 */
export async function runMigrations(database: Database, folder: string = migrationsFolder): Promise<void> {
  await database.withAdvisoryLock(MIGRATION_LOCK_KEY, async (db) => {
    if (database.kind === 'pglite') await migratePglite(db as unknown as PgliteDatabase, { migrationsFolder: folder })
    else await migratePostgres(db as unknown as PostgresJsDatabase, { migrationsFolder: folder })
  })
}
