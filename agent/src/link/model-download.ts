import { ModelDownloadError } from './model-sync'

/**
 * Downloads model (or release) bytes with the agent's credential, at most maxBytes, from a path on the control plane (the
 * desired state's model url). HTTP errors throw ModelDownloadError (the caller decides whether
 * to retry); network failures and the timeout throw as they are.
 */
export async function downloadModel(
  controlPlaneUrl: string,
  credential: string,
  path: string,
  signal?: AbortSignal,
  timeoutMs = 60_000,
  maxBytes = 64 * 1024 * 1024,
): Promise<Uint8Array> {
  // Only ever the configured control plane: the credential must not be sent anywhere else.
  const base = controlPlaneUrl.replace(/\/+$/, '')
  const url = new URL(/^https?:\/\//.test(path) ? path : `${base}${path.startsWith('/') ? '' : '/'}${path}`)
  if (url.origin !== new URL(base).origin) throw new ModelDownloadError(400, `model url ${url.origin} is not the control plane`)
  const timeout = AbortSignal.timeout(timeoutMs)
  const res = await fetch(url, {
    headers: { authorization: `Bearer ${credential}` },
    signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
  })
  if (!res.ok) {
    await res.body?.cancel().catch(() => undefined)
    throw new ModelDownloadError(res.status, `model download failed: HTTP ${res.status}`)
  }
  const declared = Number(res.headers.get('content-length') ?? NaN)
  if (declared > maxBytes) {
    await res.body?.cancel().catch(() => undefined)
    throw new ModelDownloadError(413, `download of ${path} is ${declared} bytes, more than the ${maxBytes} expected`)
  }
  const bytes = new Uint8Array(await res.arrayBuffer())
  if (bytes.byteLength > maxBytes) throw new ModelDownloadError(413, `download of ${path} is ${bytes.byteLength} bytes, more than the ${maxBytes} expected`)
  return bytes
}
