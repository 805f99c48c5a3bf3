import { createApiClient, type ApiClient, type ApiErrorBody } from '../../api-client/client'
import type { CliConfig } from './config'
import { CliError, exitCodes } from './exit-codes'

export interface Api {
  client: ApiClient
  url: string
}

export function connect(cfg: CliConfig): Api {
  return { client: createApiClient(cfg.url, cfg.token), url: cfg.url }
}

/**
 * The `data` of a success envelope, or a CliError whose message is the control plane's own (it
 * names the field and the fix) and whose exit code says what kind of failure it was.
 */
export async function call<T>(api: Api, what: string, p: Promise<{ data?: { data: T }; error?: unknown; response: Response }>): Promise<T> {
  let res: Awaited<typeof p>
  try {
    res = await p
  } catch (err) {
    const cause = (err as { cause?: { code?: string; message?: string } }).cause
    throw new CliError(
      exitCodes.unreachable,
      `cannot reach the control plane at ${api.url} (${cause?.code ?? cause?.message ?? (err as Error).message}); check --url / SCOPS_URL and that it is running`,
    )
  }
  if (res.data !== undefined && res.response.ok) return res.data.data
  const status = res.response.status
  const body = res.error as Partial<ApiErrorBody> | undefined
  const message = body?.error?.message ?? `HTTP ${status}`
  if (status === 401) throw new CliError(exitCodes.auth, `${what}: ${message} (set --token or SCOPS_TOKEN)`)
  if (status === 403) throw new CliError(exitCodes.auth, `${what}: ${message}`)
  if (status === 404) throw new CliError(exitCodes.notFound, `${what}: ${message}`)
  throw new CliError(exitCodes.failed, `${what}: ${message}${body?.error?.code ? ` [${body.error.code}]` : ''}`)
}

/** A host id from an id or a hostname (the API resolves both). */
export async function hostId(api: Api, idOrHostname: string): Promise<string> {
  const h = await call(api, `host ${idOrHostname}`, api.client.GET('/api/v1/hosts/{id}', { params: { path: { id: idOrHostname } } }))
  return h.id
}
