import { redacted } from '../http/secrets'
import { tokenPrefixes } from './tokens'

/**
 * Credentials belong in the Authorization header. A token in a query string ends up in proxy
 * logs, browser history and Referer headers, so it is refused (400) and redacted wherever the URL
 * is written (request logs, audit log).
 */
const credentialParam = /^(token|access_token|api_key|apikey|api-token|auth|authorization|bearer|credential|enrollment_token)$/i
const prefixes = Object.values(tokenPrefixes)

function looksLikeCredential(name: string, value: string): boolean {
  return credentialParam.test(name) || prefixes.some((p) => value.includes(p))
}

function queryOf(url: string): string | undefined {
  const i = url.indexOf('?')
  return i < 0 ? undefined : url.slice(i + 1)
}

/** The name of the first query parameter that carries a credential, or undefined. */
export function credentialInQuery(url: string): string | undefined {
  const q = queryOf(url)
  if (!q) return undefined
  for (const [name, value] of new URLSearchParams(q)) if (looksLikeCredential(name, value)) return name
  return undefined
}

/** The URL with every credential-looking query value replaced by the placeholder. */
export function redactQueryCredentials(url: string): string {
  const q = queryOf(url)
  if (!q || !credentialInQuery(url)) return url
  const path = url.slice(0, url.indexOf('?'))
  const parts = [...new URLSearchParams(q)].map(([k, v]) => `${encodeURIComponent(k)}=${looksLikeCredential(k, v) ? redacted : encodeURIComponent(v)}`)
  return `${path}?${parts.join('&')}`
}
