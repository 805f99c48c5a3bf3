import { afterAll, beforeAll, expect, test } from 'vitest'
import { describeEachBackend } from '../../../test-support/backends'
import { FakeAgent, helloPayload } from '../../../test-support/fake-agent'
import { createTestApp, type TestApp } from '../../../test-support/test-app'

/** Issue 17, control-plane side: answers that say what happened. */
describeEachBackend('API semantics', (get) => {
  let t: TestApp
  let wsUrl: string
  let enrollToken: string
  const agents: FakeAgent[] = []

  beforeAll(async () => {
    t = await createTestApp(get())
    const addr = await t.app.listen({ host: '127.0.0.1', port: 0 })
    wsUrl = `${addr.replace(/^http/, 'ws')}/api/v1/agent/ws`
    enrollToken = (await t.call('POST', '/api/v1/enrollment-tokens', { name: 'semantics', max_uses: 100, labels: { dc: 'sem' } })).json.data.token
  })
  afterAll(async () => {
    for (const a of agents) a.close()
    await t.app.close()
  })

  async function connected(hostname: string) {
    const r = await t.call('POST', '/api/v1/agents/enroll', { token: enrollToken, hostname, agent_version: 'test' }, null)
    expect(r.status).toBe(201)
    const { host_id, credential } = r.json.data as { host_id: string; credential: string }
    const agent = await FakeAgent.connect(wsUrl, credential)
    agents.push(agent)
    agent.send('hello', helloPayload(hostname))
    await agent.next('welcome')
    await agent.next('desired_state')
    return { agent, host_id }
  }

  test('integration/test passes on a healthy host that tests itself on a fresh sample (no metrics sent)', async () => {
    const { agent, host_id } = await connected('it-healthy')
    const seen: unknown[] = []
    agent.onMessage = (m) => {
      if (m.type === 'command') seen.push(m.payload.args)
    }
    agent.answerTests()
    const r = await t.call('POST', '/api/v1/integration/test', { host_id, wait_ms: 10_000 }, t.operator)
    expect(r.status).toBe(200)
    expect(r.json.data).toMatchObject({ passed: true, problems: [] })
    expect(r.json.data.hosts).toEqual([expect.objectContaining({ host_id, passed: true })])
    // The command went out without metrics: the agent samples for itself.
    expect(seen).toEqual([undefined])
    expect(r.json.data.hosts[0].report.sample.scored).toBe(true)
  })

  test('integration/test with metrics passes them to the agent, which evaluates those', async () => {
    const { agent, host_id } = await connected('it-metrics')
    agent.answerTests()
    const rule = { name: 'IT Disk Full', conditions: [{ metric: 'disk_percent', operator: 'gt', threshold: 90 }], actions: [{ type: 'send_alert' }], priority: 3, cooldown: '1m' }
    expect((await t.call('POST', '/api/v1/remediation/rules', rule, t.operator)).status).toBe(201)
    await agent.next('desired_state', (m) => m.payload.ruleset.rules.some((r) => r.name === 'IT Disk Full'))
    const fired = (report: { evaluations: { rule: string; fired: boolean }[] }) => report.evaluations.find((e) => e.rule === 'IT Disk Full')?.fired
    const r = await t.call('POST', '/api/v1/integration/test', { host_id, wait_ms: 10_000, metrics: { disk_percent: 97 } }, t.operator)
    expect(r.status).toBe(200)
    expect(r.json.data.passed).toBe(true)
    expect(fired(r.json.data.hosts[0].report)).toBe(true)
    // Its own sample has no full disk: the same rule does not fire.
    const own = await t.call('POST', '/api/v1/integration/test', { host_id, wait_ms: 10_000 }, t.operator)
    expect(fired(own.json.data.hosts[0].report)).toBe(false)
    await t.call('DELETE', '/api/v1/remediation/rules/IT Disk Full', undefined, t.operator)
  })

  test('integration/test fails usefully: a host with problems, an offline host, a host that never answers', async () => {
    const sick = await connected('it-sick')
    sick.agent.answerTests({ problems: ['collector docker failed: connect ENOENT /var/run/docker.sock'] })
    const silent = await connected('it-silent')
    const gone = await connected('it-gone')
    gone.agent.close()
    await new Promise<void>((resolve) => gone.agent.ws.once('close', () => resolve()))
    const r = await t.call('POST', '/api/v1/integration/test', { selector: 'dc=sem', wait_ms: 1500 }, t.operator)
    expect(r.status).toBe(200)
    expect(r.json.data.passed).toBe(false)
    const byHost = new Map((r.json.data.hosts as { host_id: string; passed: boolean; problems: string[] }[]).map((h) => [h.host_id, h]))
    expect(byHost.get(sick.host_id)).toMatchObject({ passed: false, problems: ['collector docker failed: connect ENOENT /var/run/docker.sock'] })
    expect(byHost.get(silent.host_id)?.problems[0]).toContain('did not answer within 1500 ms')
    const goneVerdict = byHost.get(gone.host_id)
    expect(goneVerdict?.passed).toBe(false)
    expect(goneVerdict?.problems[0]).toMatch(/not connected|did not answer/)
    expect(r.json.data.problems).toEqual(expect.arrayContaining([`${sick.host_id}: collector docker failed: connect ENOENT /var/run/docker.sock`]))
  })

  test('/hosts/:id shows monitoring off once it was stopped through /integration/stop, and on after start', async () => {
    const { agent, host_id } = await connected('mon-1')
    agent.onMessage = (m) => {
      if (m.type === 'command') agent.send('command.result', { command_id: m.payload.command_id, ok: true })
    }
    expect((await t.call('GET', `/api/v1/hosts/${host_id}`)).json.data.monitoring).toBe('on')
    const stop = await t.call('POST', '/api/v1/integration/stop', { host_id, wait_ms: 10_000 }, t.operator)
    expect(stop.json.data.results).toEqual([expect.objectContaining({ status: 'ok' })])
    const host = (await t.call('GET', `/api/v1/hosts/${host_id}`)).json.data
    expect(host.monitoring).toBe('off')
    expect(host.desired.config.monitoring).toBe(false)
    const listed = (await t.call('GET', '/api/v1/hosts?selector=dc=sem')).json.data.hosts.find((h: { id: string }) => h.id === host_id)
    expect(listed.monitoring).toBe('off')
    await t.call('POST', '/api/v1/integration/start', { host_id, wait_ms: 10_000 }, t.operator)
    expect((await t.call('GET', `/api/v1/hosts/${host_id}`)).json.data.monitoring).toBe('on')
  })

  test('/remediation/status: `enabled` has one meaning, and the reason it is false is named', async () => {
    const before = (await t.call('GET', '/api/v1/remediation/status', undefined, t.viewer)).json.data
    expect(before).toMatchObject({ enabled: true, disabled_by: null, remediation_switch: 'on' })
    expect(before).not.toHaveProperty('remediation_enabled')
    const pause = await t.call('POST', '/api/v1/remediation/disable', { reason: 'semantics test' }, t.operator)
    expect(pause.status).toBe(201)
    const paused = (await t.call('GET', '/api/v1/remediation/status', undefined, t.viewer)).json.data
    expect(paused).toMatchObject({ enabled: false, disabled_by: 'override', remediation_switch: 'on', mode: 'paused' })
    await t.call('POST', '/api/v1/remediation/enable', {}, t.operator)
    await t.call('PUT', '/api/v1/settings', { remediation_enabled: false })
    const off = (await t.call('GET', '/api/v1/remediation/status', undefined, t.viewer)).json.data
    expect(off).toMatchObject({ enabled: false, disabled_by: 'settings', remediation_switch: 'off' })
    await t.call('PUT', '/api/v1/settings', { remediation_enabled: true })
  })

  test('error messages name the accepted forms, the allowed values, and the full path', async () => {
    const dur = await t.call('POST', '/api/v1/remediation/disable', { expires_in: '15 minutes' }, t.operator)
    expect(dur.status).toBe(400)
    expect(dur.json.error.message).toContain('body.expires_in')
    expect(dur.json.error.message).toContain('"15m"')
    const mode = await t.call('POST', '/api/v1/remediation/override', { mode: 'sideways' }, t.operator)
    expect(mode.status).toBe(400)
    expect(mode.json.error.message).toBe('body.mode must be one of "enabled", "dry_run", "paused"')
    const cond = await t.call(
      'POST',
      '/api/v1/remediation/rules',
      { name: 'Bad Path', conditions: [{ metric: 'cpu_percent', operator: 'gt', threshold: 'high' }], actions: [{ type: 'send_alert' }], priority: 1, cooldown: '1m' },
      t.operator,
    )
    expect(cond.status).toBe(400)
    expect(cond.json.error.message).toMatch(/^body\.conditions\[0\]/)
    const rules = await t.call('PUT', '/api/v1/rulesets', { rules: [{ name: 'x' }] }, t.operator)
    expect(rules.status).toBe(400)
    expect(rules.json.error.message).not.toMatch(/rulesrules|bodyconditions/)
    expect(rules.json.error.message).toMatch(/^body\.rules\[0\]\.priority: /)
  })

  test('putting the current ruleset again is a no-op: 200, changed false, the same version', async () => {
    const yaml = [
      'rules:',
      '  - name: Disk Nearly Full',
      '    conditions: [{ metric: disk_percent, operator: gt, threshold: 90 }]',
      '    actions: [{ type: send_alert }]',
      '    priority: 2',
      '    cooldown: 10m',
    ].join('\n')
    const first = await t.call('PUT', '/api/v1/rulesets', yaml, t.operator)
    expect(first.status).toBe(200)
    expect(first.json.data).toMatchObject({ changed: true, added: ['Disk Nearly Full'] })
    const versions = (await t.call('GET', '/api/v1/rulesets', undefined, t.viewer)).json.data.versions.length
    const again = await t.call('PUT', '/api/v1/rulesets', yaml, t.operator)
    expect(again.status).toBe(200)
    expect(again.json.data).toMatchObject({ changed: false, version: first.json.data.version })
    expect((await t.call('GET', '/api/v1/rulesets', undefined, t.viewer)).json.data.versions.length).toBe(versions)
    const asJson = await t.call('PUT', '/api/v1/rulesets', { rules: (await t.call('GET', `/api/v1/rulesets/${first.json.data.version}`)).json.data.rules }, t.operator)
    expect(asJson.json.data).toMatchObject({ changed: false, version: first.json.data.version })
  })
})
