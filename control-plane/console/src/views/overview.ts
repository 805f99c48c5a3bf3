import { html } from 'htm/preact'
import { useCallback, useEffect, useState } from 'preact/hooks'
import type { ApiClient, Schemas } from '../../../src/api-client/client'
import { canOperate, unwrap, type Principal } from '../session'
import { Activity } from './activity'
import { Controls } from './controls'
import { Rollouts } from './rollouts'

const labels = (l: Record<string, string>) => Object.entries(l).map(([k, v]) => `${k}=${v}`).join(', ')

/** One kind of version with how many hosts run each. */
const versionTable = (kind: string, testid: string, rows: [string, number][]) =>
  html`<table data-testid=${testid} class="versions"><tr><th>${kind} version</th><th>hosts</th></tr>${rows.map(([v, n]) => html`<tr><td>${v}</td><td>${n}</td></tr>`)}</table>`

export function Overview(props: { api: ApiClient; me: Principal }) {
  const { api } = props
  const [status, setStatus] = useState<Schemas['RemediationStatus'] | null>(null)
  const [hosts, setHosts] = useState<Schemas['Host'][]>([])
  const [alerts, setAlerts] = useState<Schemas['Alert'][]>([])
  const [error, setError] = useState<string | null>(null)
  const load = useCallback(async () => {
    try {
      const [s, h, a] = await Promise.all([
        unwrap(api.GET('/api/v1/remediation/status', {})),
        unwrap(api.GET('/api/v1/hosts', { params: { query: { limit: 1000 } } })),
        unwrap(api.GET('/api/v1/alerts', { params: { query: { limit: 10 } } })),
      ])
      setStatus(s)
      setHosts(h.hosts)
      setAlerts(a.alerts)
    } catch (e) {
      setError((e as Error).message)
    }
  }, [api])
  useEffect(() => {
    void load()
    const t = setInterval(load, 5000)
    return () => clearInterval(t)
  }, [load])
  if (error) return html`<p class="error">${error}</p>`
  if (!status) return html`<p>Loading…</p>`
  const c = status.hosts
  // An action carries its host's id; name it as the hosts table does (the id past the first 1000 hosts).
  const hostname = new Map(hosts.map((h) => [h.id, h.hostname]))
  return html`
    <section>
      <h2>Fleet</h2>
      <div class="counts" data-testid="counts">
        <span class="count"><b>${c.total}</b>hosts</span>
        <span class="count"><b>${c.online}</b>online</span>
        <span class="count"><b>${c.stale}</b>stale</span>
        <span class="count"><b>${c.offline + c.never_connected}</b>offline</span>
        <span class="count enabled"><b>${c.enabled}</b>enabled</span>
        <span class="count dry_run"><b>${c.dry_run}</b>dry-run</span>
        <span class="count paused"><b data-testid="paused-count">${c.paused}</b>paused</span>
      </div>
    </section>
    <section>
      <h2>Versions in use <small>(current ruleset v${status.ruleset_version})</small></h2>
      <div class="beside" data-testid="versions">
        ${versionTable('agent', 'agent-versions', status.agent_versions_in_use.map((v) => [v.version ?? 'never connected', v.hosts]))}
        ${versionTable('ruleset', 'ruleset-versions-in-use', status.ruleset_versions_in_use.map((v) => [v.version === null ? 'none applied' : `v${v.version}${v.version === status.ruleset_version ? ' (current)' : ''}`, v.hosts]))}
        ${versionTable('model', 'model-versions', status.model_versions_in_use.map((v) => [v.version ?? 'built-in / not reported', v.hosts]))}
      </div>
    </section>
    <${Rollouts} api=${api} />
    <${Activity} api=${api} />
    ${canOperate(props.me) ? html`<${Controls} api=${api} onChanged=${load} />` : null}
    <section>
      <h2>Active overrides</h2>
      ${status.active_overrides.length === 0
        ? html`<p>None: remediation runs everywhere.</p>`
        : html`<table data-testid="overrides"><tr><th>mode</th><th>scope</th><th>selector</th><th>reason</th><th>expires</th></tr>
            ${status.active_overrides.map((o) => html`<tr><td class=${o.mode}>${o.mode}</td><td>${o.scope}</td><td>${o.label_selector ?? labels(o.selector)}</td><td>${o.reason}</td><td>${o.expires_at ?? 'never'}</td></tr>`)}</table>`}
    </section>
    <section>
      <h2>Hosts</h2>
      <table data-testid="hosts">
        <tr><th>hostname</th><th>state</th><th>labels</th><th>agent</th><th>ruleset</th><th>score</th><th>last seen</th></tr>
        ${hosts.map((h) => html`<tr><td><a href=${`#/hosts/${encodeURIComponent(h.id)}`}>${h.hostname}</a></td><td>${h.connection_state}</td><td>${labels(h.labels)}</td><td>${h.agent_version ?? '–'}</td><td>${h.applied.ruleset_version ?? '–'}</td><td>${h.last_anomaly_score?.toFixed(2) ?? '–'}</td><td>${h.last_seen_at ?? 'never'}</td></tr>`)}
      </table>
    </section>
    <section>
      <h2>Recent actions</h2>
      <table data-testid="recent-actions"><tr><th>started</th><th>host</th><th>rule</th><th>action</th><th>status</th><th>verified</th></tr>
        ${status.recent_actions.map((a) => html`<tr><td>${a.started_at}</td><td><a href=${`#/hosts/${encodeURIComponent(a.host_id)}`}>${hostname.get(a.host_id) ?? a.host_id}</a></td><td>${a.rule}</td><td>${a.action}</td><td>${a.status}</td><td>${a.verified === null ? '–' : a.verified ? 'cleared' : 'not cleared'}</td></tr>`)}
      </table>
    </section>
    <section>
      <h2>Recent alerts</h2>
      ${alerts.length === 0
        ? html`<p data-testid="alerts-none">No alerts.</p>`
        : html`<table data-testid="recent-alerts"><tr><th>raised</th><th>host</th><th>severity</th><th>summary</th><th>status</th><th>delivery</th></tr>
            ${alerts.map((a) => html`<tr><td>${a.raised_at}</td><td>${a.hostname}</td><td class=${a.severity}>${a.severity}</td><td>${a.summary}</td><td>${a.status}</td><td>${a.delivery_status}</td></tr>`)}</table>`}
    </section>
  `
}
