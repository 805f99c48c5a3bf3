import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { serializeRules } from '@smartcloudops/shared/rules/yaml'
import { defaultRules } from '@smartcloudops/shared/rules/defaults'
import type { Rule } from '@smartcloudops/shared'
import { enrollHost } from '../../db/queries/hosts'
import { ingestEvent } from '../../db/queries/ingest'
import { backends } from '../../../test-support/backends'
import { createTestApp, type TestApp } from '../../../test-support/test-app'
import { run } from './main'

// The plan before applying a rules file from git: `rules diff` / `rules apply` print what the file
// would have done over the last --since beside the current ruleset, and `rules replay` answers it
// alone; through the generated client against a control plane listening on loopback.

describe('scops rules diff / apply / replay: the what-if', () => {
  let t: TestApp
  let drop: () => Promise<void>
  let url: string
  const dir = mkdtempSync(join(tmpdir(), 'scops-replay-'))
  const now = Date.now()

  const scops = async (args: string[]) => {
    let stdout = ''
    let stderr = ''
    const code = await run(args, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), env: { SCOPS_URL: url, SCOPS_TOKEN: t.operator, HOME: dir } })
    return { code, stdout, stderr }
  }
  /** The default rules with High CPU Usage at cpu > 70 instead of > 90 (and the model's word still needed). */
  const file = join(dir, 'rules.yaml')
  const edited = defaultRules.map((r) =>
    r.name === 'High CPU Usage' ? { ...r, conditions: r.conditions.map((c) => (c.metric === 'cpu_percent' ? { ...c, threshold: 70 } : c)) } : r,
  ) as Rule[]

  beforeAll(async () => {
    const handle = await backends[0]!.open()
    drop = handle.drop
    t = await createTestApp(handle.database)
    await t.app.listen({ host: '127.0.0.1', port: 0 })
    const addr = t.app.server.address()
    url = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`
    const db = handle.database.db
    const h = (await enrollHost(db, { hostname: 'whatif-1', labels: { env: 'prod' } })).id
    // One hour, a sample a minute: cpu 80 (above 70, below 90) with an unusual score, the whole time.
    const samples = Array.from({ length: 60 }, (_, i) => ({ ts: now - 3_600_000 + i * 60_000, metrics: { cpu_percent: 80, ml_anomaly_score: 0.95 } }))
    await ingestEvent(db, h, 'evt-whatif-m', { type: 'metrics.batch', payload: { samples } })
    writeFileSync(file, serializeRules(edited))
  }, 120_000)
  afterAll(async () => {
    await t?.app.close()
    await drop?.()
  })

  test('diff shows the change and that the file would act where the current rules do not', async () => {
    const d = await scops(['rules', 'diff', file, '--since', '2h'])
    expect(d.code, d.stderr).toBe(10)
    expect(d.stdout).toMatch(/~ High CPU Usage\s+\(conditions\)/)
    // cooldown 10m over 60 one-minute samples at cpu 80: the file fires at minutes 0, 10, …, 50 (scale_up and
    // send_alert each time: 12 actions, none of which ran); the current rules (> 90) never.
    expect(d.stdout).toMatch(/High CPU Usage\s+6\s+0\s+12\s+0\s+0\s+12\s+0\s+cooldown 54/)
    expect(d.stdout).toContain('totals: the file would act 6 times, the current ruleset 0; 0 actions ran')
    const skipped = await scops(['rules', 'diff', file, '--since', '0'])
    expect(skipped.stdout).not.toContain('what-if')
  })

  test('replay --json is the API answer; a --since past 7 days is a usage error', async () => {
    const r = await scops(['rules', 'replay', file, '--since', '2h', '--json'])
    expect(r.code, r.stderr).toBe(0)
    const data = JSON.parse(r.stdout)
    expect(data.samples).toBe(60)
    expect(data.totals).toMatchObject({ would_act: 6, current_would_act: 0 })
    const far = await scops(['rules', 'replay', file, '--since', '9d'])
    expect(far.code).toBe(2)
    expect(far.stderr).toContain('--since must be at most')
  })

  test('apply prints the what-if in its plan, then applies', async () => {
    const a = await scops(['rules', 'apply', file, '--since', '2h', '--message', 'cpu 70'])
    expect(a.code, a.stderr).toBe(0)
    expect(a.stdout).toMatch(/plan against ruleset version 1:[\s\S]*what-if over[\s\S]*High CPU Usage\s+6\s+0[\s\S]*applied: ruleset version 2/)
  })
})
