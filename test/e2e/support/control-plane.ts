import { randomBytes } from 'node:crypto'
import { loadConfig } from '@smartcloudops/control-plane/config'
import { startServer, type RunningServer } from '@smartcloudops/control-plane/server'

/**
 * The real control plane for end-to-end suites: startServer() on PGlite (a data directory) or
 * PostgreSQL (a test database), listening on 127.0.0.1 at a fixed port so it can be stopped and
 * started again at the same address (the offline test).
 */
export interface ControlPlane {
  url: string
  adminToken: string
  api: Api
  stop(): Promise<void>
  start(): Promise<void>
}

export interface ControlPlaneOptions {
  port: number
  dataDir: string
  databaseUrl?: string
  /** Default 'warn'; a fault-injection suite that makes the server fail on purpose may quiet it. */
  logLevel?: 'fatal' | 'error' | 'warn' | 'info' | 'debug'
  /** How often the rollout loop looks at active rollouts (default: the product's 10 s). */
  rolloutTickS?: number
}

export async function startControlPlane(opts: ControlPlaneOptions): Promise<ControlPlane> {
  const adminToken = `scops_admin_${randomBytes(18).toString('hex')}`
  let server: RunningServer | null = null
  const config = loadConfig(
    {},
    {
      host: '127.0.0.1',
      port: opts.port,
      dataDir: opts.dataDir,
      adminToken,
      logLevel: opts.logLevel ?? 'warn',
      heartbeatIntervalS: 10,
      ...(opts.databaseUrl ? { databaseUrl: opts.databaseUrl } : {}),
      ...(opts.rolloutTickS ? { rolloutTickS: opts.rolloutTickS } : {}),
    },
  )
  const url = `http://127.0.0.1:${opts.port}`
  const cp: ControlPlane = {
    url,
    adminToken,
    api: new Api(url, adminToken),
    async start() {
      server = await startServer(config)
    },
    async stop() {
      const s = server
      server = null
      if (!s) return
      await s.close()
    },
  }
  await cp.start()
  return cp
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    what: string,
  ) {
    super(`${what}: HTTP ${status} ${JSON.stringify(body).slice(0, 500)}`)
  }
}

/** The v1 API with the admin token; returns `data` of the success envelope. */
export class Api {
  constructor(
    readonly base: string,
    private readonly token: string,
  ) {}

  async call<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.base}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${this.token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    })
    const json = (await res.json().catch(() => null)) as { data?: T } | null
    if (!res.ok) throw new ApiError(res.status, json, `${method} ${path}`)
    return json?.data as T
  }

  get = <T = unknown>(path: string) => this.call<T>('GET', path)
  post = <T = unknown>(path: string, body?: unknown) => this.call<T>('POST', path, body)
  put = <T = unknown>(path: string, body?: unknown) => this.call<T>('PUT', path, body)
  delete = <T = unknown>(path: string) => this.call<T>('DELETE', path)

  /** `labels`: the hosts' labels (the token's are authoritative; what an agent proposes is only reported). */
  async enrollmentToken(name: string, labels?: Record<string, string>): Promise<string> {
    const r = await this.post<{ token: string }>('/enrollment-tokens', { name, max_uses: 100, expires_in: '1h', ...(labels ? { labels } : {}) })
    return r.token
  }

  async hostByName(hostname: string): Promise<{ id: string; [k: string]: unknown } | undefined> {
    const r = await this.get<{ hosts: Array<{ id: string; hostname: string }> }>('/hosts?limit=1000')
    return r.hosts.find((h) => h.hostname === hostname)
  }

  decisions(hostId: string): Promise<{ decisions: Array<Record<string, unknown>> }> {
    return this.get(`/hosts/${hostId}/decisions?limit=1000`)
  }

  actions(hostId: string): Promise<Record<string, unknown>> {
    return this.get(`/hosts/${hostId}/actions?limit=1000`)
  }
}
