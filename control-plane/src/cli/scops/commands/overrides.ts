import { call, hostId, type Api } from '../api'
import { CliError, exitCodes } from '../exit-codes'
import { labels, type Out } from '../output'

export interface TargetOpts {
  selector?: string
  host?: string
  reason?: string
  for?: string
}

async function target(api: Api, o: TargetOpts) {
  if (o.selector && o.host) throw new CliError(exitCodes.usage, 'give --selector or --host, not both (neither: the whole fleet)')
  if (o.host) return { host_id: await hostId(api, o.host) }
  return o.selector ? { selector: o.selector } : {}
}

/** pause (paused) and dry-run (dry_run): an override; prints how many hosts it covers. */
export async function setMode(api: Api, out: Out, mode: 'paused' | 'dry_run', o: TargetOpts): Promise<void> {
  const body = { ...(await target(api, o)), ...(o.reason ? { reason: o.reason } : {}), ...(o.for ? { expires_in: o.for } : {}) }
  const res =
    mode === 'paused'
      ? await call(api, 'pause', api.client.POST('/api/v1/remediation/disable', { body }))
      : await call(api, 'dry-run', api.client.POST('/api/v1/overrides', { body: { ...body, mode } }))
  if (out.json) return out.write(JSON.stringify(res, null, 2) + '\n')
  const where = res.scope === 'fleet' ? 'the whole fleet' : res.scope === 'host' ? `host ${res.selector.host_id}` : `hosts matching ${res.label_selector ?? labels(res.selector)}`
  out.write(`${mode === 'paused' ? 'paused' : 'dry-run'}: ${where} — ${res.matched_hosts} host(s) now; override ${res.id}${res.expires_at ? `, expires ${res.expires_at}` : ', no expiry'}\n`)
  for (const w of res.warnings) out.write(`warning: ${w}\n`)
}

export async function resume(api: Api, out: Out, o: TargetOpts): Promise<void> {
  const res = await call(api, 'resume', api.client.POST('/api/v1/remediation/enable', { body: await target(api, o) }))
  if (out.json) return out.write(JSON.stringify(res, null, 2) + '\n')
  out.write(`cleared ${res.cleared.length} override(s)${res.cleared.length ? `: ${res.cleared.map((c) => c.id).join(', ')}` : ' (none was set at exactly this scope)'}\n`)
  if (res.still_active.length) out.write(`still active elsewhere: ${res.still_active.map((c) => `${c.mode} ${c.scope} ${c.label_selector ?? labels(c.selector)}`).join('; ')}\n`)
}
