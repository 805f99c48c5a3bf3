import { call, type Api } from '../api'
import { ago, labels, table, type Out } from '../output'

export async function status(api: Api, out: Out): Promise<void> {
  const s = await call(api, 'status', api.client.GET('/api/v1/remediation/status', {}))
  if (out.json) return out.write(JSON.stringify(s, null, 2) + '\n')
  const h = s.hosts
  out.write(
    [
      `remediation: ${s.mode}${s.remediation_switch === 'on' ? '' : ' (engine disabled in settings)'}${s.effective_override.scope !== 'default' ? ` — ${s.effective_override.scope} override: ${s.effective_override.reason ?? ''}` : ''}`,
      `hosts: ${h.total} (online ${h.online}, stale ${h.stale}, offline ${h.offline}, never connected ${h.never_connected}) — enabled ${h.enabled}, dry-run ${h.dry_run}, paused ${h.paused}`,
      `ruleset: version ${s.ruleset_version}, ${s.enabled_rules}/${s.total_rules} rules enabled; in use: ${s.ruleset_versions_in_use.map((v) => `v${v.version ?? 'none'}×${v.hosts}`).join(' ') || '-'}`,
      `models in use: ${s.model_versions_in_use.map((v) => `${v.version ?? 'built-in'}×${v.hosts}`).join(' ') || '-'}`,
      `actions recorded: ${s.total_actions}`,
      '',
    ].join('\n'),
  )
  if (s.active_overrides.length) {
    out.write('active overrides:\n')
    out.write(table(s.active_overrides.map((o) => [o.id, o.mode, o.scope, o.label_selector ?? labels(o.selector), o.expires_at ? ago(o.expires_at) : 'no expiry', o.reason]), ['ID', 'MODE', 'SCOPE', 'SELECTOR', 'EXPIRES', 'REASON']))
  }
}

export async function hosts(api: Api, out: Out, opts: { selector?: string; state?: string }): Promise<void> {
  const query = { ...(opts.selector ? { selector: opts.selector } : {}), ...(opts.state ? { state: opts.state as 'online' } : {}), limit: 1000 }
  const res = await call(api, 'hosts', api.client.GET('/api/v1/hosts', { params: { query } }))
  if (out.json) return out.write(JSON.stringify(res, null, 2) + '\n')
  out.write(
    table(
      res.hosts.map((h) => [h.hostname, h.id, h.connection_state, labels(h.labels), h.agent_version, h.applied.ruleset_version, h.last_anomaly_score?.toFixed(2), ago(h.last_seen_at)]),
      ['HOSTNAME', 'ID', 'STATE', 'LABELS', 'AGENT', 'RULESET', 'SCORE', 'LAST SEEN'],
    ),
  )
  if (res.total > res.hosts.length) out.write(`(${res.hosts.length} of ${res.total} shown)\n`)
}

export async function host(api: Api, out: Out, idOrHostname: string): Promise<void> {
  const d = await call(api, `host ${idOrHostname}`, api.client.GET('/api/v1/hosts/{id}', { params: { path: { id: idOrHostname } } }))
  const acts = await call(api, 'actions', api.client.GET('/api/v1/hosts/{id}/actions', { params: { path: { id: d.id }, query: { limit: 10 } } }))
  if (out.json) return out.write(JSON.stringify({ ...d, recent_actions: acts.actions }, null, 2) + '\n')
  const o = d.effective_override
  out.write(
    [
      `${d.hostname} (${d.id}) — ${d.connection_state}, last seen ${ago(d.last_seen_at)}`,
      `labels: ${labels(d.labels)}   agent: ${d.agent_version ?? '-'}`,
      `remediation: ${o.mode}${o.scope !== 'default' ? ` (${o.scope} override${o.reason ? `: ${o.reason}` : ''}${o.expires_at ? `, expires ${ago(o.expires_at)}` : ''})` : ''}`,
      `ruleset: applied v${d.applied.ruleset_version ?? '-'}, desired v${d.desired.ruleset_version} (${d.in_sync ? 'in sync' : 'not in sync'}); model: ${d.model.active_version ?? 'built-in'}`,
      `anomaly score: ${d.anomaly_score?.toFixed(3) ?? '-'}`,
      '',
    ].join('\n'),
  )
  if (acts.actions.length) {
    out.write('recent actions:\n')
    out.write(table(acts.actions.map((a) => [a.started_at, a.rule, a.action, a.status, a.verified === null ? '-' : a.verified ? 'cleared' : 'not cleared', a.error?.message]), ['STARTED', 'RULE', 'ACTION', 'STATUS', 'VERIFIED', 'ERROR']))
  }
}
