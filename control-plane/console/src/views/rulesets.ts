import { html } from 'htm/preact'
import { useEffect, useState } from 'preact/hooks'
import type { ApiClient, Schemas } from '../../../src/api-client/client'
import { unwrap } from '../session'

type Diff = Schemas['RulesetDiff']
type Rule = Schemas['Rule']

/** The rules file of one version, as `scops rules export --version N` prints it (the API's own YAML). */
async function exportYaml(api: ApiClient, version: number): Promise<string> {
  const r = await api.GET('/api/v1/rulesets/export', { params: { query: { version, format: 'yaml' } }, parseAs: 'text' })
  if (!r.response.ok) throw new Error(`export of version ${version}: HTTP ${r.response.status}`)
  return r.data as unknown as string
}

const show = (v: unknown) => (v === undefined ? '(absent)' : JSON.stringify(v))

function DiffView(props: { diff: Diff }) {
  const d = props.diff
  const nothing = !d.added.length && !d.removed.length && !d.changed.length
  return html`<div data-testid="ruleset-diff">
    <p>v${d.from} → v${d.to}: ${d.added.length} added, ${d.removed.length} removed, ${d.changed.length} changed, ${d.unchanged.length} unchanged.</p>
    ${nothing ? html`<p>The two versions have the same rules.</p>` : null}
    <ul class="diff">
      ${d.added.map((r) => html`<li class="added" data-testid="diff-added">+ ${r.name}</li>`)}
      ${d.removed.map((r) => html`<li class="removed" data-testid="diff-removed">− ${r.name}</li>`)}
      ${d.changed.map(
        (c) => html`<li class="changed" data-testid="diff-changed">~ ${c.name} <small>(${c.fields.join(', ')})</small>
          <table>${c.fields.map((f) => html`<tr><td>${f}</td><td class="removed">${show(c.before[f as keyof Rule])}</td><td class="added">${show(c.after[f as keyof Rule])}</td></tr>`)}</table></li>`,
      )}
    </ul>
  </div>`
}

/**
 * Ruleset versions (newest first, which one is current), one version shown as its rules file, and
 * what changed between two versions (GET /rulesets/diff: rules by name, the fields that differ).
 */
export function RulesetsView(props: { api: ApiClient }) {
  const { api } = props
  const [list, setList] = useState<Schemas['RulesetVersionList'] | null>(null)
  const [shown, setShown] = useState<{ version: number; yaml: string } | null>(null)
  const [pair, setPair] = useState<{ from: number; to: number } | null>(null)
  const [diff, setDiff] = useState<Diff | null>(null)
  const [error, setError] = useState<string | null>(null)
  const fail = (e: Error) => setError(e.message)

  useEffect(() => {
    unwrap(api.GET('/api/v1/rulesets', { params: { query: { limit: 100 } } }))
      .then((l) => {
        setList(l)
        const [newest, previous] = l.versions
        if (newest) void exportYaml(api, newest.version).then((yaml) => setShown({ version: newest.version, yaml }), fail)
        if (newest && previous) setPair({ from: previous.version, to: newest.version })
      })
      .catch(fail)
  }, [api])
  useEffect(() => {
    if (!pair) return
    setDiff(null)
    unwrap(api.GET('/api/v1/rulesets/diff', { params: { query: pair } })).then(setDiff, fail)
  }, [api, pair?.from, pair?.to])

  if (error) return html`<p class="error" role="alert">${error}</p>`
  if (!list) return html`<p>Loading…</p>`
  const pick = (which: 'from' | 'to') => (e: Event) => {
    const v = Number((e.target as HTMLSelectElement).value)
    setPair((p) => ({ from: p?.from ?? v, to: p?.to ?? v, [which]: v }))
  }
  const options = (selected: number | undefined) => list.versions.map((v) => html`<option value=${v.version} selected=${v.version === selected}>v${v.version}</option>`)
  return html`
    <section>
      <h2>Ruleset versions</h2>
      <table data-testid="ruleset-versions"><tr><th>version</th><th>created</th><th>author</th><th>rules</th><th>message</th><th></th></tr>
        ${list.versions.map(
          (v) => html`<tr data-version=${v.version}><td>v${v.version}${v.version === list.current_version ? html` <b>current</b>` : null}</td><td>${v.created_at}</td><td>${v.author}</td><td>${v.rule_count}</td><td>${v.message}</td>
            <td><button data-testid=${`show-${v.version}`} onClick=${() => void exportYaml(api, v.version).then((yaml) => setShown({ version: v.version, yaml }), fail)}>YAML</button></td></tr>`,
        )}
      </table>
    </section>
    <section>
      <h2>Diff</h2>
      ${list.versions.length < 2
        ? html`<p>Only one version so far.</p>`
        : html`<form onSubmit=${(e: Event) => e.preventDefault()}>
              <label>from<select name="from" onChange=${pick('from')}>${options(pair?.from)}</select></label>
              <label>to<select name="to" onChange=${pick('to')}>${options(pair?.to)}</select></label>
            </form>
            ${diff ? html`<${DiffView} diff=${diff} />` : html`<p>Loading…</p>`}`}
    </section>
    ${shown
      ? html`<section>
          <h2>Version ${shown.version} as YAML <small>(scops rules export --version ${shown.version})</small></h2>
          <pre data-testid="ruleset-yaml" data-version=${shown.version}>${shown.yaml}</pre>
        </section>`
      : null}
  `
}
