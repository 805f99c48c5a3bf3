import { expect, test } from 'vitest'
import { getHost } from '../db/queries/hosts'
import { describeEachBackend } from '../../test-support/backends'
import { FakeAgent, helloPayload } from '../../test-support/fake-agent'
import { createTestApp } from '../../test-support/test-app'

// A control plane must stop (deploys, restarts) while agents are connected: closing the app drops
// their sockets first instead of waiting for them forever.
describeEachBackend('gateway shutdown', (get) => {
  test('closing the control plane with connected agents completes and the agents see the close', async () => {
    const t = await createTestApp(get())
    const addr = await t.app.listen({ host: '127.0.0.1', port: 0 })
    const wsUrl = `${addr.replace(/^http/, 'ws')}/api/v1/agent/ws`
    const token = (await t.call('POST', '/api/v1/enrollment-tokens', { name: 'shutdown', max_uses: 5 })).json.data.token
    const agents: FakeAgent[] = []
    const hostIds: string[] = []
    for (const name of ['down-1', 'down-2']) {
      const { credential, host_id } = (await t.call('POST', '/api/v1/agents/enroll', { token, hostname: name }, null)).json.data
      hostIds.push(host_id)
      const agent = await FakeAgent.connect(wsUrl, credential)
      agent.send('hello', helloPayload(name, {}))
      await agent.next('desired_state')
      agents.push(agent)
    }

    // Without the fix close() did finish, but only once the sockets timed out on their own (~11 s):
    // a deploy would stall that long. Seconds of margin, not a performance goal.
    const outcome = await Promise.race([
      t.app.close().then(() => 'closed' as const),
      new Promise<'stalled'>((resolve) => setTimeout(() => resolve('stalled'), 5000).unref()),
    ])
    expect(outcome).toBe('closed')

    for (const a of agents) {
      await expect.poll(() => a.closed, { timeout: 5000 }).toBeDefined()
    }
    // Issue 9: a clean stop marks its connections offline (they stayed "online" before).
    for (const id of hostIds) expect((await getHost(get().db, id))?.connectionState).toBe('offline')
  })
})
