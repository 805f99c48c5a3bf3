import { html } from 'htm/preact'
import { useCallback, useEffect, useState } from 'preact/hooks'
import type { ApiClient, Schemas } from '../../../src/api-client/client'
import { canOperate, unwrap, type Principal } from '../session'
import { Controls } from './controls'

const labels = (l: Record<string, string>) => Object.entries(l).map(([k, v]) => `${k}=${v}`).join(', ')

export function Overview(props: { api: ApiClient; me: Principal }) {
  const { api } = props
  const [status, setStatus] = useState<Schemas['RemediationStatus'] | null>(null)
  const [hosts, setHosts] = useState<Schemas['Host'][]>([])
  const [error, setError] = useState<string | null>(null)
  const load = useCallback(async () => {
    try {
      const [s, h] = await Promise.all([unwrap(api.GET('/api/v1/remediation/status', {})), unwrap(api.GET('/api/v1/hosts', { params: { query: { limit: 1000 } } }))])
      setStatus(s)
      setHosts(h.hosts)
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
      <p>Ruleset v${status.ruleset_version}; in use: ${status.ruleset_versions_in_use.map((v) => `v${v.version ?? '–'} × ${v.hosts}`).join(', ') || '–'}.
        Models: ${status.model_versions_in_use.map((v) => `${v.version ?? 'built-in'} × ${v.hosts}`).join(', ') || '–'}.</p>
    </section>
    ${canOperate(props.me) ? html`<${Controls} api=${api} onChanged=${load} />` : null}
    <section>
      <h2>Active overrides</h2>
      ${status.active_overrides.length === 0
        ? html`<p>None: remediation runs everywhere.</p>`
        : html`<table data-testid="overrides"><tr><th>mode</th><th>scope</th><th>selector</th><th>reason</th><th>expires</th></tr>
            ${status.active_overrides.map((o) => html`<tr><td class=${o.mode}>${o.mode}</td><td>${o.scope}</td><td>${labels(o.selector)}</td><td>${o.reason}</td><td>${o.expires_at ?? 'never'}</td></tr>`)}</table>`}
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
      <table><tr><th>started</th><th>host</th><th>rule</th><th>action</th><th>status</th><th>verified</th></tr>
        ${status.recent_actions.map((a) => html`<tr><td>${a.started_at}</td><td>${a.host_id}</td><td>${a.rule}</td><td>${a.action}</td><td>${a.status}</td><td>${a.verified === null ? '–' : a.verified ? 'cleared' : 'not cleared'}</td></tr>`)}
      </table>
    </section>
  `
}
