import { createApiClient, type ApiClient, type Schemas } from '../../src/api-client/client'

export type Principal = Schemas['Principal']

const KEY = 'scops.token'

/** The API token lives in sessionStorage: gone when the tab closes, never in a cookie or a URL. */
export function savedToken(): string | null {
  return sessionStorage.getItem(KEY)
}

export function saveToken(token: string | null): void {
  if (token) sessionStorage.setItem(KEY, token)
  else sessionStorage.removeItem(KEY)
}

export function client(token: string): ApiClient {
  return createApiClient(location.origin, token)
}

/** `data` of a success envelope, or an Error carrying the API's own message. */
export async function unwrap<T>(p: Promise<{ data?: { data: T }; error?: unknown; response: Response }>): Promise<T> {
  const r = await p
  if (r.data !== undefined && r.response.ok) return r.data.data
  const e = r.error as { error?: { message?: string } } | undefined
  throw Object.assign(new Error(e?.error?.message ?? `HTTP ${r.response.status}`), { status: r.response.status })
}

export const canOperate = (p: Principal) => p.role === 'operator' || p.role === 'admin'
