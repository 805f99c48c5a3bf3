import createClient from 'openapi-fetch'
import type { components, paths } from './v1'

export type { components, paths }
export type Schemas = components['schemas']

/**
 * The v1 API, typed from the generated OpenAPI types: what the `scops` CLI and the web console
 * call. Paths are the document's (`/api/v1/hosts/{id}`), so `baseUrl` is the control plane's origin.
 */
export function createApiClient(baseUrl: string, token?: string, fetchImpl?: typeof fetch) {
  return createClient<paths>({
    baseUrl: baseUrl.replace(/\/+$/, ''),
    headers: token ? { authorization: `Bearer ${token}` } : {},
    ...(fetchImpl ? { fetch: fetchImpl } : {}),
  })
}
export type ApiClient = ReturnType<typeof createApiClient>

/** The error envelope every 4xx carries. */
export interface ApiErrorBody {
  status: 'error'
  error: { code: string; message: string }
}
