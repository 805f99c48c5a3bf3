import { afterAll, beforeAll, expect, test } from 'vitest'
import { enrollHost } from '../../db/queries/hosts'
import { ingestEvent } from '../../db/queries/ingest'
import { describeEachBackend } from '../../../test-support/backends'
import { createTestApp, type TestApp } from '../../../test-support/test-app'

// GET /activity: decisions, suppressions, dry-runs and actions counted per bucket by the database,
// on PGlite and PostgreSQL. The events are ingested as agents send them, at known times.

const MIN = 60_000
const HOUR = 60 * MIN

describeEachBackend('remediation activity over time', (get) => {
  let t: TestApp
  const ids: Record<string, string> = {}
  // A whole hour, three hours ago: every event lies in the past, at a known offset from t0.
  const t0 = Math.floor(Date.now() / HOUR) * HOUR - 3 * HOUR
  const iso = (ms: number) => new Date(ms).toISOString()

  beforeAll(async () => {
    t = await createTestApp(get())
    ids.a = (await enrollHost(get().db, { hostname: 'act-a', labels: { role: 'web' } })).id
    ids.b = (await enrollHost(get().db, { hostname: 'act-b', labels: { role: 'db' } })).id
    let n = 0
    const decision = (host: string, at: number, outcome: 'execute' | 'dry_run' | 'suppressed', suppressed_by: 'none' | 'override_dry_run' | 'cooldown') =>
      ingestEvent(get().db, ids[host]!, `evt-act-${++n}`, {
        type: 'decision',
        payload: {
          decision_id: `dec-act-${n}`,
          rule: 'High CPU Usage',
          priority: 2,
          ruleset_version: 1,
          sample_ts: at,
          outcome,
          suppressed_by,
          override_mode: outcome === 'dry_run' ? 'dry_run' : 'enabled',
          reason: 'test',
          conditions: [{ metric: 'cpu_percent', operator: 'gt', threshold: 80, observed: 97, held: true }],
          actions: [{ type: 'scale_up' }],
        },
      })
    const action = (host: string, at: number, ok: boolean) =>
      ingestEvent(get().db, ids[host]!, `evt-act-${++n}`, {
        type: 'action.finished',
        payload: { action_id: `act-act-${n}`, decision_id: `dec-act-${n}`, rule: 'High CPU Usage', type: 'scale_up', ok, retryable: false, started_at: at, finished_at: at + 1000 },
      })
    // Hour 1: a: execute (and its action), suppressed by cooldown, and one at exactly t0; b: execute.
    await decision('a', t0, 'execute', 'none')
    await decision('a', t0 + MIN, 'execute', 'none')
    await action('a', t0 + MIN, true)
    await decision('a', t0 + 2 * MIN, 'suppressed', 'cooldown')
    await decision('b', t0 + 30 * MIN, 'execute', 'none')
    // Hour 2: a: dry-run, a failed action.
    await decision('a', t0 + 61 * MIN, 'dry_run', 'override_dry_run')
    await action('a', t0 + 62 * MIN, false)
    // At the end of the range: not in it (to is exclusive).
    await decision('b', t0 + 2 * HOUR, 'execute', 'none')
  })
  afterAll(async () => {
    await t.app.close()
  })

  const activity = (q: string) => t.call('GET', `/api/v1/activity?${q}`, undefined, t.viewer)

  test('counts per bucket for the fleet, one host and a selector; empty buckets are zeros', async () => {
    const fleet = await activity(`from=${iso(t0)}&to=${iso(t0 + 2 * HOUR)}&bucket=1h`)
    expect(fleet.status, JSON.stringify(fleet.json)).toBe(200)
    expect(fleet.json.data).toMatchObject({ from: iso(t0), to: iso(t0 + 2 * HOUR), bucket_s: 3600, target: 'the whole fleet' })
    expect(fleet.json.data.buckets).toEqual([
      { start: iso(t0), decisions: 4, suppressed: 1, dry_run: 0, actions: 1, failed_actions: 0 },
      { start: iso(t0 + HOUR), decisions: 1, suppressed: 0, dry_run: 1, actions: 1, failed_actions: 1 },
    ])
    const b = await activity(`host_id=${ids.b}&from=${iso(t0)}&to=${iso(t0 + 2 * HOUR)}&bucket=30m`)
    expect(b.json.data.buckets.map((x: { decisions: number }) => x.decisions)).toEqual([0, 1, 0, 0])
    const web = await activity(`selector=${encodeURIComponent('role notin (db)')}&from=${iso(t0)}&to=${iso(t0 + 2 * HOUR)}&bucket=1h`)
    expect(web.json.data.buckets.map((x: { decisions: number; actions: number }) => [x.decisions, x.actions])).toEqual([
      [3, 1],
      [1, 1],
    ])
    const none = await activity(`selector=role=cache&from=${iso(t0)}&to=${iso(t0 + HOUR)}&bucket=10m`)
    expect(none.json.data.buckets).toHaveLength(6)
    expect(none.json.data.buckets.every((x: { decisions: number; actions: number }) => x.decisions === 0 && x.actions === 0)).toBe(true)
  })

  test('without from/to/bucket: the last 24 h in at most 60 buckets that cover it', async () => {
    const r = await activity('')
    expect(r.status).toBe(200)
    const d = r.json.data
    expect(Date.parse(d.to) - Date.parse(d.from)).toBe(24 * HOUR)
    expect(d.buckets.length).toBeLessThanOrEqual(60)
    expect(d.buckets.length * d.bucket_s * 1000).toBeGreaterThanOrEqual(24 * HOUR)
    // Everything ingested above (but the decision at the range's end is in it now too) is counted once.
    expect(d.buckets.reduce((n: number, x: { decisions: number }) => n + x.decisions, 0)).toBe(6)
  })

  test('bad ranges and buckets are 400s that say what to change', async () => {
    const backwards = await activity(`from=${iso(t0 + HOUR)}&to=${iso(t0)}`)
    expect(backwards.status).toBe(400)
    expect(backwards.json.error.code).toBe('invalid_range')
    expect((await activity(`from=${iso(t0 - 100 * 24 * HOUR)}&to=${iso(t0)}`)).json.error.code).toBe('invalid_range')
    const tiny = await activity(`from=${iso(t0)}&to=${iso(t0 + HOUR)}&bucket=1s`)
    expect(tiny.json.error).toMatchObject({ code: 'invalid_bucket' })
    const many = await activity(`from=${iso(t0 - 20 * 24 * HOUR)}&to=${iso(t0)}&bucket=10s`)
    expect(many.status).toBe(400)
    expect(many.json.error.message).toContain('at most 1000')
    expect((await activity('bucket=5x')).status).toBe(400)
    expect((await activity('from=yesterday')).status).toBe(400)
    expect((await activity(`selector=${encodeURIComponent('role in web')}`)).json.error.code).toBe('invalid_selector')
  })
})
