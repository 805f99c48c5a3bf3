import { execFile, spawn } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { waitFor } from '@smartcloudops/test-support'
import type { Db } from '../../db/client'
import { parse, stringify } from 'yaml'
import { bundleCli } from '../../../build/bundle-cli'
import { enrollHost } from '../../db/queries/hosts'
import { ingestEvent } from '../../db/queries/ingest'
import { backends } from '../../../test-support/backends'
import { createTestApp, type TestApp } from '../../../test-support/test-app'

// The CLI as an operator runs it: a real child process (the bundle `pnpm build:cli` makes, built
// fresh here) against a real control plane listening on loopback, configured through the
// environment and a config file.

interface Run {
  code: number
  stdout: string
  stderr: string
}

describe('scops CLI against a running control plane', () => {
  let t: TestApp
  let drop: () => Promise<void>
  let url: string
  const home = mkdtempSync(join(tmpdir(), 'scops-cli-'))
  const ids: Record<string, string> = {}
  let bin: string
  let getDb: () => Db

  const scops = (args: string[], env: Record<string, string | undefined> = {}): Promise<Run> =>
    new Promise((resolve) => {
      execFile(
        process.execPath,
        [bin, ...args],
        { env: { PATH: process.env.PATH, HOME: home, SCOPS_URL: url, SCOPS_TOKEN: t.operator, ...env }, timeout: 60_000 },
        (err, stdout, stderr) => resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
      )
    })

  beforeAll(async () => {
    bin = await bundleCli(join(home, 'scops.mjs'))
    const handle = await backends[0]!.open()
    drop = handle.drop
    getDb = () => handle.database.db
    t = await createTestApp(handle.database)
    await t.app.listen({ host: '127.0.0.1', port: 0 })
    const addr = t.app.server.address()
    url = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`
    const db = handle.database.db
    for (const [name, labels] of [['cli-web-1', { role: 'web', env: 'prod' }], ['cli-web-2', { role: 'web', env: 'prod' }], ['cli-db-1', { role: 'db', env: 'prod' }]] as const) {
      ids[name] = (await enrollHost(db, { hostname: name, labels })).id
    }
    await ingestEvent(db, ids['cli-web-1']!, 'evt-cli-000001', {
      type: 'action.finished',
      payload: { action_id: 'act-cli-000001', decision_id: 'dec-cli-000001', rule: 'High CPU Usage', type: 'scale_up', ok: true, retryable: false, started_at: Date.now() - 500, finished_at: Date.now() },
    })
  }, 60_000)
  afterAll(async () => {
    await t.app.close()
    await drop()
  })

  test('hosts: a table for people, the API data with --json, narrowed by --selector', async () => {
    const table = await scops(['hosts', '--selector', 'role=web'])
    expect(table.code, table.stderr).toBe(0)
    expect(table.stdout.split('\n')[0]).toMatch(/^HOSTNAME\s+ID\s+STATE/)
    expect(table.stdout).toContain('cli-web-1')
    expect(table.stdout).not.toContain('cli-db-1')
    const json = await scops(['hosts', '--json'])
    expect(JSON.parse(json.stdout).hosts.map((h: { hostname: string }) => h.hostname).sort()).toEqual(['cli-db-1', 'cli-web-1', 'cli-web-2'])
  })

  test('host by hostname shows its recent actions; status summarises the fleet', async () => {
    const h = await scops(['host', 'cli-web-1'])
    expect(h.code, h.stderr).toBe(0)
    expect(h.stdout).toContain(ids['cli-web-1'])
    expect(h.stdout).toMatch(/High CPU Usage\s+scale_up\s+succeeded/)
    const s = await scops(['status'])
    expect(s.code, s.stderr).toBe(0)
    expect(s.stdout).toMatch(/hosts: 3 /)
  })

  test('actions: the table names the host of each action by hostname (the API data keeps the id with --json)', async () => {
    const a = await scops(['actions'])
    expect(a.code, a.stderr).toBe(0)
    expect(a.stdout).toMatch(/cli-web-1\s+High CPU Usage\s+scale_up\s+succeeded/)
    expect(a.stdout).not.toContain(ids['cli-web-1'])
    const json = JSON.parse((await scops(['actions', '--json'])).stdout)
    expect(json.actions[0].host_id).toBe(ids['cli-web-1'])
  })

  test('pause a group for 30m says how many hosts; the fleet status shows them paused; resume clears it', async () => {
    const p = await scops(['pause', '--selector', 'role=web', '--reason', 'deploy 42', '--for', '30m'])
    expect(p.code, p.stderr).toBe(0)
    expect(p.stdout).toMatch(/paused: hosts matching role=web — 2 host\(s\) now/)
    const st = JSON.parse((await scops(['status', '--json'])).stdout)
    expect(st.hosts.paused).toBe(2)
    expect(st.active_overrides[0]).toMatchObject({ mode: 'paused', reason: 'deploy 42' })
    const typo = await scops(['dry-run', '--selector', 'role=wbe'])
    expect(typo.stdout).toContain('warning: matches no enrolled host')
    // A set-based selector: shown canonical, counted, listed in the status table, resumed by the same group typed otherwise.
    const set = await scops(['dry-run', '--selector', 'role notin (db),env in (prod)', '--reason', 'set'])
    expect(set.code, set.stderr).toBe(0)
    expect(set.stdout).toMatch(/dry-run: hosts matching env=prod,role!=db — 2 host\(s\) now/)
    expect((await scops(['status'])).stdout).toMatch(/dry_run\s+group\s+env=prod,role!=db\s/)
    expect((await scops(['resume', '--selector', 'env=prod,role!=db'])).stdout).toMatch(/cleared 1 override/)
    const host = await scops(['pause', '--host', 'cli-db-1'])
    expect(host.stdout).toContain(`host ${ids['cli-db-1']} — 1 host(s) now`)
    const r = await scops(['resume', '--selector', 'role=web'])
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toMatch(/cleared 1 override/)
    expect(JSON.parse((await scops(['status', '--json'])).stdout).hosts.paused).toBe(1)
  })

  test('rules export → diff → apply: no-op makes no version; an edit shows a plan and makes one', async () => {
    const exp = await scops(['rules', 'export'])
    expect(exp.code, exp.stderr).toBe(0)
    const file = join(home, 'rules.yaml')
    writeFileSync(file, exp.stdout)
    const same = await scops(['rules', 'diff', file])
    expect(same.code).toBe(0)
    expect(same.stdout).toContain('no changes')
    const noop = await scops(['rules', 'apply', file])
    expect(noop.code).toBe(0)
    expect(noop.stdout).toContain('no new version made')
    const before = JSON.parse((await scops(['status', '--json'])).stdout).ruleset_version
    const doc = parse(exp.stdout) as { rules?: { name: string; cooldown: string }[] } | { name: string; cooldown: string }[]
    const list = Array.isArray(doc) ? doc : doc.rules!
    list.find((r) => r.name === 'High CPU Usage')!.cooldown = '15m'
    writeFileSync(file, stringify(doc))
    const diff = await scops(['rules', 'diff', file])
    expect(diff.code).toBe(10)
    expect(diff.stdout).toMatch(/~ High CPU Usage\s+\(cooldown\)/)
    const apply = await scops(['rules', 'apply', file, '--message', 'cpu 85'])
    expect(apply.code, apply.stderr).toBe(0)
    expect(apply.stdout).toContain(`applied: ruleset version ${before + 1}`)
    writeFileSync(file, 'rules:\n  - name: x\n    conditions: []\n')
    const bad = await scops(['rules', 'apply', file])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain('not a valid rules file')
  })

  test('tokens: an admin creates and revokes; an operator is refused with exit 3', async () => {
    const denied = await scops(['tokens', 'list'])
    expect(denied.code).toBe(3)
    expect(denied.stderr).toContain('admin')
    const c = await scops(['tokens', 'create', 'ci-bot', '--role', 'viewer', '--json'], { SCOPS_TOKEN: t.admin })
    expect(c.code, c.stderr).toBe(0)
    const made = JSON.parse(c.stdout)
    // The new token works as a viewer and not as an operator.
    expect((await scops(['hosts'], { SCOPS_TOKEN: made.token })).code).toBe(0)
    expect((await scops(['pause'], { SCOPS_TOKEN: made.token })).code).toBe(3)
    expect((await scops(['tokens', 'revoke', made.id], { SCOPS_TOKEN: t.admin })).code).toBe(0)
    expect((await scops(['hosts'], { SCOPS_TOKEN: made.token })).code).toBe(3)
  })

  test('actions --follow prints an action the moment the control plane records it, one JSON line each', async () => {
    const child = spawn(process.execPath, [bin, 'actions', '--follow', '--json', '--host', 'cli-web-2'], {
      env: { PATH: process.env.PATH, HOME: home, SCOPS_URL: url, SCOPS_TOKEN: t.viewer },
    })
    let out = ''
    child.stdout.on('data', (b: Buffer) => (out += b.toString()))
    try {
      await ingestEvent(getDb(), ids['cli-web-2']!, 'evt-cli-000002', {
        type: 'action.started',
        payload: { action_id: 'act-cli-000002', decision_id: 'dec-cli-000002', rule: 'High Memory Usage', type: 'clear_cache', params: {}, started_at: Date.now() },
      })
      const line = await waitFor(() => out.split('\n').find((l) => l.includes('act-cli-000002')), { timeoutMs: 30_000, description: 'the followed action' })
      expect(JSON.parse(line)).toMatchObject({ id: 'act-cli-000002', status: 'started', host_id: ids['cli-web-2'] })
    } finally {
      const exited = new Promise((resolve) => child.once('exit', resolve))
      child.kill('SIGINT')
      expect(await exited).toBe(0)
    }
  })

  test('alerts: a table newest first, narrowed by state, severity and host; --json for scripts; bad flags exit 2', async () => {
    const db = getDb()
    const raise = (host: string, n: number, severity: 'info' | 'warning' | 'critical', summary: string, decisionId?: string) =>
      ingestEvent(db, ids[host]!, `evt-cli-alert-${n}`, {
        type: 'alert',
        payload: { alert_id: `alr-cli-00000${n}`, severity, summary, rule: 'High CPU Usage', raised_at: Date.now() - 10_000 + n, ...(decisionId ? { decision_id: decisionId } : {}) },
      })
    await raise('cli-web-1', 1, 'critical', 'cpu still high after scale_up', 'dec-cli-000001')
    await raise('cli-db-1', 2, 'warning', 'disk filling on db')
    // The verification of the decision that raised alert 1 clears: that alert is resolved.
    await ingestEvent(db, ids['cli-web-1']!, 'evt-cli-alert-verify', {
      type: 'action.verified',
      payload: { action_id: 'act-cli-000001', decision_id: 'dec-cli-000001', rule: 'High CPU Usage', cleared: true, window_s: 60, checked_at: Date.now() },
    })

    const all = await scops(['alerts'], { SCOPS_TOKEN: t.viewer })
    expect(all.code, all.stderr).toBe(0)
    const lines = all.stdout.trim().split('\n')
    expect(lines[0]).toMatch(/^RAISED\s+HOST\s+SEVERITY\s+STATE\s+RULE\s+DELIVERY\s+SUMMARY$/)
    // Newest first: alert 2 (db) was raised after alert 1 (web).
    expect(lines.slice(1).map((l) => l.split(/\s+/)[1])).toEqual(['cli-db-1', 'cli-web-1'])
    expect(lines[2]).toMatch(/cli-web-1\s+critical\s+resolved\s+High CPU Usage/)

    const firing = await scops(['alerts', '--state', 'firing', '--json'])
    expect(firing.code, firing.stderr).toBe(0)
    const f = JSON.parse(firing.stdout)
    expect(f.alerts.map((a: { id: string; status: string }) => [a.id, a.status])).toEqual([['alr-cli-000002', 'firing']])
    expect(f.total).toBe(1)

    const crit = await scops(['alerts', '--severity', 'critical'])
    expect(crit.stdout).toContain('cpu still high after scale_up')
    expect(crit.stdout).not.toContain('disk filling on db')
    const byHost = await scops(['alerts', '--host', 'cli-db-1', '--json'])
    expect(JSON.parse(byHost.stdout).alerts.map((a: { hostname: string }) => a.hostname)).toEqual(['cli-db-1'])
    const limited = await scops(['alerts', '--limit', '1'])
    expect(limited.stdout).toContain('(1 of 2 shown')

    const badState = await scops(['alerts', '--state', 'open'])
    expect(badState.code).toBe(2)
    expect(badState.stderr).toContain('--state must be one of firing, resolved')
    expect((await scops(['alerts', '--host', 'no-such-host'])).code).toBe(4)
    expect((await scops(['alerts'], { SCOPS_TOKEN: undefined })).code).toBe(3)
  })

  test('config file, exit codes and errors that say what to do', async () => {
    const cfg = join(home, 'scops.yaml')
    writeFileSync(cfg, `url: ${url}\ntoken: ${t.viewer}\n`)
    expect((await scops(['hosts', '--config', cfg], { SCOPS_URL: undefined, SCOPS_TOKEN: undefined })).code).toBe(0)
    const none = await scops(['hosts'], { SCOPS_TOKEN: undefined })
    expect(none.code).toBe(3)
    expect(none.stderr).toContain('SCOPS_TOKEN')
    const missing = await scops(['host', 'no-such-host'])
    expect(missing.code).toBe(4)
    const down = await scops(['status'], { SCOPS_URL: 'http://127.0.0.1:9' })
    expect(down.code).toBe(5)
    expect(down.stderr).toContain('cannot reach the control plane')
    const usage = await scops(['pause', '--selector', 'a=b', '--host', 'x'])
    expect(usage.code).toBe(2)
    const badSel = await scops(['hosts', '--selector', 'env===prod'])
    expect(badSel.code).toBe(1)
    expect(badSel.stderr).toContain('selector')
  })
})
