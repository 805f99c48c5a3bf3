import { expect, test } from 'vitest'
import { createTestDatabase, describeWithPostgres } from '@smartcloudops/test-support'
import { openDatabase } from './client'
import { runMigrations } from './migrate'

describeWithPostgres('migrations on PostgreSQL', () => {
  test('two replicas starting at once both succeed and apply each migration once', async () => {
    const t = await createTestDatabase()
    const a = await openDatabase({ url: t.url, poolSize: 2 })
    const b = await openDatabase({ url: t.url, poolSize: 2 })
    try {
      await Promise.all([runMigrations(a), runMigrations(b)])
      const rows = await a.query<{ n: number }>('select count(*)::int as n from drizzle.__drizzle_migrations')
      const files = await a.query<{ n: number }>("select count(*)::int as n from information_schema.tables where table_schema = 'public'")
      expect(rows[0]!.n).toBeGreaterThanOrEqual(1)
      expect(files[0]!.n).toBeGreaterThanOrEqual(14)
      const again = await a.query<{ n: number }>('select count(*)::int as n from drizzle.__drizzle_migrations')
      await runMigrations(b)
      expect((await a.query<{ n: number }>('select count(*)::int as n from drizzle.__drizzle_migrations'))[0]!.n).toBe(again[0]!.n)
    } finally {
      await a.close()
      await b.close()
      await t.drop()
    }
  })
})
