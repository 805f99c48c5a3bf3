import type { Config } from './config'
import { openDatabase, type Database } from './db/client'
import { markAllOffline } from './db/queries/hosts'
import { ensureAdminToken } from './db/queries/tokens'
import { runMigrations } from './db/migrate'
import { ensureDefaultRuleset } from './fleet/rules-service'

/**
 * Storage ready for the app: opened, migrated (under the advisory lock), seeded with the default
 * ruleset and an admin token on first start. Returns the new admin token when one was created.
 */
export async function prepareStorage(config: Config): Promise<{ database: Database; createdAdminToken?: string }> {
  const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir })
  try {
    await runMigrations(database)
    await ensureDefaultRuleset(database.db)
    const { created } = await ensureAdminToken(database.db, config.adminToken)
    // PGlite means one process: nothing it thought was connected survived its restart. With
    // PostgreSQL other replicas hold their own sockets, and the liveness sweep handles crashes.
    if (database.kind === 'pglite') await markAllOffline(database.db)
    return { database, createdAdminToken: created }
  } catch (err) {
    await database.close().catch(() => {})
    throw err
  }
}
