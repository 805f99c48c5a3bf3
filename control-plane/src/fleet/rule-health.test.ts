import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { ACCEPTS_PAUSED_RULES, type DesiredState } from '@smartcloudops/shared'
import { describeWithPostgres, waitFor } from '@smartcloudops/test-support'
import { FakeAgent, helloPayload } from '../../test-support/fake-agent'
import { backends } from '../../test-support/backends'
import { createTestApp, type TestApp } from '../../test-support/test-app'
import { startReplicas, type TestReplica } from '../../test-support/replicas'

// Per-rule success rate and the fleet-wide pause, through the real gateway and API: agents (the
// protocol's FakeAgent over a real WebSocket) report failed verifications to two replicas on one
// PostgreSQL; the threshold pauses the rule once (one alert, not two), every agent's desired
// state says so — an older agent's as `enabled: false` — and an operator's resume undoes it.

const RULE = 'Flaky fix'
const rule = {
  name: RULE,
  conditions: [{ metric: 'error_rate:web', operator: 'gt', threshold: 0.5 }],
  actions: [{ type: 'restart_container', params: { selector: { name: 'web' } } }],
  priority: 1,
  cooldown: '1m',
}
const other = { ...rule, name: 'Other rule' }

let seq = 0
/** One action of RULE on this agent's host and its verification with `outcome`. */
function verifiedAction(agent: FakeAgent, outcome: 'cleared' | 'holding' | 'unknown'): void {
  const n = String(++seq).padStart(6, '0')
  const now = Date.now()
  const ids = { action_id: `act_rh_${n}`, decision_id: `dec_rh_${n}`, rule: RULE }
  agent.send('action.finished', { ...ids, type: 'restart_container', ok: true, retryable: false, started_at: now - 2000, finished_at: now - 1000 })
  agent.send('action.verified', { ...ids, cleared: outcome === 'cleared', window_s: 30, checked_at: now, outcome })
}

const pausedIn = (ds: DesiredState) => ds.paused_rules?.find((p) => p.rule === RULE)

describeWithPostgres('a rule whose fixes keep failing, across two replicas', () => {
  let close: () => Promise<void>
  let a: TestApp
  let b: TestApp
  const agents: FakeAgent[] = []
  let newA: FakeAgent
  let newB: FakeAgent
  let oldB: FakeAgent

  async function agentOn(t: TestApp, url: string, name: string, accepts: string[] | undefined): Promise<FakeAgent> {
    const tok = (await t.call('POST', '/api/v1/enrollment-tokens', { name, max_uses: 1 })).json.data.token
    const enr = (await t.call('POST', '/api/v1/agents/enroll', { token: tok, hostname: name }, null)).json.data
    const agent = await FakeAgent.connect(url, enr.credential)
    agents.push(agent)
    agent.send('hello', { ...helloPayload(name), ...(accepts ? { accepts } : {}) })
    await agent.next('desired_state')
    return agent
  }

  beforeAll(async () => {
    const started = await startReplicas(2)
    close = started.close
    const [ra, rb] = started.replicas as [TestReplica, TestReplica]
    a = ra.t
    b = rb.t
    expect((await a.call('PUT', '/api/v1/rulesets', { rules: [rule, other], message: 'rule health' })).status).toBe(200)
    expect((await a.call('PUT', '/api/v1/settings', { rule_auto_pause: { enabled: true, failed_verifications: 3, window: '1h' } })).status).toBe(200)
    newA = await agentOn(a, ra.wsUrl, 'rh-new-a', [ACCEPTS_PAUSED_RULES])
    newB = await agentOn(b, rb.wsUrl, 'rh-new-b', [ACCEPTS_PAUSED_RULES])
    oldB = await agentOn(b, rb.wsUrl, 'rh-old-b', undefined)
  }, 120_000)
  afterAll(async () => {
    for (const ag of agents) ag.close()
    await close?.()
  })

  test('the threshold pauses the rule once, for every agent, with one alert giving the numbers', async () => {
    // Below the threshold: a success, an inconclusive one and two failures. Nothing pauses.
    verifiedAction(newA, 'cleared')
    verifiedAction(newA, 'unknown')
    verifiedAction(newA, 'holding')
    verifiedAction(newB, 'holding')
    const health = await waitFor(
      async () => {
        const h = (await a.call('GET', `/api/v1/rules/${encodeURIComponent(RULE)}/health`)).json.data
        return h.last_1h.ok + h.last_1h.failed + h.last_1h.inconclusive === 4 ? h : undefined
      },
      { timeoutMs: 20_000, description: 'four verifications counted' },
    )
    expect(health).toMatchObject({ rule: RULE, paused: false, last_1h: { ok: 1, failed: 2, inconclusive: 1, failed_hosts: 2, success_rate: 1 / 3 }, last_24h: { ok: 1, failed: 2 } })

    // The third failure arrives at both replicas at once (two hosts): only one pause, one alert.
    const mark = { a: newA.received.length, b: newB.received.length, old: oldB.received.length }
    verifiedAction(newB, 'holding')
    verifiedAction(oldB, 'holding')
    const onA = await newA.next('desired_state', (m) => pausedIn(m.payload) !== undefined, { after: mark.a })
    const onB = await newB.next('desired_state', (m) => pausedIn(m.payload) !== undefined, { after: mark.b })
    // Which of the two arrives first decides the figures: 3 failures on 2 hosts, on 3 hosts, or 4 when both counted together.
    const figures = /^([34]) failed verifications in 1h across ([23]) hosts \(threshold 3\)$/
    for (const m of [onA, onB]) {
      expect(pausedIn(m.payload)!.reason).toMatch(figures)
      expect(m.payload.paused_rules!.map((p) => p.rule)).toEqual([RULE]) // the other rule is not paused
    }
    // An agent that does not understand paused_rules gets the rule disabled instead.
    const old = await oldB.next('desired_state', (m) => m.payload.ruleset.rules.some((r) => r.name === RULE && r.enabled === false), { after: mark.old })
    expect(old.payload.paused_rules).toBeUndefined()
    expect(old.payload.ruleset.rules.find((r) => r.name === 'Other rule')!.enabled).not.toBe(false)

    const alerts = (await b.call('GET', '/api/v1/alerts?limit=100')).json.data.alerts as { summary: string; rule: string; severity: string }[]
    const pauseAlerts = alerts.filter((x) => x.rule === RULE && x.summary.includes('paused fleet-wide'))
    expect(pauseAlerts).toHaveLength(1)
    expect(pauseAlerts[0]!.severity).toBe('critical')
    expect(pauseAlerts[0]!.summary).toBe(`Rule "Flaky fix" paused fleet-wide: ${pausedIn(onA.payload)!.reason}`)
    const [, failed, hosts] = figures.exec(pausedIn(onA.payload)!.reason)!

    const list = (await b.call('GET', '/api/v1/rules/health')).json.data
    expect(list.auto_pause).toEqual({ enabled: true, failed_verifications: 3, window: '1h' })
    expect(list.rules.find((r: { rule: string }) => r.rule === RULE)).toMatchObject({ paused: true, pause: { status: 'paused', paused_by: 'auto', numbers: { failed: Number(failed), threshold: 3, window_s: 3600, hosts: Number(hosts) } } })
    expect(list.rules.find((r: { rule: string }) => r.rule === 'Other rule')).toMatchObject({ paused: false, pause: null, last_1h: { success_rate: null } })
  })

  test('an operator resumes it (audited); the count starts afresh; resuming twice is a 409', async () => {
    const url = `/api/v1/rules/${encodeURIComponent(RULE)}/resume`
    expect((await a.call('POST', url, { reason: 'fixed the image' }, a.viewer)).status).toBe(403)
    const noReason = await a.call('POST', url, {}, a.operator)
    expect(noReason.status).toBe(400)
    expect(noReason.json.error.message).toMatch(/reason/)

    const mark = newB.received.length
    const res = await a.call('POST', url, { reason: 'fixed the image' }, a.operator)
    expect(res.status).toBe(200)
    expect(res.json.data).toMatchObject({ paused: false, pause: { status: 'resumed', resume_reason: 'fixed the image', resumed_by: expect.any(String) } })
    // Replica B's agent hears of it through the change bus.
    const resumed = await newB.next('desired_state', (m) => pausedIn(m.payload) === undefined, { after: mark })
    expect(resumed.payload.ruleset.rules.some((r) => r.name === RULE)).toBe(true)

    const audit = (await a.call('GET', '/api/v1/audit?limit=20')).json.data.entries as { path: string; detail: Record<string, unknown> }[]
    expect(audit.find((e) => e.path.endsWith('/resume'))?.detail).toMatchObject({ rule: RULE, reason: 'fixed the image' })

    const again = await b.call('POST', url, { reason: 'twice' }, b.operator)
    expect([again.status, again.json.error.code]).toEqual([409, 'not_paused'])

    // The failures before the resume do not count again: one more failure does not re-pause.
    verifiedAction(newA, 'holding')
    await waitFor(async () => (await a.call('GET', `/api/v1/rules/${encodeURIComponent(RULE)}/health`)).json.data.last_1h.failed === 5, {
      timeoutMs: 20_000,
      description: 'the fifth failure counted',
    })
    expect((await a.call('GET', `/api/v1/rules/${encodeURIComponent(RULE)}/health`)).json.data.paused).toBe(false)
  })
})

describe('rule health and auto-pause: bad input', () => {
  let t: TestApp
  let close: () => Promise<void>
  beforeAll(async () => {
    const handle = await backends[0]!.open()
    t = await createTestApp(handle.database)
    close = async () => {
      await t.app.close()
      await handle.drop()
    }
  }, 60_000)
  afterAll(async () => close?.())

  test('unknown rules are 404, not 500', async () => {
    expect((await t.call('GET', '/api/v1/rules/no%20such%20rule/health')).status).toBe(404)
    const r = await t.call('POST', '/api/v1/rules/no%20such%20rule/resume', { reason: 'x' })
    expect([r.status, r.json.error.code]).toEqual([404, 'not_found'])
  })

  test.each([
    [{ enabled: true, failed_verifications: 0, window: '1h' }, /rule_auto_pause\/failed_verifications|rule_auto_pause\.failed_verifications/],
    [{ enabled: true, failed_verifications: 5, window: '10s' }, /body\.rule_auto_pause\.window must be at least 60s/],
    [{ enabled: true, failed_verifications: 5, window: '2d' }, /window/],
    [{ enabled: true, failed_verifications: 5 }, /window/],
    [{ enabled: true, failed_verifications: 5, window: '1h', extra: 1 }, /extra/],
  ])('PUT /settings refuses rule_auto_pause %j with a 400 naming the field', async (value, message) => {
    const r = await t.call('PUT', '/api/v1/settings', { rule_auto_pause: value })
    expect(r.status).toBe(400)
    expect(r.json.error.message).toMatch(message)
  })

  test.each([
    [{ timeout: '1m' }, /escalation/],
    [{ timeout: '2s', steps: [{ actions: [{ type: 'send_alert' }] }] }, /body\.escalation\.timeout: escalation\.timeout must be from 5s to 24h/],
    [{ timeout: '1m', steps: [{ actions: [{ type: 'restart_service' }] }] }, /body\.escalation\.steps\[0\]\.actions\[0\]\.params\.service/],
    [{ timeout: '1m', steps: Array.from({ length: 5 }, () => ({ actions: [{ type: 'send_alert' }] })) }, /escalation\.steps/],
  ])('a rule with escalation %j is refused with a 400 naming the field', async (escalation, message) => {
    const r = await t.call('POST', '/api/v1/remediation/rules', { ...rule, name: 'laddered', escalation })
    expect(r.status).toBe(400)
    expect(r.json.error.message).toMatch(message)
  })

  test('a valid ladder is stored and comes back as written', async () => {
    const escalation = { timeout: '1m', steps: [{ actions: [{ type: 'send_alert', params: { severity: 'critical' } }], timeout: '5m' }] }
    const r = await t.call('POST', '/api/v1/remediation/rules', { ...rule, name: 'laddered', escalation })
    expect(r.status).toBe(201)
    const rules = (await t.call('GET', '/api/v1/remediation/rules')).json.data.rules as { name: string; escalation?: unknown }[]
    expect(rules.find((x) => x.name === 'laddered')!.escalation).toEqual(escalation)
  })
})
