import { mkdirSync } from 'node:fs'
import { PGlite } from '@electric-sql/pglite'
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core'
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite'
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js'
import postgres from 'postgres'
import * as schema from './schema'

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>

/**
 * The storage handle the rest of the control plane uses: a drizzle instance for typed queries and a
 * `query` for the few statements drizzle cannot express well (bulk `unnest` inserts). Raw SQL goes
 * through a separate client because drizzle's postgres-js driver replaces the client's serializers.
 */
export interface Database {
  readonly kind: 'pglite' | 'postgres'
  readonly db: Db
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>
  /** Cross-replica notifications; only PostgreSQL has them (PGlite is one process by nature). */
  listen?(channel: string, onMessage: (payload: string) => void): Promise<() => Promise<void>>
  notify?(channel: string, payload: string): Promise<void>
  /** Runs `fn` while holding a session-level advisory lock (no-op lock on PGlite). */
  withAdvisoryLock<T>(key: number, fn: (db: Db) => Promise<T>): Promise<T>
  close(): Promise<void>
}

export interface DatabaseOptions {
  /** postgres://… ; when absent PGlite is used. */
  url?: string
  /** PGlite data directory; `memory://` for an in-memory database. */
  dataDir?: string
  poolSize?: number
}

export async function openDatabase(opts: DatabaseOptions): Promise<Database> {
  return opts.url ? openPostgres(opts.url, opts.poolSize ?? 10) : openPglite(opts.dataDir ?? 'memory://')
}

async function openPglite(dataDir: string): Promise<Database> {
  if (!dataDir.startsWith('memory://')) mkdirSync(dataDir, { recursive: true })
  const pg = await PGlite.create(dataDir)
  const db = drizzlePglite({ client: pg, schema }) as unknown as Db
  return {
    kind: 'pglite',
    db,
    async query<T>(text: string, params: unknown[] = []) {
      const res = await pg.query<T>(text, params)
      return res.rows
    },
    // One PGlite instance serves one process; there is nobody to race with.
    withAdvisoryLock: (_key, fn) => fn(db),
    async close() {
      await pg.close()
    },
  }
}

async function openPostgres(url: string, poolSize: number): Promise<Database> {
  const quiet = { onnotice: () => {} }
  const client = postgres(url, { max: poolSize, ...quiet })
  const raw = postgres(url, { max: Math.max(2, Math.ceil(poolSize / 2)), ...quiet })
  // Fail at start-up, with the driver's message, rather than on the first request.
  await raw`select 1`
  const db = drizzlePostgres({ client, schema }) as unknown as Db
  const listeners: { unlisten(): Promise<void> }[] = []
  return {
    kind: 'postgres',
    db,
    async query<T>(text: string, params: unknown[] = []) {
      return (await raw.unsafe(text, params as never[])) as unknown as T[]
    },
    async listen(channel, onMessage) {
      const l = await raw.listen(channel, onMessage)
      listeners.push(l)
      return () => l.unlisten()
    },
    async notify(channel, payload) {
      await raw.notify(channel, payload)
    },
    async withAdvisoryLock(key, fn) {
      // A dedicated one-connection client: a session lock belongs to a connection, and every
      // statement of `fn` must run on the connection that holds it.
      const one = postgres(url, { max: 1, ...quiet })
      try {
        await one`select pg_advisory_lock(${key})`
        return await fn(drizzlePostgres({ client: one, schema }) as unknown as Db)
      } finally {
        await one`select pg_advisory_unlock(${key})`.catch(() => {})
        await one.end({ timeout: 5 })
      }
    },
    async close() {
      await Promise.all(listeners.map((l) => l.unlisten().catch(() => {})))
      await Promise.all([client.end({ timeout: 5 }), raw.end({ timeout: 5 })])
    },
  }
}
