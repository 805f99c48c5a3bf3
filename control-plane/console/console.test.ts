import { existsSync, mkdirSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { waitFor } from '@smartcloudops/test-support'
import { bundleConsole } from '../build/bundle-console'
import { backends } from '../test-support/backends'
import { FakeAgent, helloPayload } from '../test-support/fake-agent'
import { createTestApp, type TestApp } from '../test-support/test-app'

// The console in real Chromium (Debian's, driven by playwright-core) against a listening control
// plane with protocol-faithful agents over real WebSockets. Screenshots go to SCOPS_SCREENSHOT_DIR
// (CI prints the paths), else a temporary folder.

const executablePath = process.env.SCOPS_CHROMIUM ?? '/usr/bin/chromium'
const present = existsSync(executablePath)
if (!present && process.env.SCOPS_REQUIRE_CHROMIUM === '1') throw new Error(`SCOPS_REQUIRE_CHROMIUM=1 but there is no Chromium at ${executablePath} (apt-get install chromium)`)
if (!present) console.warn(`[test-support] skipping console suites: no Chromium at ${executablePath} (apt-get install chromium)`)

const shots = process.env.SCOPS_SCREENSHOT_DIR ?? mkdtempSync(join(tmpdir(), 'scops-console-shots-'))

;(present ? describe : describe.skip)('web console in Chromium', () => {
  let t: TestApp
  let drop: () => Promise<void>
  let base: string
  let browser: Browser
  const agents: { agent: FakeAgent; hostId: string; hostname: string }[] = []
  let lastSampleTs = 0

  async function agent(hostname: string, labels: Record<string, string>, enrollToken: string) {
    const r = await t.call('POST', '/api/v1/agents/enroll', { token: enrollToken, hostname, labels, agent_version: '1.2.3' }, null)
    // On main an agent's own labels are only reported_labels: an admin sets the labels that select it.
    expect((await t.call('PUT', `/api/v1/hosts/${r.json.data.host_id}/labels`, { labels })).status).toBe(200)
    const a = await FakeAgent.connect(`${base.replace(/^http/, 'ws')}/api/v1/agent/ws`, r.json.data.credential)
    a.send('hello', helloPayload(hostname, labels))
    const ds = await a.next('desired_state')
    a.send('desired_state.ack', { revision: ds.payload.revision, ruleset_version: ds.payload.ruleset.version, applied: true })
    agents.push({ agent: a, hostId: r.json.data.host_id, hostname })
    return a
  }

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true })
    const dir = await bundleConsole(mkdtempSync(join(tmpdir(), 'scops-console-')))
    const handle = await backends[0]!.open()
    drop = handle.drop
    // These agents do not heartbeat: at the test default (1 s) the gateway drops them after 10 s of
    // silence, which a loaded machine reaches before the pause test. 30 s keeps them for 300 s.
    t = await createTestApp(handle.database, { consoleDir: dir, heartbeatIntervalS: 30 })
    base = await t.app.listen({ host: '127.0.0.1', port: 0 })
    const enroll = (await t.call('POST', '/api/v1/enrollment-tokens', { name: 'console', max_uses: 10 })).json.data.token
    await agent('web-1', { role: 'web', env: 'prod' }, enroll)
    await agent('web-2', { role: 'web', env: 'prod' }, enroll)
    const db1 = await agent('db-1', { role: 'db', env: 'prod' }, enroll)
    // A minute of samples for the drill-down chart, rising into an anomaly; the scores ≥ 0.9 carry
    // the model's explanation (cpu drove most of it), as an agent sends them.
    const now = Date.now()
    const samples = Array.from({ length: 60 }, (_, i) => ({
      ts: now - (60 - i) * 1000,
      metrics: { cpu_percent: 20 + i, memory_percent: 40, ml_anomaly_score: i / 60 },
      ...(i / 60 >= 0.9 ? { explanation: [{ metric: 'cpu_percent', contribution: 0.7 }, { metric: 'memory_percent', contribution: 0.3 }] } : {}),
    }))
    const id = db1.send('metrics.batch', { samples })
    await db1.next('ack', (m) => m.payload.ids.includes(id))
    // A decision on the last (highest-scored) sample that used the score, and an action on web-1:
    // the activity chart's counts and the decision's drivers.
    lastSampleTs = samples[59]!.ts
    const dec = db1.send('decision', {
      decision_id: 'dec-console-0001',
      rule: 'Anomaly (console test)',
      priority: 1,
      ruleset_version: 1,
      sample_ts: lastSampleTs,
      outcome: 'dry_run',
      suppressed_by: 'override_dry_run',
      override_mode: 'dry_run',
      reason: 'ml_anomaly_score 0.983 > 0.9; dry run: would have acted',
      conditions: [{ metric: 'ml_anomaly_score', operator: 'gt', threshold: 0.9, observed: 59 / 60, held: true }],
      actions: [{ type: 'send_alert' }],
    })
    await db1.next('ack', (m) => m.payload.ids.includes(dec))
    const web1 = agents[0]!.agent
    const act = web1.send('action.finished', { action_id: 'act-console-0001', decision_id: 'dec-console-0002', rule: 'High CPU Usage', type: 'scale_up', ok: true, retryable: false, started_at: now - 5000, finished_at: now - 4000 })
    await web1.next('ack', (m) => m.payload.ids.includes(act))
    // A second ruleset version: High CPU Usage's cooldown changed.
    const v1 = (await t.call('GET', '/api/v1/rulesets/export?format=json')).json
    const rules = (Array.isArray(v1) ? v1 : v1.rules) as { name: string; cooldown: unknown }[]
    rules.find((r) => r.name === 'High CPU Usage')!.cooldown = '17m'
    expect((await t.call('PUT', '/api/v1/rulesets', { rules, message: 'cpu cooldown 17m' }, t.operator)).status).toBe(200)
    browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-gpu'] })
  }, 120_000)

  afterAll(async () => {
    await browser?.close()
    for (const a of agents) a.agent.close()
    await t?.app.close()
    await drop?.()
  })

  async function signIn(token: string): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } })
    page.setDefaultTimeout(60_000)
    await page.goto(base + '/')
    await page.fill('input[name=token]', token)
    await page.click('button[type=submit]')
    await page.waitForSelector('[data-testid=whoami]')
    return page
  }

  test('a wrong token is refused on the sign-in page; a viewer sees the fleet and no controls', async () => {
    const page = await browser.newPage()
    await page.goto(base + '/')
    await page.fill('input[name=token]', 'scops_adm_not-a-token')
    await page.click('button[type=submit]')
    expect(await page.textContent('[role=alert]')).toContain('not valid')
    await page.close()

    const viewer = await signIn(t.viewer)
    await viewer.waitForSelector('[data-testid=hosts] >> text=web-1')
    const rows = await viewer.$$eval('[data-testid=hosts] tr td:first-child', (tds) => tds.map((td) => td.textContent))
    expect(rows.sort()).toEqual(['db-1', 'web-1', 'web-2'])
    expect(await viewer.textContent('[data-testid=whoami]')).toContain('viewer')
    expect(await viewer.$('[data-testid=controls]')).toBeNull()
    await viewer.close()
  })

  test('an operator pauses a set-based group through the UI: the confirmation counts the hosts, exactly those agents receive paused', { timeout: 240_000 }, async () => {
    const page = await signIn(t.operator)
    await page.waitForSelector('[data-testid=controls]')
    await page.selectOption('select[name=scope]', 'group')
    await page.fill('input[name=target]', 'role notin (db)')
    await page.fill('input[name=reason]', 'deploy from the console')
    await page.click('[data-testid=apply]')
    expect(await (await page.waitForSelector('[data-testid=confirm-count]')).textContent()).toBe('2')
    await page.screenshot({ path: join(shots, 'console-confirm.png') })
    const since = agents.map((a) => a.agent.received.length)
    await page.click('[data-testid=confirm-yes]')
    // The console says the pause was made (its POST answered) before the agents are asked about it;
    // the bounds are generous because Chromium shares 2 loaded cores with the rest of the suite in CI.
    expect(await (await page.waitForSelector('[data-testid=control-message]', { timeout: 60_000 })).textContent()).toContain('Paused: 2 host(s)')
    for (const [i, a] of agents.entries()) {
      if (a.hostname === 'db-1') continue
      const ds = await a.agent.next('desired_state', (m) => m.payload.override.mode === 'paused', { after: since[i], timeoutMs: 60_000 })
      expect(ds.payload.override).toMatchObject({ mode: 'paused', scope: 'group', reason: 'deploy from the console' })
    }
    await waitFor(async () => (await page.textContent('[data-testid=paused-count]')) === '2', { timeoutMs: 60_000, description: 'the overview to show 2 paused hosts' })
    // db-1 stays enabled, and the override shows its selector in canonical form (a one-value notin is !=).
    expect((await t.call('GET', `/api/v1/hosts/${agents.find((a) => a.hostname === 'db-1')!.hostId}`)).json.data.effective_override.mode).toBe('enabled')
    expect(await page.textContent('[data-testid=overrides]')).toContain('role!=db')
    await page.screenshot({ path: join(shots, 'console-overview.png'), fullPage: true })
    console.log(`[console] screenshots: ${join(shots, 'console-confirm.png')} ${join(shots, 'console-overview.png')}`)
    await page.close()
  })

  test('the host drill-down charts its samples and shows its state', async () => {
    const page = await signIn(t.viewer)
    await page.click('[data-testid=hosts] >> text=db-1')
    await page.waitForSelector('[data-testid=host-title]')
    const chart = await page.waitForSelector('[data-testid=chart] canvas')
    expect(await page.getAttribute('[data-testid=chart]', 'data-points')).toBe('60')
    const box = await chart.boundingBox()
    expect(box!.width).toBeGreaterThan(300)
    // uPlot draws on the canvas: some pixels are not blank.
    const drawn = await page.$eval('[data-testid=chart] canvas', (c) => {
      const ctx = (c as HTMLCanvasElement).getContext('2d')!
      const d = ctx.getImageData(0, 0, (c as HTMLCanvasElement).width, (c as HTMLCanvasElement).height).data
      let n = 0
      for (let i = 3; i < d.length; i += 4) if (d[i]! > 0) n++
      return n
    })
    expect(drawn).toBeGreaterThan(500)
    expect(await page.textContent('.u-legend')).toContain('anomaly score')
    await page.screenshot({ path: join(shots, 'console-host.png'), fullPage: true })
    console.log(`[console] screenshot: ${join(shots, 'console-host.png')}`)
    await page.close()
  })

  test('the drill-down shows the metrics that drove the high scores, and a decision that used the score shows them', async () => {
    const page = await signIn(t.viewer)
    await page.click('[data-testid=hosts] >> text=db-1')
    await page.waitForSelector('[data-testid=chart] canvas')
    const rows = await page.$$eval('[data-testid=driver-row]', (trs) => trs.map((tr) => Array.from(tr.querySelectorAll('td'), (td) => td.textContent)))
    // Six samples scored >= 0.9 with an explanation; the five highest are listed, highest first.
    expect(rows.map((r) => r[1])).toEqual([59, 58, 57, 56, 55].map((i) => (i / 60).toFixed(3)))
    expect(rows[0]![2]).toBe('cpu_percent 70%, memory_percent 30%')
    expect(await page.textContent('[data-testid=decision-drivers]')).toBe('anomaly score driven by cpu_percent 70%, memory_percent 30%')
    expect(await page.textContent('[data-testid=decisions]')).toContain(new Date(lastSampleTs).toISOString())
    await page.screenshot({ path: join(shots, 'console-host-drivers.png'), fullPage: true })
    console.log(`[console] screenshot: ${join(shots, 'console-host-drivers.png')}`)
    await page.close()
  })

  test('the overview charts remediation activity from the aggregated API and lists the versions in use', async () => {
    const page = await signIn(t.viewer)
    const chart = await page.waitForSelector('[data-testid=activity-chart] canvas')
    // What the agents sent in beforeAll: one decision (db-1) and one action (web-1) in the last 24 h.
    expect(await page.getAttribute('[data-testid=activity-chart]', 'data-decisions')).toBe('1')
    expect(await page.getAttribute('[data-testid=activity-chart]', 'data-actions')).toBe('1')
    expect(Number(await page.getAttribute('[data-testid=activity-chart]', 'data-buckets'))).toBeGreaterThan(1)
    expect((await chart.boundingBox())!.width).toBeGreaterThan(300)
    const agentRows = await page.$$eval('[data-testid=agent-versions] tr td', (tds) => tds.map((td) => td.textContent))
    // The version each agent said in its hello (enrollment's is replaced by it).
    expect(agentRows).toEqual([helloPayload('x', {}).agent_version, '3'])
    expect(await page.textContent('[data-testid=ruleset-versions-in-use]')).toContain('v1')
    // A longer range asks the API again (the totals stay: nothing older was recorded).
    await page.selectOption('[data-testid=activity-range]', '7d')
    await waitFor(async () => (await page.textContent('[data-testid=activity-totals]'))?.includes('3600s buckets') || (await page.textContent('[data-testid=activity-totals]'))?.includes('10800s buckets'), {
      timeoutMs: 30_000,
      description: 'the 7-day activity',
    })
    expect(await page.getAttribute('[data-testid=activity-chart]', 'data-actions')).toBe('1')
    await page.screenshot({ path: join(shots, 'console-overview-activity.png'), fullPage: true })
    console.log(`[console] screenshot: ${join(shots, 'console-overview-activity.png')}`)
    await page.close()
  })

  test('rulesets: versions listed, the current one as YAML, a diff of the last two, an older version on demand', async () => {
    const page = await signIn(t.viewer)
    await page.click('[data-testid=nav-rulesets]')
    await page.waitForSelector('[data-testid=ruleset-versions]')
    const versions = await page.$$eval('[data-testid=ruleset-versions] tr[data-version]', (trs) => trs.map((tr) => tr.getAttribute('data-version')))
    expect(versions).toEqual(['2', '1'])
    expect(await page.textContent('[data-testid=ruleset-versions] tr[data-version="2"]')).toContain('cpu cooldown 17m')
    expect(await (await page.waitForSelector('[data-testid=ruleset-yaml][data-version="2"]')).textContent()).toMatch(/cooldown: 17m/)
    const diff = await (await page.waitForSelector('[data-testid=diff-changed]')).textContent()
    expect(diff).toContain('High CPU Usage')
    expect(diff).toContain('(cooldown)')
    expect(diff).toContain('"17m"')
    expect(await page.$$('[data-testid=diff-added]')).toHaveLength(0)
    await page.screenshot({ path: join(shots, 'console-rulesets.png'), fullPage: true })
    await page.click('[data-testid=show-1]')
    const older = await (await page.waitForSelector('[data-testid=ruleset-yaml][data-version="1"]')).textContent()
    expect(older).toContain('High CPU Usage')
    expect(older).not.toMatch(/cooldown: 17m/)
    // Diff in the other direction, chosen in the form.
    await page.selectOption('select[name=from]', '2')
    await page.selectOption('select[name=to]', '1')
    await waitFor(async () => (await page.textContent('[data-testid=ruleset-diff]'))?.includes('v2 → v1'), { timeoutMs: 30_000, description: 'the reversed diff' })
    console.log(`[console] screenshot: ${join(shots, 'console-rulesets.png')}`)
    await page.close()
  })

  // Last: a ruleset rollout stores a new ruleset version, which the rulesets test above counts.
  test('the overview shows a staged rollout in progress with its stage, and why it ended', async () => {
    const page = await signIn(t.viewer)
    await page.waitForSelector('[data-testid=rollouts-none]')
    const current = (await t.call('GET', '/api/v1/rulesets/export?format=json')).json
    const rules = (Array.isArray(current) ? current : current.rules) as { name: string; cooldown: unknown }[]
    rules.find((r) => r.name === 'High CPU Usage')!.cooldown = '19m'
    // A canary no host matches: nothing is pushed to the test's agents while it runs.
    const created = await t.call('POST', '/api/v1/rollouts', { kind: 'ruleset', rules, stages: [{ selector: 'role=canary-none', soak: '10m' }, { percent: 100, soak: '10m' }] }, t.operator)
    expect(created.status, JSON.stringify(created.json)).toBe(201)
    const id = created.json.data.id as string
    const row = await page.waitForSelector(`[data-testid=rollouts-active] tr[data-rollout="${id}"]`)
    const text = (await row.textContent()) ?? ''
    // Running, or already paused by the driver's first tick (a canary that matches no host is not promoted).
    expect(text).toMatch(/running|paused/)
    expect(text).toContain('1 of 2')
    expect(text).toContain('hosts matching role=canary-none')
    expect(text).toMatch(/ruleset v\d+ → v\d+/)
    await page.screenshot({ path: join(shots, 'console-overview-rollout.png'), fullPage: true })
    console.log(`[console] screenshot: ${join(shots, 'console-overview-rollout.png')}`)
    expect((await t.call('POST', `/api/v1/rollouts/${id}/abort`, { reason: 'console test: abort' }, t.operator)).status).toBe(200)
    const ended = await page.waitForSelector(`[data-testid=rollouts-finished] tr[data-rollout="${id}"]`)
    expect(await ended.textContent()).toContain('aborted')
    await page.waitForSelector('[data-testid=rollouts-none]')
    await page.close()
  })

  test('the overview names the host of each recent action and links to its drill-down', async () => {
    const web1 = agents[0]!
    const page = await signIn(t.viewer)
    const row = await page.waitForSelector('[data-testid=recent-actions] tr:has-text("scale_up")')
    const link = await row.$(`a[href="#/hosts/${web1.hostId}"]`)
    expect(await link?.textContent()).toBe(web1.hostname)
    await page.close()
  })

  test('the overview lists recent alerts with their host, severity and delivery', async () => {
    const web2 = agents[1]!
    const id = web2.agent.send('alert', { alert_id: 'alr-console-0001', severity: 'warning', summary: 'Disk nearly full (console test)', raised_at: Date.now() })
    await web2.agent.next('ack', (m) => m.payload.ids.includes(id))
    const page = await signIn(t.viewer)
    const row = await page.waitForSelector('[data-testid=recent-alerts] tr:has-text("Disk nearly full (console test)")')
    const text = (await row.textContent()) ?? ''
    expect(text).toContain(web2.hostname)
    expect(text).toContain('warning')
    expect(text).toContain('firing')
    await page.close()
  })
})
