import { html } from 'htm/preact'
import { useEffect, useState } from 'preact/hooks'
import type { ApiClient, Schemas } from '../../../src/api-client/client'
import { unwrap } from '../session'

type Rollout = Schemas['Rollout']

const what = (r: Rollout) => (r.kind === 'ruleset' ? `ruleset v${r.from_ruleset_version ?? '–'} → v${r.to_ruleset_version ?? '–'}` : `model ${r.to_model_version ?? '–'}`)
const stageText = (s: Rollout['stages'][number]) => (s.selector !== null ? `hosts matching ${s.selector}` : `${s.percent}% of hosts`)

/**
 * Staged rollouts on the overview: the active ones with their stage, what the stage covers, when
 * its soak ends and the last health-gate verdict; then the few most recent finished ones with why
 * they ended (a rollback's reason carries the gate's numbers). Polled like the rest of the page.
 */
export function Rollouts(props: { api: ApiClient }) {
  const [rollouts, setRollouts] = useState<Rollout[] | null>(null)
  const [error, setError] = useState<string | null>(null)
  useEffect(() => {
    const load = () =>
      unwrap(props.api.GET('/api/v1/rollouts', { params: { query: { limit: 20 } } }))
        .then((d) => {
          setRollouts(d.rollouts)
          setError(null)
        })
        .catch((e: Error) => setError(e.message))
    void load()
    const t = setInterval(load, 5000)
    return () => clearInterval(t)
  }, [props.api])
  if (error) return html`<section><h2>Rollouts</h2><p class="error">${error}</p></section>`
  if (!rollouts) return null
  const active = rollouts.filter((r) => r.state === 'running' || r.state === 'paused')
  const finished = rollouts.filter((r) => !active.includes(r)).slice(0, 5)
  return html`
    <section>
      <h2>Rollouts</h2>
      ${active.length === 0
        ? html`<p data-testid="rollouts-none">No rollout in progress: every host runs the current ruleset and its assigned model.</p>`
        : html`<table data-testid="rollouts-active">
            <tr><th>what</th><th>state</th><th>stage</th><th>covers</th><th>soak ends</th><th>reason</th></tr>
            ${active.map(
              (r) =>
                html`<tr data-rollout=${r.id}><td>${what(r)}</td><td class=${r.state}>${r.state}</td><td>${r.stage} of ${r.stages.length}</td><td>${r.stages[r.stage - 1] ? stageText(r.stages[r.stage - 1]!) : '–'}</td><td>${r.soak_ends_at ?? '–'}</td><td>${r.reason ?? ''}</td></tr>`,
            )}
          </table>`}
      ${finished.length === 0
        ? null
        : html`<table data-testid="rollouts-finished">
            <tr><th>what</th><th>ended</th><th>at</th><th>why</th></tr>
            ${finished.map((r) => html`<tr data-rollout=${r.id}><td>${what(r)}</td><td class=${r.state}>${r.state}</td><td>${r.finished_at ?? '–'}</td><td>${r.reason ?? ''}</td></tr>`)}
          </table>`}
    </section>
  `
}
