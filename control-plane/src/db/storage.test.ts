import { eq } from 'drizzle-orm'
import { expect, test } from 'vitest'
import { describeEachBackend } from '../../test-support/backends'
import { runMigrations } from './migrate'
import { enrollHost } from './queries/hosts'
import { ingestEvent } from './queries/ingest'
import {
  consumeEnrollmentToken,
  createApiToken,
  createEnrollmentToken,
  ensureAdminToken,
  findApiToken,
  findHostIdByCredential,
  issueAgentCredential,
} from './queries/tokens'
import { commitRuleset, currentRuleset } from './queries/rulesets'
import { actions, apiTokens, metricSamples } from './schema'

describeEachBackend('storage', (get) => {
  test('migrations are idempotent: running them again changes nothing', async () => {
    await runMigrations(get())
    const rows = await get().query<{ n: number }>("select count(*)::int as n from information_schema.tables where table_name = 'hosts'")
    expect(rows[0]!.n).toBe(1)
  })

  test('API tokens are stored hashed, found by the token, and carry their role', async () => {
    const { token } = await createApiToken(get().db, { name: 'ci', role: 'operator', createdBy: 'test' })
    expect(token.startsWith('scops_opr_')).toBe(true)
    const stored = await get().db.select().from(apiTokens).where(eq(apiTokens.name, 'ci'))
    expect(stored[0]!.tokenHash).not.toContain(token)
    expect(JSON.stringify(stored)).not.toContain(token)
    expect(await findApiToken(get().db, token)).toMatchObject({ role: 'operator', name: 'ci' })
    expect(await findApiToken(get().db, token + 'x')).toBeUndefined()
  })

  test('first start creates one admin token; the next start creates none', async () => {
    const first = await ensureAdminToken(get().db)
    expect(first.created).toMatch(/^scops_adm_/)
    expect((await ensureAdminToken(get().db)).created).toBeUndefined()
    expect(await findApiToken(get().db, first.created!)).toMatchObject({ role: 'admin' })
  })

  test('enrollment tokens stop working when used up', async () => {
    const { token } = await createEnrollmentToken(get().db, { name: 'two', maxUses: 2, createdBy: 't' })
    expect(await consumeEnrollmentToken(get().db, token)).toBeDefined()
    expect(await consumeEnrollmentToken(get().db, token)).toBeDefined()
    expect(await consumeEnrollmentToken(get().db, token)).toBeUndefined()
  })

  test('expired enrollment tokens are refused', async () => {
    const { token } = await createEnrollmentToken(get().db, { name: 'old', expiresAt: new Date(Date.now() - 1000), createdBy: 't' })
    expect(await consumeEnrollmentToken(get().db, token)).toBeUndefined()
  })

  test('re-issuing an agent credential revokes the previous one', async () => {
    const host = await enrollHost(get().db, { hostname: 'cred-host', labels: {} })
    const a = await issueAgentCredential(get().db, host.id)
    expect(await findHostIdByCredential(get().db, a)).toBe(host.id)
    const b = await issueAgentCredential(get().db, host.id)
    expect(await findHostIdByCredential(get().db, a)).toBeUndefined()
    expect(await findHostIdByCredential(get().db, b)).toBe(host.id)
  })

  test('a metrics batch is stored once even when replayed, with scores extracted', async () => {
    const host = await enrollHost(get().db, { hostname: 'metrics-host', labels: {} })
    const t0 = Date.now()
    const samples = Array.from({ length: 50 }, (_, i) => ({
      ts: t0 + i * 1000,
      metrics: { cpu_percent: i, ml_anomaly_score: i / 100, ml_confidence: 0.9 },
      ...(i === 0 ? { missing: { 'disk_percent': 'permission_denied' } } : {}),
    }))
    const ev = { type: 'metrics.batch' as const, payload: { samples } }
    expect(await ingestEvent(get().db, host.id, 'evt-metrics-00001', ev)).toBe('stored')
    expect(await ingestEvent(get().db, host.id, 'evt-metrics-00001', ev)).toBe('duplicate')
    const rows = await get().db.select().from(metricSamples).where(eq(metricSamples.hostId, host.id)).orderBy(metricSamples.ts)
    expect(rows).toHaveLength(50)
    expect(rows[49]!.anomalyScore).toBeCloseTo(0.49)
    expect(rows[49]!.metrics.cpu_percent).toBe(49)
    expect(rows[0]!.missing).toEqual({ disk_percent: 'permission_denied' })
    expect(rows[0]!.ts.getTime()).toBe(t0)
  })

  test('action events fill one row in any order', async () => {
    const host = await enrollHost(get().db, { hostname: 'action-host', labels: {} })
    const base = { action_id: 'act-000000001', decision_id: 'dec-000000001', rule: 'High CPU Usage', type: 'scale_up' as const }
    await ingestEvent(get().db, host.id, 'evt-fin-0001', {
      type: 'action.finished',
      payload: { ...base, ok: false, retryable: true, error: { code: 'timeout', message: 'took too long' }, started_at: 1000, finished_at: 3500 },
    })
    await ingestEvent(get().db, host.id, 'evt-start-001', {
      type: 'action.started',
      payload: { ...base, params: { group: 'web' }, target: 'web', started_at: 1000 },
    })
    const [row] = await get().db.select().from(actions).where(eq(actions.id, 'act-000000001'))
    expect(row).toMatchObject({ status: 'failed', durationMs: 2500, target: 'web', error: { code: 'timeout' } })
  })

  test('ruleset commits make increasing versions and refuse stale writers', async () => {
    const before = await currentRuleset(get().db)
    const rule = { name: 'r1', conditions: [{ metric: 'cpu_percent', operator: 'gt' as const, threshold: 90 }], actions: [{ type: 'send_alert' as const }], priority: 1, cooldown: '1m' }
    const v1 = await commitRuleset(get().db, { rules: [rule], author: 't', message: 'one', expectedVersion: before.version })
    expect('version' in v1 && v1.version).toBe(before.version + 1)
    const stale = await commitRuleset(get().db, { rules: [], author: 't', message: 'stale', expectedVersion: before.version })
    expect(stale).toEqual({ conflict: before.version + 1 })
    expect((await currentRuleset(get().db)).rules[0]!.name).toBe('r1')
  })
})
