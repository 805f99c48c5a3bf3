import { html } from 'htm/preact'
import { useEffect, useRef, useState } from 'preact/hooks'
import uPlot from 'uplot'
import type { ApiClient, Schemas } from '../../../src/api-client/client'
import { unwrap } from '../session'

const ranges = { '15m': 15 * 60_000, '1h': 3_600_000, '6h': 6 * 3_600_000, '24h': 24 * 3_600_000 } as const
type Range = keyof typeof ranges

/** Metric and anomaly-score charts (uPlot) over the chosen range. */
function Chart(props: { samples: Schemas['MetricSample'][] }) {
  const el = useRef<HTMLDivElement>(null)
  useEffect(() => {
    if (!el.current) return
    const rows = [...props.samples].reverse()
    const xs = rows.map((s) => new Date(s.ts).getTime() / 1000)
    const col = (k: string) => rows.map((s) => s.metrics[k] ?? null)
    const plot = new uPlot(
      {
        width: 800,
        height: 260,
        scales: { pct: { range: [0, 100] }, score: { range: [0, 1] } },
        series: [
          {},
          { label: 'cpu %', stroke: '#1f6feb', scale: 'pct' },
          { label: 'memory %', stroke: '#8250df', scale: 'pct' },
          { label: 'anomaly score', stroke: '#d1242f', scale: 'score' },
        ],
        axes: [{}, { scale: 'pct' }, { scale: 'score', side: 1 }],
      },
      [xs, col('cpu_percent'), col('memory_percent'), rows.map((s) => s.anomaly_score ?? s.metrics.ml_anomaly_score ?? null)],
      el.current,
    )
    return () => plot.destroy()
  }, [props.samples])
  return html`<div ref=${el} data-testid="chart" data-points=${props.samples.length}></div>`
}

type Driver = { metric: string; contribution: number }

/** "cpu_percent 62%, memory_percent 30%": a score's drivers as the share each had of it. */
const drivers = (ds: readonly Driver[]) => ds.map((d) => `${d.metric} ${Math.round(d.contribution * 100)}%`).join(', ')

/** Scores at or above this are "high" here: calibrated, 0.9 = more unusual than 90% of the host's normal. */
const HIGH_SCORE = 0.9

/**
 * Beside the chart: the highest-scored samples of the range (≥ HIGH_SCORE, at most 5) with the
 * metrics that drove each score, as the agent's model explained them.
 */
function ScoreDrivers(props: { samples: Schemas['MetricSample'][] }) {
  const high = props.samples
    .filter((s) => (s.anomaly_score ?? 0) >= HIGH_SCORE && s.explanation?.length)
    .sort((a, b) => b.anomaly_score! - a.anomaly_score! || b.ts.localeCompare(a.ts))
    .slice(0, 5)
  return html`<div class="drivers" data-testid="score-drivers">
    <h3>What drove high scores</h3>
    ${high.length === 0
      ? html`<p>No score ≥ ${HIGH_SCORE} with an explanation in this range.</p>`
      : html`<table><tr><th>sample</th><th>score</th><th>metrics (share of the score)</th></tr>
          ${high.map((s) => html`<tr data-testid="driver-row"><td>${s.ts}</td><td>${s.anomaly_score!.toFixed(3)}</td><td>${drivers(s.explanation!)}</td></tr>`)}</table>`}
  </div>`
}

export function HostView(props: { api: ApiClient; id: string }) {
  const { api, id } = props
  const [range, setRange] = useState<Range>('1h')
  const [host, setHost] = useState<Schemas['HostDetail'] | null>(null)
  const [samples, setSamples] = useState<Schemas['MetricSample'][]>([])
  const [decisions, setDecisions] = useState<Schemas['Decision'][]>([])
  const [actions, setActions] = useState<Schemas['Action'][]>([])
  const [error, setError] = useState<string | null>(null)
  useEffect(() => {
    const from = new Date(Date.now() - ranges[range]).toISOString()
    const path = { id }
    Promise.all([
      unwrap(api.GET('/api/v1/hosts/{id}', { params: { path } })),
      unwrap(api.GET('/api/v1/hosts/{id}/metrics', { params: { path, query: { from, limit: 5000 } } })),
      unwrap(api.GET('/api/v1/hosts/{id}/decisions', { params: { path, query: { from, limit: 50 } } })),
      unwrap(api.GET('/api/v1/hosts/{id}/actions', { params: { path, query: { from, limit: 50 } } })),
    ])
      .then(([h, m, d, a]) => (setHost(h), setSamples(m.samples), setDecisions(d.decisions), setActions(a.actions)))
      .catch((e: Error) => setError(e.message))
  }, [api, id, range])
  if (error) return html`<p class="error">${error}</p>`
  if (!host) return html`<p>Loading…</p>`
  const o = host.effective_override
  return html`
    <section>
      <h2 data-testid="host-title">${host.hostname} <small>${host.id}</small></h2>
      <p>${host.connection_state}, agent ${host.agent_version ?? '–'}, remediation <span class=${o.mode}>${o.mode}</span>${o.scope !== 'default' ? ` (${o.scope} override: ${o.reason ?? ''})` : ''};
        ruleset applied v${host.applied.ruleset_version ?? '–'} / desired v${host.desired.ruleset_version}; model ${host.model.active_version ?? 'built-in'}.</p>
    </section>
    <section>
      <h2>Metrics and anomaly score</h2>
      <label>range <select data-testid="range" value=${range} onChange=${(e: Event) => setRange((e.target as HTMLSelectElement).value as Range)}>
        ${Object.keys(ranges).map((r) => html`<option value=${r}>${r}</option>`)}</select></label>
      ${samples.length ? html`<div class="beside"><${Chart} samples=${samples} /><${ScoreDrivers} samples=${samples} /></div>` : html`<p>No samples in this range.</p>`}
    </section>
    <section>
      <h2>Decisions</h2>
      <table data-testid="decisions"><tr><th>sample</th><th>rule</th><th>outcome</th><th>explanation</th></tr>
        ${decisions.map((d) => html`<tr><td>${d.sample_ts}</td><td>${d.rule}</td><td>${d.outcome}${d.suppressed_by !== 'none' ? ` (${d.suppressed_by})` : ''}</td><td>${d.reason}${d.score_explanation?.length ? html`<br /><small data-testid="decision-drivers">anomaly score driven by ${drivers(d.score_explanation)}</small>` : null}</td></tr>`)}</table>
    </section>
    <section>
      <h2>Actions</h2>
      <table data-testid="actions"><tr><th>started</th><th>rule</th><th>action</th><th>status</th><th>verification</th><th>error</th></tr>
        ${actions.map((a) => html`<tr><td>${a.started_at}</td><td>${a.rule}</td><td>${a.action}</td><td>${a.status}</td><td>${a.verified === null ? '–' : a.verified ? 'cleared' : 'not cleared'}</td><td>${a.error?.message ?? ''}</td></tr>`)}</table>
    </section>
  `
}
