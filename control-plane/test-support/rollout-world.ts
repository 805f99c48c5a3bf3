/* eslint-disable @typescript-eslint/no-explicit-any -- tests read JSON bodies loosely */
import type { Database } from '../src/db/client'
import type { TickOutcome } from '../src/fleet/rollouts/driver'
import { ingestEvent } from '../src/db/queries/ingest'
import { FakeAgent, helloPayload } from './fake-agent'
import { createTestApp, type TestApp } from './test-app'

/**
 * A control plane whose rollout loop runs on a clock the test moves (no timer: the test calls
 * `tick()`), with fake agents that acknowledge every desired state as applied, as real agents do.
 */
export interface RolloutWorld {
  t: TestApp
  clock: { now: Date }
  tick(advanceMs?: number): Promise<TickOutcome[]>
  /** `refuseModels`: the agent acknowledges desired states with a model as refused, with this error (a model it cannot load). */
  host(hostname: string, labels?: Record<string, string>, opts?: { refuseModels?: string }): Promise<WorldHost>
  close(): Promise<void>
}

export interface WorldHost {
  id: string
  agent: FakeAgent
  /** The ruleset version of the newest desired state received. */
  rulesetVersion(): number | undefined
  modelVersion(): string | undefined
  /** Stores action.started events for this host (as its agent would send them). */
  actions(n: number, at: Date): Promise<void>
}

let seq = 0

export async function rolloutWorld(database: Database): Promise<RolloutWorld> {
  const clock = { now: new Date() }
  const t = await createTestApp(database, {}, { rollouts: { now: () => clock.now, tickMs: 0 } })
  const addr = await t.app.listen({ host: '127.0.0.1', port: 0 })
  const wsUrl = `${addr.replace(/^http/, 'ws')}/api/v1/agent/ws`
  const agents: FakeAgent[] = []
  return {
    t,
    clock,
    async tick(advanceMs = 0) {
      clock.now = new Date(clock.now.getTime() + advanceMs)
      return t.app.rollouts.tick()
    },
    async host(hostname, labels = {}, opts = {}) {
      const token = (await t.call('POST', '/api/v1/enrollment-tokens', { name: `rollout ${hostname}`, max_uses: 1, labels })).json.data.token
      const r = await t.call('POST', '/api/v1/agents/enroll', { token, hostname, labels }, null)
      const { host_id, credential } = r.json.data as { host_id: string; credential: string }
      const agent = await FakeAgent.connect(wsUrl, credential)
      agents.push(agent)
      agent.onMessage = (m) => {
        if (m.type !== 'desired_state') return
        const ds = m.payload
        if (ds.model && opts.refuseModels) {
          // As the agent does: the rules applied, the model refused, the previous model still scoring.
          agent.send('desired_state.ack', { revision: ds.revision, ruleset_version: ds.ruleset.version, applied: true, error: opts.refuseModels })
          return
        }
        agent.send('desired_state.ack', { revision: ds.revision, ruleset_version: ds.ruleset.version, ...(ds.model ? { model_version: ds.model.version } : {}), applied: true })
      }
      agent.send('hello', helloPayload(hostname, labels))
      await agent.next('desired_state')
      const last = () => [...agent.received].reverse().find((m) => m.type === 'desired_state') as any
      return {
        id: host_id,
        agent,
        rulesetVersion: () => last()?.payload.ruleset.version,
        modelVersion: () => last()?.payload.model?.version,
        async actions(n, at) {
          for (let i = 0; i < n; i++) {
            const id = `rollout-test-${process.pid}-${++seq}`
            await ingestEvent(database.db, host_id, `evt-${id}`, {
              type: 'action.started',
              payload: { action_id: `act-${id}`, decision_id: `dec-${id}`, rule: 'broken', type: 'restart_container', params: {}, started_at: at.getTime() + i },
            })
          }
        },
      }
    },
    async close() {
      for (const a of agents) a.close()
      await t.app.close()
    },
  }
}
