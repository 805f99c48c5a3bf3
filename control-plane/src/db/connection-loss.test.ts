import { createServer, connect, type Server, type Socket } from 'node:net'
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest'
import { createTestDatabase, describeWithPostgres, type TestDatabase } from '@smartcloudops/test-support'
import postgres from 'postgres'
import { openDatabase } from './client'
import { rowsOf } from './queries/hosts'

/**
 * A loopback TCP proxy in front of the run's PostgreSQL that resets a chosen connection the moment
 * the driver sends its internal array-type query, the first statement of every new connection:
 * the database lost in the middle of a connection's start, as in a restart or failover.
 */
class ResettingProxy {
  private server: Server | undefined
  private typeQueries = 0
  readonly resets: number[] = []

  /** `resetOn`: which type queries, counted from 1 over all connections, get their connection reset. */
  constructor(private readonly resetOn: ReadonlySet<number>) {}

  async start(target: URL): Promise<URL> {
    this.server = createServer((client) => this.relay(client, target))
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve))
    const proxied = new URL(target)
    proxied.hostname = '127.0.0.1'
    proxied.port = String((this.server.address() as { port: number }).port)
    return proxied
  }

  private relay(client: Socket, target: URL) {
    const upstream = connect(Number(target.port || 5432), target.hostname)
    upstream.on('error', () => client.destroy())
    client.on('error', () => upstream.destroy())
    upstream.pipe(client)
    client.on('data', (chunk: Buffer) => {
      if (chunk.includes('pg_catalog.pg_type')) {
        this.typeQueries += 1
        if (this.resetOn.has(this.typeQueries)) {
          this.resets.push(this.typeQueries)
          upstream.destroy()
          client.resetAndDestroy()
          return
        }
      }
      upstream.write(chunk)
    })
    client.on('close', () => upstream.destroy())
  }

  async stop() {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()))
  }
}

describeWithPostgres('a database connection lost while it starts', () => {
  let testDb: TestDatabase
  let proxy: ResettingProxy | undefined
  const unhandled: unknown[] = []
  const onUnhandled = (reason: unknown) => unhandled.push(reason)

  beforeAll(async () => {
    testDb = await createTestDatabase()
    process.on('unhandledRejection', onUnhandled)
  })
  afterEach(async () => {
    await proxy?.stop()
  })
  afterAll(async () => {
    process.off('unhandledRejection', onUnhandled)
    await testDb?.drop()
  })

  test('fails the one query that needed it and ends nothing else; the next query works', async () => {
    // Type query 1 is the start-up check's connection; 2 is the first pooled connection's.
    proxy = new ResettingProxy(new Set([2]))
    const url = await proxy.start(new URL(testDb.url))
    const database = await openDatabase({ url: url.toString(), poolSize: 2 })
    try {
      await expect(database.db.execute('select 1 as one')).rejects.toMatchObject({ cause: { code: 'ECONNRESET' } })
      expect(proxy.resets).toEqual([2])
      // Node reports a rejection nobody handled once the microtasks of this turn have run.
      await new Promise((resolve) => setImmediate(resolve))
      expect(unhandled).toEqual([])
      expect(rowsOf(await database.db.execute('select 1 as one'))).toEqual([{ one: 1 }])
    } finally {
      await database.close()
    }
  })

  test('a pool that lost a connection that way still ends without waiting for it', async () => {
    proxy = new ResettingProxy(new Set([1]))
    const url = await proxy.start(new URL(testDb.url))
    const sql = postgres(url.toString(), { max: 2, onnotice: () => {} })
    await expect(sql`select 1`).rejects.toMatchObject({ code: 'ECONNRESET' })
    expect(await sql`select 2 as two`).toEqual([{ two: 2 }])
    // No timeout: the unpatched driver kept the lost connection's query and waited for it forever.
    await sql.end()
  })
})
