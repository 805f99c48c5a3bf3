import type { Schemas } from '../../../api-client/client'
import { call, hostId, type Api } from '../api'
import { CliError, exitCodes } from '../exit-codes'
import { table, type Out } from '../output'

type Alert = Schemas['Alert']

const states = ['firing', 'resolved'] as const
const severities = ['info', 'warning', 'critical'] as const

/** A flag value that must be one of a few words: a usage error naming them otherwise (not a 400 from the server). */
function oneOf<T extends string>(flag: string, v: string | undefined, allowed: readonly T[]): T | undefined {
  if (v === undefined) return undefined
  if ((allowed as readonly string[]).includes(v)) return v as T
  throw new CliError(exitCodes.usage, `--${flag} must be one of ${allowed.join(', ')}, not ${JSON.stringify(v)}`)
}

const row = (a: Alert) => [a.raised_at, a.hostname, a.severity, a.status, a.rule, a.delivery_status, a.summary]
const header = ['RAISED', 'HOST', 'SEVERITY', 'STATE', 'RULE', 'DELIVERY', 'SUMMARY']

/** Alerts raised by agents, newest first, narrowed by state, severity and host. */
export async function alerts(api: Api, out: Out, o: { state?: string; severity?: string; host?: string; limit?: number }): Promise<void> {
  const status = oneOf('state', o.state, states)
  const severity = oneOf('severity', o.severity, severities)
  const query = {
    ...(status ? { status } : {}),
    ...(severity ? { severity } : {}),
    ...(o.host ? { host_id: await hostId(api, o.host) } : {}),
    limit: o.limit ?? 50,
  }
  const res = await call(api, 'alerts', api.client.GET('/api/v1/alerts', { params: { query } }))
  if (out.json) return out.write(JSON.stringify(res, null, 2) + '\n')
  out.write(table(res.alerts.map(row), header))
  if (res.total > res.alerts.length) out.write(`(${res.alerts.length} of ${res.total} shown; --limit N for more)\n`)
}
