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
    t = await createTestApp(handle.database, { consoleDir: dir })
    base = await t.app.listen({ host: '127.0.0.1', port: 0 })
    const enroll = (await t.call('POST', '/api/v1/enrollment-tokens', { name: 'console', max_uses: 10 })).json.data.token
    await agent('web-1', { role: 'web', env: 'prod' }, enroll)
    await agent('web-2', { role: 'web', env: 'prod' }, enroll)
    const db1 = await agent('db-1', { role: 'db', env: 'prod' }, enroll)
    // A minute of samples for the drill-down chart, rising into an anomaly.
    const now = Date.now()
    const samples = Array.from({ length: 60 }, (_, i) => ({ ts: now - (60 - i) * 1000, metrics: { cpu_percent: 20 + i, memory_percent: 40, ml_anomaly_score: i / 60 } }))
    const id = db1.send('metrics.batch', { samples })
    await db1.next('ack', (m) => m.payload.ids.includes(id))
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

  test('an operator pauses a group through the UI: the confirmation counts the hosts, the agents receive paused', { timeout: 240_000 }, async () => {
    const page = await signIn(t.operator)
    await page.waitForSelector('[data-testid=controls]')
    await page.selectOption('select[name=scope]', 'group')
    await page.fill('input[name=target]', 'role=web')
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
    expect(await page.textContent('[data-testid=overrides]')).toContain('role=web')
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
})
