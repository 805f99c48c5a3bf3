import { html } from 'htm/preact'
import { useState } from 'preact/hooks'
import type { ApiClient } from '../../../src/api-client/client'
import { unwrap } from '../session'

type Scope = 'fleet' | 'group' | 'host'
type Mode = 'paused' | 'dry_run'

/**
 * Pause / dry-run / resume for the fleet, a label selector or one host, with reason and expiry. The
 * confirmation says how many hosts the change covers, counted by the API before anything is sent.
 */
export function Controls(props: { api: ApiClient; onChanged: () => void }) {
  const { api } = props
  const [scope, setScope] = useState<Scope>('fleet')
  const [target, setTarget] = useState('')
  const [mode, setMode] = useState<Mode>('paused')
  const [reason, setReason] = useState('')
  const [expires, setExpires] = useState('30m')
  const [confirm, setConfirm] = useState<{ action: 'set' | 'resume'; hosts: number } | null>(null)
  const [message, setMessage] = useState<string | null>(null)

  const body = () => (scope === 'group' ? { selector: target } : scope === 'host' ? { host_id: target } : {})
  const count = async () => {
    if (scope === 'host') return (await unwrap(api.GET('/api/v1/hosts/{id}', { params: { path: { id: target } } }))) ? 1 : 0
    const q = scope === 'group' ? { selector: target, limit: 1 } : { limit: 1 }
    return (await unwrap(api.GET('/api/v1/hosts', { params: { query: q } }))).total
  }
  const ask = async (action: 'set' | 'resume') => {
    setMessage(null)
    try {
      setConfirm({ action, hosts: await count() })
    } catch (e) {
      setMessage((e as Error).message)
    }
  }
  const run = async () => {
    const c = confirm
    setConfirm(null)
    try {
      if (c?.action === 'resume') {
        const r = await unwrap(api.POST('/api/v1/remediation/enable', { body: body() }))
        setMessage(`Cleared ${r.cleared.length} override(s).`)
      } else {
        const b = { ...body(), ...(reason ? { reason } : {}), ...(expires ? { expires_in: expires } : {}) }
        const r = mode === 'paused' ? await unwrap(api.POST('/api/v1/remediation/disable', { body: b })) : await unwrap(api.POST('/api/v1/overrides', { body: { ...b, mode } }))
        setMessage(`${mode === 'paused' ? 'Paused' : 'Dry-run'}: ${r.matched_hosts} host(s). ${r.warnings.join(' ')}`)
      }
      props.onChanged()
    } catch (e) {
      setMessage((e as Error).message)
    }
  }
  const verb = confirm?.action === 'resume' ? 'Resume remediation on' : mode === 'paused' ? 'Pause remediation on' : 'Dry-run remediation on'
  const what = scope === 'fleet' ? 'the whole fleet' : scope === 'group' ? `hosts matching ${target}` : `host ${target}`
  return html`
    <section data-testid="controls">
      <h2>Controls</h2>
      <form onSubmit=${(e: Event) => (e.preventDefault(), void ask('set'))}>
        <label>scope<select name="scope" value=${scope} onChange=${(e: Event) => setScope((e.target as HTMLSelectElement).value as Scope)}>
          <option value="fleet">fleet</option><option value="group">group (selector)</option><option value="host">host</option></select></label>
        ${scope !== 'fleet' ? html`<label>${scope === 'group' ? 'selector' : 'host id or hostname'}<input name="target" value=${target} onInput=${(e: Event) => setTarget((e.target as HTMLInputElement).value)} /></label>` : null}
        <label>mode<select name="mode" value=${mode} onChange=${(e: Event) => setMode((e.target as HTMLSelectElement).value as Mode)}><option value="paused">pause</option><option value="dry_run">dry-run</option></select></label>
        <label>reason<input name="reason" value=${reason} onInput=${(e: Event) => setReason((e.target as HTMLInputElement).value)} /></label>
        <label>expires in<input name="expires" size="6" value=${expires} onInput=${(e: Event) => setExpires((e.target as HTMLInputElement).value)} /></label>
        <button type="submit" data-testid="apply">${mode === 'paused' ? 'Pause…' : 'Dry-run…'}</button>
        <button type="button" data-testid="resume" onClick=${() => void ask('resume')}>Resume…</button>
      </form>
      ${confirm
        ? html`<div role="dialog" data-testid="confirm"><p>${verb} ${what}: <b data-testid="confirm-count">${confirm.hosts}</b> host(s) now.</p>
            <button data-testid="confirm-yes" onClick=${() => void run()}>Confirm</button> <button onClick=${() => setConfirm(null)}>Cancel</button></div>`
        : null}
      ${message ? html`<p data-testid="control-message">${message}</p>` : null}
    </section>
  `
}
