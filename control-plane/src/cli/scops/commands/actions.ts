import type { Schemas } from '../../../api-client/client'
import { call, hostId, type Api } from '../api'
import { table, type Out } from '../output'

type Action = Schemas['Action']

const row = (a: Action) => [a.started_at, a.host_id, a.rule, a.action, a.status, a.verified === null ? '-' : a.verified ? 'cleared' : 'not cleared', a.error?.message]
const header = ['STARTED', 'HOST', 'RULE', 'ACTION', 'STATUS', 'VERIFIED', 'ERROR']

/**
 * Recent actions, newest first; with `follow`, keeps printing new and changed ones (oldest first,
 * one line each; one JSON object per line with --json) until interrupted or `signal` aborts.
 */
export async function actions(api: Api, out: Out, o: { host?: string; limit?: number; follow?: boolean; intervalMs?: number; signal?: AbortSignal }): Promise<void> {
  const host = o.host ? { host_id: await hostId(api, o.host) } : {}
  const fetchPage = () => call(api, 'actions', api.client.GET('/api/v1/remediation/actions', { params: { query: { ...host, limit: o.limit ?? 20 } } }))
  const first = await fetchPage()
  if (!o.follow) {
    if (out.json) return out.write(JSON.stringify(first, null, 2) + '\n')
    out.write(table(first.actions.map(row), header))
    return
  }
  const seen = new Map<string, string>()
  const emit = (list: Action[], headerFirst: boolean) => {
    const fresh = list.filter((a) => seen.get(a.id) !== `${a.status}/${a.verified}`).reverse()
    for (const a of fresh) seen.set(a.id, `${a.status}/${a.verified}`)
    if (out.json) for (const a of fresh) out.write(JSON.stringify(a) + '\n')
    else if (fresh.length || headerFirst) out.write(headerFirst ? table(fresh.map(row), header) : table(fresh.map(row), header).split('\n').slice(1).join('\n'))
  }
  emit(first.actions, true)
  while (!o.signal?.aborted) {
    await new Promise<void>((resolve) => {
      const t = setTimeout(resolve, o.intervalMs ?? 2000)
      o.signal?.addEventListener('abort', () => (clearTimeout(t), resolve()), { once: true })
    })
    if (o.signal?.aborted) break
    emit((await fetchPage()).actions, false)
  }
}
