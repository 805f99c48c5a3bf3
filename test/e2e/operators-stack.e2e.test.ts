import { afterAll, beforeAll, expect, it } from 'vitest'
import { describeWithDocker, describeWithTool, freePort, waitFor } from '@smartcloudops/test-support'
import { dashboardExpressions } from '../grafana/dashboard-expressions'
import { promQuery, startAlertmanager, startPrometheus, type StackProcess } from './support/prom-stack'
import { createWorld, decisionsOf, serviceRule, type World } from './support/scenario'

const AM_RULE = 'Alertmanager says CPU (e2e)'
const amRule = {
  name: AM_RULE,
  description: 'an Alertmanager alert about this host → tell on-call',
  conditions: [{ metric: 'alert:ScopsE2EHighCpu', operator: 'eq', threshold: 1 }],
  actions: [{ type: 'send_alert', params: { severity: 'warning', message: 'Alertmanager reports high CPU' } }],
  priority: 3,
  cooldown: '1h',
}

// The operators' stack end to end: a real Prometheus scrapes the control plane (with a viewer token)
// and a real agent process (its optional /metrics on loopback); a real Alertmanager routes an alert
// to the control plane's intake, and the agent acts on it.

describeWithTool('prometheus', 'prometheus')('operators stack', () => {
  describeWithDocker('prometheus and alertmanager against a real control plane and agent', () => {
    let w: World
    let agentMetricsPort: number
    let prom: StackProcess | undefined
    let am: StackProcess | undefined
    beforeAll(async () => {
      agentMetricsPort = await freePort()
      w = await createWorld({
        backend: 'pglite',
        rules: (runId) => [serviceRule(runId), amRule],
        agentConfig: ({ webPort, base }) => ({
          ...base,
          buffer_size: 2,
          metrics_listen: `127.0.0.1:${agentMetricsPort}`,
          policy: {
            actions: { restart_container: { selector_labels_required: ['scops.restartable=true'] }, send_alert: {} },
            probes: [{ name: 'web', url: `http://127.0.0.1:${webPort}/`, timeout: '1s', interval: '1s', window: 2 }],
          },
        }),
      })
    }, 240_000)
    afterAll(async () => {
      await prom?.stop()
      await am?.stop()
      await w?.close()
    }, 60_000)

    it('a real Prometheus scrapes the control plane (viewer token) and the agent, and its API shows their series', async () => {
      const viewer = await w.cp.api.post<{ token: string }>('/tokens', { name: 'prometheus', role: 'viewer' })
      const cpTarget = new URL(w.cp.url).host
      prom = await startPrometheus(
        [
          'global: { scrape_interval: 1s, evaluation_interval: 1s }',
          'scrape_configs:',
          '  - job_name: scops-control-plane',
          `    authorization: { credentials: ${viewer.token} }`,
          `    static_configs: [{ targets: ["${cpTarget}"] }]`,
          '  - job_name: scops-agent',
          `    static_configs: [{ targets: ["127.0.0.1:${agentMetricsPort}"] }]`,
        ].join('\n'),
      )
      const up = await waitFor(
        async () => {
          const r = await promQuery(prom!, 'up')
          return r.length === 2 && r.every((s) => s.value[1] === '1') ? r : undefined
        },
        { timeoutMs: 60_000, intervalMs: 500, description: 'both targets up in Prometheus' },
      )
      expect(up.map((s) => s.metric['job']).sort()).toEqual(['scops-agent', 'scops-control-plane'])
      const online = await waitFor(async () => (await promQuery(prom!, 'scops_hosts{state="online"}'))[0], { timeoutMs: 30_000, description: 'scops_hosts in Prometheus' })
      expect(Number(online.value[1])).toBe(1)
      const cycles = await waitFor(async () => (await promQuery(prom!, 'sum(scops_agent_cycles_total)'))[0], { timeoutMs: 30_000, description: 'agent cycles in Prometheus' })
      expect(Number(cycles.value[1])).toBeGreaterThan(0)
      const health = await waitFor(async () => {
        const r = await promQuery(prom!, 'scops_agent_collector_up{job="scops-agent"}')
        return r.length > 0 ? r : undefined
      }, { timeoutMs: 30_000, description: 'collector health in Prometheus' })
      expect(health.map((s) => s.metric['collector'])).toContain('cpu')
      // Every panel of the Grafana dashboard is a query this Prometheus accepts (promQuery throws on an error).
      for (const expr of dashboardExpressions()) await promQuery(prom!, expr)
      const scored = await promQuery(prom!, 'max by (instance) (scops_agent_anomaly_score)')
      expect(scored.length).toBe(1)
    }, 120_000)

    it('an alert posted to a real Alertmanager reaches the control plane and the agent acts on it; the resolve clears it', async () => {
      const intake = await w.cp.api.post<{ token: string }>('/intake-tokens', { name: 'alertmanager e2e' })
      am = await startAlertmanager(
        [
          'route: { receiver: scops, group_by: [alertname], group_wait: 0s, group_interval: 1s, repeat_interval: 1h }',
          'receivers:',
          '  - name: scops',
          '    webhook_configs:',
          `      - url: ${w.cp.url}/api/v1/alerts/alertmanager`,
          '        send_resolved: true',
          `        http_config: { authorization: { credentials: ${intake.token} } }`,
        ].join('\n'),
      )
      const hostname = `e2e-${w.runId}`
      // One incarnation: the same startsAt in both posts; the resolve is an endsAt in the past.
      const startsAt = new Date(Date.now() - 10_000).toISOString()
      const postAlert = async (endsAt?: string) => {
        const res = await fetch(`${am!.url}/api/v2/alerts`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify([{ labels: { alertname: 'ScopsE2EHighCpu', hostname, severity: 'warning' }, annotations: { summary: 'CPU high' }, startsAt, ...(endsAt ? { endsAt } : {}) }]),
        })
        expect(res.status, await res.text()).toBe(200)
      }
      await postAlert()
      await waitFor(() => w.agent.logs.some((l) => l['msg'] === 'alert inputs applied' && JSON.stringify(l['alerts']).includes('ScopsE2EHighCpu=1')), {
        timeoutMs: 60_000,
        description: 'the agent to get alert:ScopsE2EHighCpu = 1',
      })
      const decision = await waitFor(async () => (await decisionsOf(w)).find((d) => d.rule === AM_RULE), { timeoutMs: 60_000, intervalMs: 500, description: 'a decision of the Alertmanager rule' })
      expect(decision.outcome).toBe('execute')
      const raised = await waitFor(
        async () => (await w.cp.api.get<{ alerts: Array<{ rule: string | null; summary: string; hostname: string }> }>('/alerts')).alerts.find((a) => a.rule === AM_RULE),
        { timeoutMs: 60_000, intervalMs: 500, description: 'the send_alert of the agent in GET /alerts' },
      )
      expect(raised).toMatchObject({ hostname, summary: 'Alertmanager reports high CPU', rule: AM_RULE })
      // The stored alert as Alertmanager sent it: firing, with the default 9h bound before it would expire unseen.
      const external = async () => (await w.cp.api.get<{ alerts: Array<{ name: string; state: string; hostname: string; last_seen_at: string; expires_at: string | null }> }>('/external-alerts')).alerts.find((a) => a.name === 'ScopsE2EHighCpu')
      const firing = await external()
      expect(firing).toMatchObject({ hostname, state: 'firing' })
      expect(Date.parse(firing!.expires_at!) - Date.parse(firing!.last_seen_at)).toBe(9 * 3600_000)

      await postAlert(new Date(Date.now() - 1000).toISOString())
      await waitFor(() => w.agent.logs.some((l) => l['msg'] === 'alert inputs applied' && JSON.stringify(l['alerts']).includes('ScopsE2EHighCpu=0')), {
        timeoutMs: 60_000,
        description: 'the resolve to reach the agent as alert:ScopsE2EHighCpu = 0',
      })
      expect(await external()).toMatchObject({ state: 'resolved', expires_at: null })
    }, 180_000)
  })
})
