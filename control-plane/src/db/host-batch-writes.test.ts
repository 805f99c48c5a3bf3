import { drizzle } from 'drizzle-orm/postgres-js'
import postgres, { type Notice } from 'postgres'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { createTestDatabase, describeWithPostgres, type TestDatabase } from '@smartcloudops/test-support'
import { helloPayload } from '../../test-support/fake-agent'
import { newId } from '../auth/tokens'
import { openDatabase, type Db } from './client'
import { runMigrations } from './migrate'
import { expireUnconfirmed, flushLiveness, markOffline, recordAcks } from './queries/connections'
import { listHostGroups } from './queries/fleet-summary'
import { recordHellos, setDesired } from './queries/hosts'
import { ingestMetricsEvents } from './queries/ingest-metrics'
import * as schema from './schema'

/** A plan node as auto_explain prints it in JSON. */
interface PlanNode {
  'Node Type': string
  'Actual Rows': number
  'Actual Loops': number
  Plans?: PlanNode[]
}

/** Rows each node produced over all its loops, the largest: what a statement read, whatever its plan. */
function mostRowsOfOneNode(node: PlanNode): number {
  return Math.max(node['Actual Rows'] * node['Actual Loops'], ...(node.Plans ?? []).map(mostRowsOfOneNode))
}

/**
 * The fleet's batch writes of `hosts` over the whole fleet, on the plans PostgreSQL really makes
 * for them when its statistics are behind (they always are for a replica id that started a minute
 * ago) and when the session first wrote a single host (PL/pgSQL keeps the host-group trigger's
 * plans for the session). Each must read every row a bounded number of times: a plan that pairs
 * rows by a nested loop reads hosts × hosts, which at 10,000 hosts held a fleet pause for ~30 s and
 * a shutdown for 9 s.
 */
describeWithPostgres('batch writes of every host, with stale statistics', () => {
  const HOSTS = 2000
  const REPLICA = 'replica-started-just-now'
  let testDb: TestDatabase
  let ids: string[]

  beforeAll(async () => {
    testDb = await createTestDatabase()
    const database = await openDatabase({ url: testDb.url })
    try {
      await runMigrations(database)
      ids = Array.from({ length: HOSTS }, () => newId('host'))
      await database.db.insert(schema.hosts).values(ids.map((id, i) => ({ id, hostname: `h-${i}`, labels: { dc: i % 2 ? 'a' : 'b' } })))
      // Statistics of a fleet that never connected to this replica, and kept so: autovacuum would
      // otherwise re-analyze at a moment of its choosing.
      await database.query('analyze hosts')
      await database.query('alter table hosts set (autovacuum_enabled = false)')
    } finally {
      await database.close()
    }
  })
  afterAll(async () => {
    await testDb?.drop()
  })

  test('every write reads each row a bounded number of times, and the host counts stay exact', async () => {
    const plans: { query: string; plan: PlanNode }[] = []
    // One session, so the trigger's plans are the ones its first statement made; auto_explain
    // reports every statement, the trigger's own included, to this client as notices.
    const client = postgres(testDb.url, {
      max: 1,
      onnotice: (n: Notice) => {
        const json = /plan:\s*(\{[\s\S]*\})\s*$/.exec(String(n.message))
        if (!json) return
        const parsed = JSON.parse(json[1]!) as { 'Query Text': string; Plan: PlanNode }
        plans.push({ query: parsed['Query Text'].trim().slice(0, 120), plan: parsed.Plan })
      },
    })
    const db = drizzle({ client, schema }) as unknown as Db
    try {
      await client`load 'auto_explain'`
      await client`set auto_explain.log_min_duration = 0`
      await client`set auto_explain.log_analyze = on`
      await client`set auto_explain.log_timing = off`
      await client`set auto_explain.log_nested_statements = on`
      await client`set auto_explain.log_format = json`
      await client`set client_min_messages = log`

      await setDesired(db, ids.slice(0, 1), 1, 'one host first')
      plans.length = 0
      // The fleet connects to a replica just started, gets its state, acks it, is swept, sends
      // metrics; half of it is expired after a replica's crash, and the replica stops.
      await recordHellos(db, new Map(ids.map((id) => [id, helloPayload(id)])), REPLICA)
      await setDesired(db, ids, 2, 'everyone')
      await recordAcks(db, new Map(ids.map((id) => [id, { revision: 2, ruleset_version: 1, applied: true }])))
      await flushLiveness(db, REPLICA, ids.map((id) => ({ id, state: 'online' as const })))
      const ts = new Date().toISOString()
      await ingestMetricsEvents(db, ids.map((id) => ({ hostId: id, eventId: `m-${id}`, batch: { samples: [{ ts, metrics: { ml_anomaly_score: 0.5 } }] } as never })))
      // Half of the fleet moves to another replica, which is then killed: its hosts expire.
      const other = ids.slice(0, HOSTS / 2)
      await recordHellos(db, new Map(other.map((id) => [id, helloPayload(id)])), 'replica-killed')
      await client`update hosts set connection_checked_at = now() - interval '1 hour' where connected_replica = 'replica-killed'`
      expect((await expireUnconfirmed(db, 60)).length).toBe(HOSTS / 2)
      await markOffline(db, ids, REPLICA)

      const writes = new Set(plans.map((p) => p.query.split('\n')[0]))
      expect(writes.size).toBeGreaterThanOrEqual(7)
      // Linear work touches each of the 2,000 rows a few times; a nested loop pairing them reads
      // 2,000 × 1,000 or 2,000 × 2,000.
      const worst = plans.map((p) => ({ query: p.query, rows: mostRowsOfOneNode(p.plan) })).sort((a, b) => b.rows - a.rows)[0]!
      expect(worst.rows, worst.query).toBeLessThanOrEqual(4 * HOSTS)
    } finally {
      await client.end()
    }

    const database = await openDatabase({ url: testDb.url })
    try {
      const groups = await listHostGroups(database.db)
      const counted = groups.map((g) => ({ dc: g.labels.dc, state: g.connectionState, version: g.agentVersion, ruleset: g.appliedRulesetVersion, hosts: g.hosts }))
      expect(counted.sort((x, y) => x.dc!.localeCompare(y.dc!))).toEqual([
        { dc: 'a', state: 'offline', version: 'test-0.0.1', ruleset: 1, hosts: HOSTS / 2 },
        { dc: 'b', state: 'offline', version: 'test-0.0.1', ruleset: 1, hosts: HOSTS / 2 },
      ])
    } finally {
      await database.close()
    }
  })
})
