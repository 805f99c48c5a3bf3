import { afterAll, beforeAll, expect, test } from 'vitest'
import type { ActionFinished, ActionStarted, ActionVerified, Alert, Decision } from '@smartcloudops/shared'
import { waitFor } from '@smartcloudops/test-support'
import { describeEachBackend } from '../../test-support/backends'
import { agentConnector, refusedUpgrade } from '../../test-support/connect'
import type { FakeAgent } from '../../test-support/fake-agent'
import { createTestApp, type TestApp } from '../../test-support/test-app'

// Issue 9, server side: what an agent sends can neither corrupt another host's records nor wedge
// its own outbox; a decommissioned host is told so.

const NUL = '\u0000'
const now = Date.now()

function decision(id: string, reason: string): Decision {
  return {
    decision_id: id,
    rule: 'High CPU Usage',
    priority: 2,
    ruleset_version: 1,
    sample_ts: now,
    outcome: 'execute',
    suppressed_by: 'none',
    override_mode: 'enabled',
    reason,
    conditions: [],
    actions: [{ type: 'restart_container', params: { selector: 'app' } }],
  } as unknown as Decision
}
const started = (id: string, params: Record<string, unknown>): ActionStarted => ({
  action_id: id,
  decision_id: 'dec-owner-000001',
  rule: 'High CPU Usage',
  type: 'restart_container',
  params,
  target: 'web-1',
  started_at: now,
})
const finished = (id: string, ok: boolean, message?: string, finishedAt = now + 1500): ActionFinished => ({
  action_id: id,
  decision_id: 'dec-owner-000001',
  rule: 'High CPU Usage',
  type: 'restart_container',
  ok,
  retryable: false,
  ...(message ? { error: { code: 'failed', message } } : {}),
  started_at: now,
  finished_at: finishedAt,
})
const verified = (id: string, cleared: boolean): ActionVerified => ({
  action_id: id,
  decision_id: 'dec-owner-000001',
  rule: 'High CPU Usage',
  cleared,
  window_s: 30,
  checked_at: now + 30_000,
  outcome: cleared ? 'cleared' : 'holding',
})
const alert = (id: string, summary: string): Alert => ({ alert_id: id, severity: 'warning', summary, raised_at: now })

describeEachBackend('gateway integrity (issue 9)', (get) => {
  let t: TestApp
  let wsUrl: string
  let token = ''
  let c: ReturnType<typeof agentConnector>

  beforeAll(async () => {
    t = await createTestApp(get())
    wsUrl = `${(await t.app.listen({ host: '127.0.0.1', port: 0 })).replace(/^http/, 'ws')}/api/v1/agent/ws`
    token = (await t.call('POST', '/api/v1/enrollment-tokens', { name: 'integrity', max_uses: 100 })).json.data.token
    c = agentConnector(t, wsUrl, () => token)
  })
  afterAll(async () => {
    c.closeAll()
    await t.app.close()
  })

  /** Sends an event and waits for the server's answer to it (an ack or an error naming it). */
  async function answer(agent: FakeAgent, type: Parameters<FakeAgent['send']>[0], payload: unknown, id?: string) {
    const sent = agent.send(type, payload as never, id)
    const got = await Promise.race([
      agent.next('ack', (m) => m.payload.ids.includes(sent)).then(() => ({ acked: true as const })),
      agent.next('error', (m) => m.payload.ref_id === sent).then((e) => ({ acked: false as const, code: e.payload.code })),
    ])
    return { id: sent, ...got }
  }
  // Alerts have no API of their own yet: read the row.
  const alertRow = (id: string) => get().query<{ host_id: string; summary: string }>('select host_id, summary from alerts where id = $1', [id])
  const deadLetters = async (hostId: string) => (await t.call('GET', `/api/v1/dead-letters?host_id=${hostId}`)).json.data.dead_letters as { event_id: string; type: string; reason: string; payload: string }[]

  test('NUL in an action error, an alert summary and a decision reason: stored (as U+FFFD) and acknowledged, not re-sent forever', async () => {
    const { agent, host_id } = await c.connect('nul-1')
    expect(await answer(agent, 'decision', decision('dec-nul-000001', `cpu${NUL}high`))).toMatchObject({ acked: true })
    expect(await answer(agent, 'action.started', started('act-nul-000001', { [`k${NUL}`]: `v${NUL}` }))).toMatchObject({ acked: true })
    expect(await answer(agent, 'action.finished', finished('act-nul-000001', false, `exit${NUL}1`))).toMatchObject({ acked: true })
    expect(await answer(agent, 'alert', alert('alr-nul-000001', `disk${NUL}full`))).toMatchObject({ acked: true })

    const ds = (await t.call('GET', `/api/v1/hosts/${host_id}/decisions`)).json.data.decisions
    expect(ds[0].reason).toBe('cpu\uFFFDhigh')
    const [a] = (await t.call('GET', `/api/v1/hosts/${host_id}/actions`)).json.data.actions
    expect(a).toMatchObject({ status: 'failed', error: { message: 'exit\uFFFD1' }, params: { 'k\uFFFD': 'v\uFFFD' } })
    const [al] = await alertRow('alr-nul-000001')
    expect(al?.summary).toBe('disk\uFFFDfull')
  })

  test('an event the database refuses for its content is dead-lettered and acknowledged; later events still flow', async () => {
    const { agent, host_id } = await c.connect('poison-1')
    await answer(agent, 'action.started', started('act-poison-0001', {}))
    // A duration PostgreSQL's integer column cannot hold (~100 days in ms): today's main answered a
    // retryable server_error to every re-send, blocking the agent's outbox behind it.
    const poison = await answer(agent, 'action.finished', finished('act-poison-0001', true, undefined, now + 8_640_000_000))
    expect(poison).toMatchObject({ acked: true })
    const after = await answer(agent, 'decision', decision('dec-poison-00001', 'after the poison'))
    expect(after).toMatchObject({ acked: true })

    const letters = await deadLetters(host_id)
    expect(letters).toEqual([expect.objectContaining({ event_id: poison.id, type: 'action.finished', reason: 'not_storable' })])
    expect(JSON.parse(letters[0]!.payload)).toMatchObject({ action_id: 'act-poison-0001', finished_at: now + 8_640_000_000 })
    // Nothing of the refused event was applied.
    const [a] = (await t.call('GET', `/api/v1/hosts/${host_id}/actions`)).json.data.actions
    expect(a).toMatchObject({ id: 'act-poison-0001', status: 'started' })
    // Dead letters are for admins.
    expect((await t.call('GET', '/api/v1/dead-letters', undefined, t.viewer)).status).toBe(403)
  })

  test("when even the dead letter cannot be stored, the answer is the non-retryable 'unstorable'", async () => {
    const { agent, host_id } = await c.connect('unstorable-1')
    await answer(agent, 'action.started', started('act-unstor-00001', {}))
    // Make dead_letters refuse rows the way PostgreSQL refuses a value (a data exception).
    await get().query(`create function scops_test_refuse() returns trigger language plpgsql as $$ begin raise exception 'refused by test' using errcode = '22023'; end $$`)
    await get().query('create trigger scops_test_refuse before insert on dead_letters for each row execute function scops_test_refuse()')
    try {
      const r = await answer(agent, 'action.finished', finished('act-unstor-00001', true, undefined, now + 8_640_000_000))
      expect(r).toMatchObject({ acked: false, code: 'unstorable' })
    } finally {
      await get().query('drop trigger scops_test_refuse on dead_letters')
      await get().query('drop function scops_test_refuse()')
    }
    expect(await deadLetters(host_id)).toHaveLength(0)
  })

  test("an agent cannot touch another host's records, whatever the event type (each refused and dead-lettered)", async () => {
    const owner = await c.connect('owner-1')
    const other = await c.connect('intruder-1')
    const mine = {
      batch: await answer(owner.agent, 'metrics.batch', { samples: [{ ts: now, metrics: { cpu_percent: 11 } }] }, 'evt-owner-batch-1'),
      decision: await answer(owner.agent, 'decision', decision('dec-owner-000001', 'the owner decided')),
      started: await answer(owner.agent, 'action.started', started('act-owner-000001', { selector: 'web' })),
      finished: await answer(owner.agent, 'action.finished', finished('act-owner-000001', true)),
      verified: await answer(owner.agent, 'action.verified', verified('act-owner-000001', true)),
      alert: await answer(owner.agent, 'alert', alert('alr-owner-000001', 'the owner alerted')),
    }
    for (const r of Object.values(mine)) expect(r.acked).toBe(true)

    // The intruder replays every id with other content: each answer is an ack (never retried) ...
    const forged = [
      await answer(other.agent, 'metrics.batch', { samples: [{ ts: now, metrics: { cpu_percent: 99 } }] }, 'evt-owner-batch-1'),
      await answer(other.agent, 'decision', decision('dec-owner-000001', 'forged')),
      await answer(other.agent, 'action.started', started('act-owner-000001', { selector: 'everything' })),
      await answer(other.agent, 'action.finished', finished('act-owner-000001', false, 'forged failure')),
      await answer(other.agent, 'action.verified', verified('act-owner-000001', false)),
      await answer(other.agent, 'alert', alert('alr-owner-000001', 'forged')),
    ]
    for (const r of forged) expect(r.acked).toBe(true)

    // ... and nothing of the owner's changed.
    const [a] = (await t.call('GET', `/api/v1/hosts/${owner.host_id}/actions`)).json.data.actions
    expect(a).toMatchObject({ id: 'act-owner-000001', host_id: owner.host_id, status: 'succeeded', params: { selector: 'web' }, verified: true, error: null })
    expect(a.verification).toMatchObject({ window_s: 30, outcome: 'cleared' })
    const [d] = (await t.call('GET', `/api/v1/hosts/${owner.host_id}/decisions`)).json.data.decisions
    expect(d).toMatchObject({ reason: 'the owner decided' })
    const [al] = await alertRow('alr-owner-000001')
    expect(al).toMatchObject({ host_id: owner.host_id, summary: 'the owner alerted' })
    const samples = (await t.call('GET', `/api/v1/hosts/${owner.host_id}/metrics`)).json.data.samples
    expect(samples.map((s: { metrics: { cpu_percent: number } }) => s.metrics.cpu_percent)).toEqual([11])
    expect((await t.call('GET', `/api/v1/hosts/${other.host_id}/metrics`)).json.data.samples).toHaveLength(0)
    expect((await t.call('GET', `/api/v1/hosts/${other.host_id}/actions`)).json.data.actions).toHaveLength(0)

    // The operator sees every refusal, with its reason.
    const letters = await deadLetters(other.host_id)
    expect(letters.map((l) => l.type).sort()).toEqual(['action.finished', 'action.started', 'action.verified', 'alert', 'decision', 'metrics.batch'])
    for (const l of letters) expect(l.reason).toBe('owned_by_another_host')
    expect(await deadLetters(owner.host_id)).toHaveLength(0)
  })

  test('a heartbeat’s outbox depth and oldest age show in the host drill-down', async () => {
    const { agent, host_id } = await c.connect('outbox-1')
    agent.send('heartbeat', { uptime_s: 5, monitoring: true, outbox_depth: 37, outbox_oldest_age_s: 42.5 })
    const host = await waitFor(
      async () => {
        const h = (await t.call('GET', `/api/v1/hosts/${host_id}`)).json.data
        return h.outbox?.depth === 37 ? h : null
      },
      { timeoutMs: 20_000, description: 'the outbox figures in the drill-down' },
    )
    expect(host.outbox).toMatchObject({ depth: 37, oldest_age_s: 42.5 })
  })

  test('welcome carries heartbeat_interval_s only to agents whose hello accepts it', async () => {
    const newer = await c.connect('hb-new', { accepts: ['welcome.heartbeat_interval_s'] })
    expect(newer.welcome.payload.heartbeat_interval_s).toBe(1) // the test app's heartbeatIntervalS
    const older = await c.connect('hb-old')
    expect(older.welcome.payload).not.toHaveProperty('heartbeat_interval_s')
  })

  test("a decommissioned host's credential gets 410 host_decommissioned; unknown and revoked ones stay 401", async () => {
    const { host_id, credential } = await c.enroll('gone-1')
    // Re-provisioning the same hostname (a token the operator made for it) replaces (revokes) the first credential.
    const reprovision = (await t.call('POST', '/api/v1/enrollment-tokens', { name: 'reprovision gone-1', max_uses: 1, reprovision: true })).json.data.token
    const again = await c.enroll('gone-1', reprovision)
    expect(again.host_id).toBe(host_id)
    expect((await refusedUpgrade(wsUrl, credential)).status).toBe(401)
    expect((await refusedUpgrade(wsUrl, 'scops_agt_unknown')).status).toBe(401)
    expect((await t.call('DELETE', `/api/v1/hosts/${host_id}`)).status).toBe(200)
    const refused = await refusedUpgrade(wsUrl, again.credential)
    expect(refused).toMatchObject({ status: 410, body: { status: 'error', error: { code: 'host_decommissioned' } } })
  })
})
