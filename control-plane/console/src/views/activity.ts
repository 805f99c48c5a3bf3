import { html } from 'htm/preact'
import { useEffect, useRef, useState } from 'preact/hooks'
import uPlot from 'uplot'
import type { ApiClient, Schemas } from '../../../src/api-client/client'
import { unwrap } from '../session'

const ranges = { '1h': 3_600_000, '6h': 6 * 3_600_000, '24h': 24 * 3_600_000, '7d': 7 * 86_400_000 } as const
type Range = keyof typeof ranges

const series = [
  { key: 'decisions', label: 'decisions', stroke: '#1f6feb' },
  { key: 'suppressed', label: 'suppressed', stroke: '#b54708' },
  { key: 'dry_run', label: 'dry-run', stroke: '#8250df' },
  { key: 'actions', label: 'actions', stroke: '#067647' },
  { key: 'failed_actions', label: 'failed actions', stroke: '#b42318' },
] as const

function Chart(props: { data: Schemas['ActivitySeries'] }) {
  const el = useRef<HTMLDivElement>(null)
  useEffect(() => {
    if (!el.current) return
    const b = props.data.buckets
    const plot = new uPlot(
      {
        width: 800,
        height: 220,
        // Counts per bucket: stepped (a bucket is a span, not a point), whole-number ticks.
        series: [{}, ...series.map((s) => ({ label: s.label, stroke: s.stroke, width: 1.5, points: { show: false }, paths: uPlot.paths.stepped!({ align: 1 }) }))],
        scales: { y: { range: (_u, _min, max) => [0, Math.max(1, max)] } },
        axes: [{}, { incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000, 20_000, 50_000, 100_000] }],
      },
      [b.map((x) => new Date(x.start).getTime() / 1000), ...series.map((s) => b.map((x) => x[s.key]))],
      el.current,
    )
    return () => plot.destroy()
  }, [props.data])
  const total = (k: (typeof series)[number]['key']) => props.data.buckets.reduce((n, x) => n + x[k], 0)
  return html`<div ref=${el} data-testid="activity-chart" data-buckets=${props.data.buckets.length}
    data-decisions=${total('decisions')} data-suppressed=${total('suppressed')} data-actions=${total('actions')}></div>
    <p data-testid="activity-totals">${series.map((s) => `${s.label} ${total(s.key)}`).join(' · ')} — ${props.data.bucket_s}s buckets</p>`
}

/** Remediation activity over a chosen range, counted per bucket by the control plane (GET /activity). */
export function Activity(props: { api: ApiClient }) {
  const { api } = props
  const [range, setRange] = useState<Range>('24h')
  const [data, setData] = useState<Schemas['ActivitySeries'] | null>(null)
  const [error, setError] = useState<string | null>(null)
  useEffect(() => {
    const load = () => {
      const to = new Date()
      const from = new Date(to.getTime() - ranges[range])
      unwrap(api.GET('/api/v1/activity', { params: { query: { from: from.toISOString(), to: to.toISOString() } } })).then(setData, (e: Error) => setError(e.message))
    }
    load()
    const t = setInterval(load, 30_000)
    return () => clearInterval(t)
  }, [api, range])
  return html`<section>
    <h2>Remediation activity</h2>
    <label>range <select data-testid="activity-range" value=${range} onChange=${(e: Event) => setRange((e.target as HTMLSelectElement).value as Range)}>
      ${Object.keys(ranges).map((r) => html`<option value=${r}>${r}</option>`)}</select></label>
    ${error ? html`<p class="error">${error}</p>` : data ? html`<${Chart} data=${data} />` : html`<p>Loading…</p>`}
  </section>`
}
