import postgres from 'postgres'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { DATABASE_URL_ENV, createTestDatabase, describeWithPostgres, type TestDatabase } from '@smartcloudops/test-support'

describeWithPostgres('PostgreSQL smoke', () => {
  let db: TestDatabase
  let sql: postgres.Sql

  beforeAll(async () => {
    db = await createTestDatabase()
    sql = postgres(db.url, { max: 2, onnotice: () => {} })
  })

  afterAll(async () => {
    await sql?.end({ timeout: 1 })
    await db?.drop()
  })

  test('runs real queries on a fresh database of its own', async () => {
    const expectedName = new URL(db.url).pathname.slice(1)
    const [{ name }] = (await sql`select current_database() as name`) as unknown as [{ name: string }]
    expect(name).toBe(expectedName)

    const tables = await sql`select tablename from pg_tables where schemaname = 'public'`
    expect(tables).toHaveLength(0)

    await sql`create table hosts (id serial primary key, name text not null unique)`
    await sql`insert into hosts ${sql([{ name: 'web-1' }, { name: 'web-2' }], 'name')}`
    const rows = await sql`select name from hosts where name like ${'web-%'} order by id`
    expect(rows.map((r) => r.name)).toEqual(['web-1', 'web-2'])
    await expect(sql`insert into hosts (name) values ('web-1')`).rejects.toMatchObject({ code: '23505' })
  })

  test('drop() removes the database even with a connection still open', async () => {
    const other = await createTestDatabase()
    const name = new URL(other.url).pathname.slice(1)
    const lingering = postgres(other.url, { max: 1, onnotice: () => {} })
    await lingering`select 1`
    await other.drop()
    await other.drop() // a second drop is harmless

    const admin = postgres(process.env[DATABASE_URL_ENV]!, { max: 1, onnotice: () => {} })
    try {
      const found = await admin`select 1 from pg_database where datname = ${name}`
      expect(found).toHaveLength(0)
    } finally {
      await admin.end({ timeout: 1 })
      await lingering.end({ timeout: 1 }).catch(() => {})
    }
  })
})
