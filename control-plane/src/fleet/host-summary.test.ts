import fc from 'fast-check'
import { expect, test } from 'vitest'
import { sql } from 'drizzle-orm'
import { describeEachBackend } from '../../test-support/backends'
import type { Db } from '../db/client'
import { expireUnconfirmed, flushLiveness, markOffline, recordAcks } from '../db/queries/connections'
import { actionStats } from '../db/queries/history'
import { decommissionHost, enrollHost, listHostSummaries, markAllOffline, recordHellos, setHostLabels } from '../db/queries/hosts'
import { ingestEvent } from '../db/queries/ingest'
import { clearOverride, createOverride, listActiveOverrides } from '../db/queries/overrides'
import { getSetting, setSetting } from '../db/queries/settings'
import type { OverrideRow } from '../db/schema'
import { effectiveOverride } from './effective-override'
import { fleetStatus, type HostSummary } from './host-summary'

/**
 * The status answer as GET /remediation/status computed it before the summary table: every
 * enrolled host read and counted (copied from the route as it was, so the fast path is checked
 * against an independent computation, not against itself).
 */
async function fullScan(db: Db, overrides: readonly OverrideRow[], now: number): Promise<HostSummary> {
  const hostRows = await listHostSummaries(db)
  const counts = { total: hostRows.length, online: 0, stale: 0, offline: 0, never_connected: 0, enabled: 0, dry_run: 0, paused: 0 }
  const versions = new Map<number | null, number>()
  const modelVersions = new Map<string | null, number>()
  const agentVersions = new Map<string | null, number>()
  for (const h of hostRows) {
    if (h.connectionState === 'never') counts.never_connected++
    else counts[h.connectionState]++
    counts[effectiveOverride(overrides, h, now).mode]++
    versions.set(h.appliedRulesetVersion, (versions.get(h.appliedRulesetVersion) ?? 0) + 1)
    modelVersions.set(h.appliedModelVersion, (modelVersions.get(h.appliedModelVersion) ?? 0) + 1)
    agentVersions.set(h.agentVersion, (agentVersions.get(h.agentVersion) ?? 0) + 1)
  }
  return {
    hosts: counts,
    ruleset_versions_in_use: [...versions].map(([version, n]) => ({ version, hosts: n })).sort((a, b) => (b.version ?? -1) - (a.version ?? -1)),
    model_versions_in_use: [...modelVersions].map(([version, n]) => ({ version, hosts: n })).sort((a, b) => b.hosts - a.hosts),
    agent_versions_in_use: [...agentVersions].map(([version, n]) => ({ version, hosts: n })).sort((a, b) => b.hosts - a.hosts),
  }
}

/** The old answer left equal counts in row order: compare those lists as sets, and check the order by count. */
function comparable(s: HostSummary) {
  const bySet = <T extends { version: unknown; hosts: number }>(l: T[]) => [...l].sort((a, b) => String(a.version).localeCompare(String(b.version)))
  return { ...s, model_versions_in_use: bySet(s.model_versions_in_use), agent_versions_in_use: bySet(s.agent_versions_in_use) }
}

const labelPool = [{}, { env: 'prod' }, { env: 'prod', role: 'web' }, { env: 'staging', role: 'db' }, { env: 'dev', canary: 'yes' }]
const versionPool = ['1.0.0', '1.1.0', '2.0.0']
const modelPool = [undefined, 'm-1', 'm-2']
const pick = <T>(pool: readonly T[]) => fc.nat({ max: pool.length - 1 }).map((i) => pool[i]!)
const someHosts = fc.array(fc.nat({ max: 60 }), { minLength: 1, maxLength: 12 })
const replica = fc.constantFrom('r1', 'r2')

/** One write the control plane makes to hosts, overrides or actions, through its own query functions. */
const Op = fc.oneof(
  fc.record({ op: fc.constant('enroll' as const), labels: pick(labelPool), count: fc.integer({ min: 1, max: 8 }) }),
  fc.record({ op: fc.constant('hello' as const), hosts: someHosts, replica, agent: pick(versionPool), model: pick(modelPool) }),
  fc.record({ op: fc.constant('sweep' as const), hosts: someHosts, replica, state: fc.constantFrom('online' as const, 'stale' as const) }),
  fc.record({ op: fc.constant('closed' as const), hosts: someHosts, replica }),
  fc.record({ op: fc.constant('expire' as const) }),
  fc.record({ op: fc.constant('restart' as const) }),
  fc.record({ op: fc.constant('ack' as const), hosts: someHosts, version: fc.integer({ min: 1, max: 4 }), applied: fc.boolean(), model: pick(modelPool) }),
  fc.record({ op: fc.constant('decommission' as const), host: fc.nat({ max: 60 }) }),
  fc.record({ op: fc.constant('relabel' as const), host: fc.nat({ max: 60 }), labels: pick(labelPool) }),
  fc.record({ op: fc.constant('action' as const), host: fc.nat({ max: 60 }), event: fc.nat({ max: 30 }) }),
  fc.record({
    op: fc.constant('override' as const),
    scope: fc.constantFrom('fleet' as const, 'group' as const, 'set' as const, 'host' as const),
    mode: fc.constantFrom('enabled' as const, 'dry_run' as const, 'paused' as const),
    labels: pick(labelPool.slice(1)),
    host: fc.nat({ max: 60 }),
    // Minutes from the start of the run: past (already expired), soon (expires between the checks), never.
    expiresInMin: fc.option(fc.integer({ min: -30, max: 180 }), { nil: undefined }),
  }),
  fc.record({ op: fc.constant('clear' as const), nth: fc.nat({ max: 10 }) }),
)
type Op = typeof Op extends fc.Arbitrary<infer T> ? T : never

describeEachBackend('status summary kept by triggers equals a scan of every host', (get) => {
  test('over random fleets, writes and clock moves, the summary answer is the full computation', async () => {
    const db = get().db
    let run = 0
    await fc.assert(
      fc.asyncProperty(fc.array(Op, { minLength: 5, maxLength: 35 }), async (ops) => {
        run++
        const start = Date.now()
        // Each run starts without overrides (hosts and actions accumulate: more fleets to compare).
        await db.execute(sql`update overrides set cleared_at = now(), cleared_by = 'test' where cleared_at is null`)
        const ids = (await listHostSummaries(db, { includeDecommissioned: true })).map((h) => h.id)
        const host = (i: number) => ids[i % Math.max(ids.length, 1)]
        const hostSet = (is: number[]) => [...new Set(is.map(host).filter((h): h is string => !!h))]
        for (const o of ops) await apply(db, o, { ids, host, hostSet, start, run })
        if (run % 3 === 0) await setSetting(db, 'remediation_enabled', run % 2 === 0, 'test')
        const allActions = (await actionStats(db, {})).reduce((n, s) => n + s.n, 0)
        // The clock moves: now, after the short expiries, after all of them. No write in between.
        for (const now of [Date.now(), start + 45 * 60_000, start + 4 * 3600_000]) {
          const overrides = await listActiveOverrides(db, new Date(now))
          const fast = await fleetStatus(db, now)
          expect(fast.overrides).toEqual(overrides)
          expect(comparable(fast.summary)).toEqual(comparable(await fullScan(db, overrides, now)))
          for (const l of [fast.summary.model_versions_in_use, fast.summary.agent_versions_in_use]) {
            expect(l.map((v) => v.hosts)).toEqual([...l.map((v) => v.hosts)].sort((a, b) => b - a))
          }
          expect(fast.totalActions).toBe(allActions)
          expect(fast.remediationEnabled).toBe(await getSetting(db, 'remediation_enabled'))
          expect(fast.currentRulesetVersion).toBe(await getSetting(db, 'current_ruleset_version'))
        }
      }),
      { seed: 15_2026, numRuns: 12 },
    )
  }, 120_000)

  // The writers own disjoint hosts: what they share is the summary rows (same labels, states,
  // versions). Writers sharing host rows are db/queries/hosts-concurrent-writes.test.ts.
  test('writers on several connections changing the same groups at once leave the counts exact, without deadlocks', async () => {
    const db = get().db
    const ids: string[] = []
    for (let i = 0; i < 120; i++) ids.push((await enrollHost(db, { hostname: `race-${i}`, labels: labelPool[i % labelPool.length] as Record<string, string> })).id)
    const hello = (batch: string[], replica: string) =>
      recordHellos(db, new Map(batch.map((id, k) => [id, { agent_version: versionPool[k % 3], labels: {}, capabilities: { actions: [], collectors: [] }, facts: {}, monitoring: true } as never])), replica)
    const writer = async (slice: string[], replica: string, order: 1 | -1) => {
      const hosts = order === 1 ? slice : [...slice].reverse()
      for (let round = 0; round < 6; round++) {
        await hello(hosts, replica)
        await flushLiveness(db, replica, hosts.map((id, k) => ({ id, state: (k + round) % 2 ? 'stale' : 'online' })))
        await recordAcks(db, new Map(hosts.map((id) => [id, { revision: round, applied: true, ruleset_version: (round % 3) + 1 } as never])))
        await markOffline(db, hosts.slice(0, 10 + round), replica)
      }
    }
    const writes = [writer(ids.slice(0, 30), 'r1', 1), writer(ids.slice(30, 60), 'r2', -1), writer(ids.slice(60, 90), 'r3', 1), writer(ids.slice(90), 'r4', -1)]
    const results = await Promise.allSettled(writes)
    expect(results.filter((r) => r.status === 'rejected')).toEqual([])
    const now = Date.now()
    const overrides = await listActiveOverrides(db, new Date(now))
    expect(comparable((await fleetStatus(db, now)).summary)).toEqual(comparable(await fullScan(db, overrides, now)))
  }, 60_000)
})

async function apply(db: Db, o: Op, w: { ids: string[]; host: (i: number) => string | undefined; hostSet: (is: number[]) => string[]; start: number; run: number }) {
  switch (o.op) {
    case 'enroll':
      for (let i = 0; i < o.count; i++) w.ids.push((await enrollHost(db, { hostname: `eq-${w.ids.length}`, labels: o.labels as Record<string, string> })).id)
      return
    case 'hello':
      await recordHellos(
        db,
        new Map(w.hostSet(o.hosts).map((id) => [id, { agent_version: o.agent, labels: {}, capabilities: { actions: [], collectors: [] }, facts: {}, monitoring: true, model_version: o.model } as never])),
        o.replica,
      )
      return
    case 'sweep':
      await flushLiveness(db, o.replica, w.hostSet(o.hosts).map((id) => ({ id, state: o.state, lastSeen: new Date() })))
      return
    case 'closed':
      await markOffline(db, w.hostSet(o.hosts), o.replica)
      return
    case 'expire':
      // Confirmations older than 0 s: every online or stale host, as after a replica crashed.
      await expireUnconfirmed(db, 0)
      return
    case 'restart':
      await markAllOffline(db)
      return
    case 'ack':
      await recordAcks(db, new Map(w.hostSet(o.hosts).map((id) => [id, { revision: 1, applied: o.applied, ruleset_version: o.version, model_version: o.model } as never])))
      return
    case 'decommission': {
      const id = w.host(o.host)
      if (id) await decommissionHost(db, id)
      return
    }
    case 'relabel': {
      const id = w.host(o.host)
      if (id) await setHostLabels(db, id, o.labels as Record<string, string>)
      return
    }
    case 'action': {
      const id = w.host(o.host)
      if (!id) return
      // Event ids repeat within a run: a redelivered event is stored (and counted) once.
      await ingestEvent(db, id, `eq-${w.run}-${o.event}`, {
        type: 'action.finished',
        payload: { action_id: `eq-act-${w.run}-${o.event}`, decision_id: `eq-dec-${w.run}-${o.event}`, rule: 'High CPU Usage', type: 'scale_up', ok: true, retryable: false, started_at: Date.now() - 1000, finished_at: Date.now() },
      } as never)
      return
    }
    case 'override': {
      const expiresAt = o.expiresInMin === undefined ? undefined : new Date(w.start + o.expiresInMin * 60_000)
      const base = { mode: o.mode, reason: 'equivalence test', author: 'test', expiresAt }
      const labels = o.labels as Record<string, string>
      if (o.scope === 'fleet') await createOverride(db, { ...base, scope: 'fleet', selector: {}, requirements: null })
      else if (o.scope === 'group') await createOverride(db, { ...base, scope: 'group', selector: labels, requirements: null })
      else if (o.scope === 'set') await createOverride(db, { ...base, scope: 'group', selector: {}, requirements: [{ key: 'env', operator: 'notin', values: [labels.env ?? 'prod'] }] })
      else {
        const id = w.host(o.host)
        if (id) await createOverride(db, { ...base, scope: 'host', selector: { host_id: id }, requirements: null })
      }
      return
    }
    case 'clear': {
      const active = await listActiveOverrides(db)
      const victim = active[o.nth % Math.max(active.length, 1)]
      if (victim) await clearOverride(db, victim.id, 'test')
      return
    }
  }
}
