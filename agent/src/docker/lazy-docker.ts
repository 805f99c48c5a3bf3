import { stat } from 'node:fs/promises'
import type Docker from 'dockerode'

/**
 * A Docker client that loads dockerode (~8.5 MiB of RSS once evaluated, root README "Agent
 * overhead") on its first call, and — with a socket path — only once that socket exists. A host
 * without a Docker engine never loads it; a host whose engine starts after the agent gets it then.
 *
 * Behaviour is the eager client's: while the socket is absent each call rejects with the error a
 * connect to a missing unix socket gives (`code: 'ENOENT'`, so dockerErrorCode says
 * docker_unreachable, retryable), and the container watch keeps retrying with its backoff.
 *
 * Handles (`getContainer(id)` …) are synchronous in dockerode: here they return a stand-in whose
 * methods load the client and then call the real handle's method.
 */

/** dockerode's synchronous handle factories; every other method returns a promise. */
const HANDLES = new Set(['getContainer', 'getImage', 'getVolume', 'getNetwork', 'getService', 'getTask', 'getNode', 'getPlugin', 'getSecret', 'getConfig', 'getExec'])

export interface LazyDocker {
  /** The facade, typed as dockerode's client for the code that takes one. */
  docker: Docker
  /** Whether dockerode has been loaded (tests and the RSS bench read it). */
  readonly loaded: boolean
}

export function lazyDocker(opts: { socketPath?: string } = {}): LazyDocker {
  let real: Docker | null = null
  let loading: Promise<Docker> | null = null

  const load = (): Promise<Docker> => {
    if (real) return Promise.resolve(real)
    return (loading ??= (async () => {
      if (opts.socketPath) await assertSocket(opts.socketPath)
      const { default: Dockerode } = await import('dockerode')
      real = new Dockerode(opts.socketPath ? { socketPath: opts.socketPath } : undefined)
      return real
    })().finally(() => (loading = null)))
  }

  const handle = (factory: string, args: unknown[]) =>
    new Proxy(
      {},
      {
        get(_, member) {
          if (member === 'id' || member === 'name') return args[0]
          if (typeof member !== 'string' || member === 'then') return undefined
          return async (...a: unknown[]) => {
            const h = ((await load()) as unknown as Record<string, (...x: unknown[]) => Record<string, (...y: unknown[]) => unknown>>)[factory]!(...args)
            return h[member]!.call(h, ...a)
          }
        },
      },
    )

  const facade = new Proxy(
    {},
    {
      get(_, member) {
        if (typeof member !== 'string' || member === 'then') return undefined
        // Only reached after a call succeeded (clear-cache's exec demuxes its own stream).
        if (member === 'modem') {
          if (!real) throw new Error('docker client not loaded yet: modem is available after the first engine call')
          return real.modem
        }
        if (HANDLES.has(member)) return (...args: unknown[]) => handle(member, args)
        return async (...a: unknown[]) => {
          const d = (await load()) as unknown as Record<string, (...x: unknown[]) => unknown>
          return d[member]!.call(d, ...a)
        }
      },
    },
  ) as Docker

  return {
    docker: facade,
    get loaded() {
      return real !== null
    },
  }
}

/** Rejects like `connect()` to a unix socket that is not there, so callers see the usual error. */
async function assertSocket(path: string): Promise<void> {
  try {
    await stat(path)
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'ENOENT'
    throw Object.assign(new Error(`connect ${code} ${path}`), { code, errno: (err as NodeJS.ErrnoException).errno, syscall: 'connect', address: path })
  }
}
