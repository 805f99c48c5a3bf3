import WebSocket from 'ws'
import type { Hello } from '@smartcloudops/shared'
import { FakeAgent, helloPayload } from './fake-agent'
import type { TestApp } from './test-app'

/** Enrolls hosts on a listening test app and connects a FakeAgent for each (closed by `closeAll`). */
export function agentConnector(t: TestApp, wsUrl: string, enrollToken: () => string) {
  const agents: FakeAgent[] = []
  return {
    agents,
    /** `token`: another enrollment token (e.g. one created with `reprovision: true`). */
    async enroll(hostname: string, token = enrollToken()): Promise<{ host_id: string; credential: string }> {
      const r = await t.call('POST', '/api/v1/agents/enroll', { token, hostname, agent_version: 'test' }, null)
      if (r.status !== 201) throw new Error(`enroll ${hostname}: ${r.status} ${JSON.stringify(r.json)}`)
      return r.json.data
    },
    /** Enrolled, connected, hello sent; resolves with the welcome and the first desired state. */
    async connect(hostname: string, hello: Partial<Hello> = {}) {
      const { host_id, credential } = await this.enroll(hostname)
      const agent = await FakeAgent.connect(wsUrl, credential)
      agents.push(agent)
      agent.send('hello', { ...helloPayload(hostname), ...hello })
      const welcome = await agent.next('welcome')
      const ds = await agent.next('desired_state')
      return { agent, host_id, credential, welcome, ds }
    },
    closeAll(): void {
      for (const a of agents) a.close()
    },
  }
}

/** A refused upgrade's status and JSON body (FakeAgent.connect only reports the status). */
export function refusedUpgrade(wsUrl: string, credential: string): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(wsUrl, { headers: { authorization: `Bearer ${credential}` }, perMessageDeflate: false })
    ws.once('open', () => {
      ws.close()
      reject(new Error('the upgrade was accepted'))
    })
    ws.once('unexpected-response', (_req, res) => {
      let text = ''
      res.setEncoding('utf8')
      res.on('data', (c: string) => (text += c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }))
    })
    ws.once('error', reject)
  })
}
