import { ApiError } from './errors'

/**
 * Write-only secrets in configuration resources (notifiers today; any kind that carries a key,
 * password or signed URL tomorrow). GET shows `redacted` in place of each secret, for every role;
 * a PUT that sends the placeholder back keeps the stored secret, so a GET → PUT round trip stores
 * exactly what was there. What is a secret is said once per resource, in a `SecretSpec`.
 */
export const redacted = '[redacted]'

/** `value`: the whole string; `url`: the password, secret-looking query values and token-like path segments; `map`: every value. */
export type SecretKind = 'value' | 'url' | 'map'
export type SecretSpec = Record<string, SecretKind>

/** Secrets a notifier may carry (fields a kind does not have are ignored). */
export const notifierSecrets: SecretSpec = {
  url: 'url',
  headers: 'map',
  secret: 'value',
  password: 'value',
  token: 'value',
  routing_key: 'value',
  integration_key: 'value',
}

const secretQueryKey = /(token|key|secret|password|passwd|pass|sig|signature|auth|code|credential)/i
/** A path segment that looks like a random credential (Slack's /services/T…/B…/XXXX, Discord's webhook token). */
const tokenLikeSegment = /^[A-Za-z0-9_-]{20,}$/

/** The URL with its secrets replaced by the placeholder (unchanged when it has none); a string that is not a URL is redacted whole. */
export function redactUrl(text: string): string {
  let u: URL
  try {
    u = new URL(text)
  } catch {
    return redacted
  }
  let hidden = false
  const hide = () => ((hidden = true), redacted)
  let out = `${u.protocol}//`
  if (u.username || u.password) out += `${u.username ? decodeURIComponent(u.username) : ''}${u.password ? `:${hide()}` : ''}@`
  out += u.host
  out += u.pathname
    .split('/')
    .map((seg) => (tokenLikeSegment.test(seg) ? hide() : seg))
    .join('/')
  const params = [...u.searchParams].map(([k, v]) => `${encodeURIComponent(k)}=${secretQueryKey.test(k) ? hide() : encodeURIComponent(v)}`)
  if (params.length) out += `?${params.join('&')}`
  if (u.hash) out += `#${hide()}`
  // Nothing secret: the text as given, so a GET → PUT round trip stores it byte for byte.
  return hidden ? out : text
}

function redactOne(kind: SecretKind, v: unknown): unknown {
  if (kind === 'value') return typeof v === 'string' ? redacted : v
  if (kind === 'url') return typeof v === 'string' ? redactUrl(v) : v
  if (v && typeof v === 'object') return Object.fromEntries(Object.keys(v).map((k) => [k, redacted]))
  return v
}

export function redactSecrets<T extends object>(item: T, spec: SecretSpec): T {
  const out = { ...item } as Record<string, unknown>
  for (const [field, kind] of Object.entries(spec)) if (out[field] !== undefined) out[field] = redactOne(kind, out[field])
  return out as T
}

const placeholderSent = (where: string) =>
  new ApiError(400, 'secret_placeholder', `${where} carries ${JSON.stringify(redacted)} but no stored secret matches it there; send the full value`)

function restoreOne(kind: SecretKind, sent: unknown, stored: unknown, where: string): unknown {
  if (kind === 'map') {
    if (!sent || typeof sent !== 'object') return sent
    const prev = (stored && typeof stored === 'object' ? stored : {}) as Record<string, unknown>
    return Object.fromEntries(
      Object.entries(sent).map(([k, v]) => {
        if (v !== redacted) return [k, v]
        if (typeof prev[k] !== 'string') throw placeholderSent(`${where}.${k}`)
        return [k, prev[k]]
      }),
    )
  }
  if (typeof sent !== 'string' || !sent.includes(redacted)) return sent
  // The placeholder comes back unchanged only from a GET of the stored value: keep that value.
  if (typeof stored === 'string' && redactOne(kind, stored) === sent) return stored
  throw placeholderSent(where)
}

/**
 * `sent` as it should be stored: every placeholder replaced by the secret stored at the same place
 * (`stored`: the same item as stored, or undefined for a new one). 400 `secret_placeholder` when a
 * placeholder has nothing to stand for.
 */
export function restoreSecrets<T extends object>(sent: T, stored: T | undefined, spec: SecretSpec, where: string): T {
  const out = { ...sent } as Record<string, unknown>
  const prev = (stored ?? {}) as Record<string, unknown>
  for (const [field, kind] of Object.entries(spec)) {
    if (out[field] !== undefined) out[field] = restoreOne(kind, out[field], prev[field], `${where}.${field}`)
  }
  return out as T
}
