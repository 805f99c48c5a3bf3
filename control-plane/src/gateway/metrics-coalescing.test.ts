import { afterAll, beforeAll, expect, test } from 'vitest'
import { describeEachBackend } from '../../test-support/backends'
import { agentConnector } from '../../test-support/connect'
import type { FakeAgent } from '../../test-support/fake-agent'
import { createTestApp, type TestApp } from '../../test-support/test-app'

// Issue 15: metrics batches from many agents are stored together, one statement per short
// interval. What must not change: every batch stored exactly once, each ack only after its rows
// are stored, replays recognised, and one refused batch dead-lettered alone.

describeEachBackend('coalesced metrics ingest', (get) => {
  let t: TestApp
  let c: ReturnType<typeof agentConnector>
  const now = Date.now()

  beforeAll(async () => {
    t = await createTestApp(get())
    const wsUrl = `${(await t.app.listen({ host: '127.0.0.1', port: 0 })).replace(/^http/, 'ws')}/api/v1/agent/ws`
    const token = (await t.call('POST', '/api/v1/enrollment-tokens', { name: 'coalesce', max_uses: 100 })).json.data.token
    c = agentConnector(t, wsUrl, () => token)
  })
  afterAll(async () => {
    c.closeAll()
    await t.app.close()
  })

  const batch = (cpu: number, n = 3) => ({ samples: Array.from({ length: n }, (_, k) => ({ ts: now + k * 1000, metrics: { cpu_percent: cpu, ml_anomaly_score: cpu / 1000 } })) })
  /** Resolves with true on an ack naming `id`, false on an error naming it. */
  const answered = (agent: FakeAgent, id: string) =>
    Promise.race([agent.next('ack', (m) => m.payload.ids.includes(id)).then(() => true), agent.next('error', (m) => m.payload.ref_id === id).then(() => false)])
  const cpuOf = async (hostId: string) =>
    (await get().query<{ cpu: number }>(`select (metrics->>'cpu_percent')::int as cpu from metric_samples where host_id = $1 order by id`, [hostId])).map((r) => r.cpu)

  test('many agents at once, with replays: each batch stored once, each ack only after its samples are readable', async () => {
    const hosts = await Promise.all(Array.from({ length: 12 }, (_, i) => c.connect(`coalesce-${i}`)))
    const checks: Promise<void>[] = []
    hosts.forEach(({ agent, host_id }, i) => {
      for (let b = 0; b < 3; b++) {
        const id = agent.send('metrics.batch', batch(i * 10 + b))
        // Replayed at once (a lost ack): in the same interval, so possibly the same statement.
        if (b === 0) agent.send('metrics.batch', batch(999), id)
        checks.push(
          answered(agent, id).then(async (acked) => {
            expect(acked).toBe(true)
            // Acknowledged means stored: the batch's samples are there the moment the ack arrives.
            expect((await cpuOf(host_id)).filter((v) => v === i * 10 + b)).toHaveLength(3)
          }),
        )
      }
    })
    await Promise.all(checks)
    for (const [i, { host_id }] of hosts.entries()) {
      const cpus = await cpuOf(host_id)
      expect(cpus.sort((a, b) => a - b)).toEqual([i * 10, i * 10, i * 10, i * 10 + 1, i * 10 + 1, i * 10 + 1, i * 10 + 2, i * 10 + 2, i * 10 + 2])
    }
    // The drill-down's score is the host's newest.
    const h = (await t.call('GET', `/api/v1/hosts/${hosts[3]!.host_id}`)).json.data
    expect([0.03, 0.031, 0.032]).toContain(h.last_anomaly_score)
  })

  test('a batch the database refuses is dead-lettered alone; the batches stored beside it are kept and acknowledged', async () => {
    const hosts = await Promise.all(Array.from({ length: 6 }, (_, i) => c.connect(`coalesce-poison-${i}`)))
    await get().query(
      `create function scops_test_refuse_cpu() returns trigger language plpgsql as $$ begin if new.metrics->>'cpu_percent' = '666' then raise exception 'refused by test' using errcode = '22023'; end if; return new; end $$`,
    )
    await get().query('create trigger scops_test_refuse_cpu before insert on metric_samples for each row execute function scops_test_refuse_cpu()')
    try {
      const sent = hosts.map(({ agent }, i) => agent.send('metrics.batch', batch(i === 2 ? 666 : 500 + i)))
      const acks = await Promise.all(hosts.map(({ agent }, i) => answered(agent, sent[i]!)))
      expect(acks).toEqual([true, true, true, true, true, true])
    } finally {
      await get().query('drop trigger scops_test_refuse_cpu on metric_samples')
      await get().query('drop function scops_test_refuse_cpu()')
    }
    for (const [i, { host_id }] of hosts.entries()) expect(await cpuOf(host_id)).toEqual(i === 2 ? [] : [500 + i, 500 + i, 500 + i])
    const letters = (await t.call('GET', `/api/v1/dead-letters?host_id=${hosts[2]!.host_id}`)).json.data.dead_letters
    expect(letters).toEqual([expect.objectContaining({ type: 'metrics.batch', reason: 'not_storable' })])
  })
})
