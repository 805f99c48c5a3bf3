import type { Schemas } from '../../../api-client/client'
import { call, hostId, type Api } from '../api'
import { table, type Out } from '../output'

type Action = Schemas['Action']

const header = ['STARTED', 'HOST', 'RULE', 'ACTION', 'STATUS', 'VERIFIED', 'ERROR']

/**
 * Hostnames for the table (an action carries only its host's id): looked up once per host and
 * kept, so `--follow` asks again only for a host it has not shown yet. A host that cannot be
 * looked up (deleted since) is shown by its id.
 */
function hostnames(api: Api): (list: Action[]) => Promise<Map<string, string>> {
  const known = new Map<string, string>()
  return async (list) => {
    const missing = [...new Set(list.map((a) => a.host_id))].filter((id) => !known.has(id))
    await Promise.all(
      missing.map(async (id) => {
        const { data } = await api.client.GET('/api/v1/hosts/{id}', { params: { path: { id } } }).catch(() => ({ data: undefined }))
        known.set(id, data?.data.hostname ?? id)
      }),
    )
    return known
  }
}

/**
 * Recent actions, newest first; with `follow`, keeps printing new and changed ones (oldest first,
 * one line each; one JSON object per line with --json) until interrupted or `signal` aborts.
 */
export async function actions(api: Api, out: Out, o: { host?: string; limit?: number; follow?: boolean; intervalMs?: number; signal?: AbortSignal }): Promise<void> {
  const host = o.host ? { host_id: await hostId(api, o.host) } : {}
  const fetchPage = () => call(api, 'actions', api.client.GET('/api/v1/remediation/actions', { params: { query: { ...host, limit: o.limit ?? 20 } } }))
  const names = hostnames(api)
  const rows = async (list: Action[]) => {
    const name = await names(list)
    return list.map((a) => [a.started_at, name.get(a.host_id), a.rule, a.action, a.status, a.verified === null ? '-' : a.verified ? 'cleared' : 'not cleared', a.error?.message])
  }
  const first = await fetchPage()
  if (!o.follow) {
    if (out.json) return out.write(JSON.stringify(first, null, 2) + '\n')
    out.write(table(await rows(first.actions), header))
    return
  }
  const seen = new Map<string, string>()
  const emit = async (list: Action[], headerFirst: boolean) => {
    const fresh = list.filter((a) => seen.get(a.id) !== `${a.status}/${a.verified}`).reverse()
    for (const a of fresh) seen.set(a.id, `${a.status}/${a.verified}`)
    if (out.json) for (const a of fresh) out.write(JSON.stringify(a) + '\n')
    else if (fresh.length || headerFirst) {
      const lines = table(await rows(fresh), header)
      out.write(headerFirst ? lines : lines.split('\n').slice(1).join('\n'))
    }
  }
  await emit(first.actions, true)
  while (!o.signal?.aborted) {
    await new Promise<void>((resolve) => {
      const t = setTimeout(resolve, o.intervalMs ?? 2000)
      o.signal?.addEventListener('abort', () => (clearTimeout(t), resolve()), { once: true })
    })
    if (o.signal?.aborted) break
    await emit((await fetchPage()).actions, false)
  }
}
